"""How well a search ranks the expected answers: top-3 hit rate and mean
reciprocal rank, used by the query-suite test and by the benchmark."""

from __future__ import annotations


def rank(results: list[str], expected: list[str]) -> int | None:
    """1-based rank of the first expected result, or None. An expected page
    (no anchor) is matched by the page or any question on it."""
    for position, url in enumerate(results, start=1):
        if url in expected or url.split("#")[0] in expected:
            return position
    return None


def summary(ranks: list[int | None]) -> tuple[float, float]:
    """(share of queries answered in the top 3, mean reciprocal rank)."""
    top3 = sum(1 for r in ranks if r and r <= 3) / len(ranks)
    mrr = sum(1 / r for r in ranks if r) / len(ranks)
    return top3, mrr
