"""The sharded search index: what a build writes, what an edit rewrites, and the
synthetic growth the search benchmark measures (no browser; the browser side
is tests/test_browser_search.py and tests/test_browser_search_scale.py)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from bench.search_scale import grow
from helpcenter.sphinxext.search_files import CHUNK, FOLDER, MANIFEST, Index, index_files, read_index, write_files


def small_index() -> Index:
    """Two pages of three questions each, every term in one shard of its own first letters."""
    index = Index("en", ["the", "my"])
    words = ["refund", "renew", "cancel", "password", "router", "account"]
    for page in range(2):
        for question, word in enumerate(words[page * 3 : page * 3 + 3]):
            number = len(index.docs)
            index.docs.append([f"page{page}.html#q{question}", f"How do I {word}?", f"Page {page}", f"Answer about {word}."])
            index.terms[word].append((number, 33))
            index.terms["nordvpn"].append((number, 10))
    return index


def test_the_index_reads_back_from_its_shards(tmp_path: Path) -> None:
    index = small_index()
    write_files(tmp_path, index)
    again = read_index(tmp_path)
    assert again.docs == index.docs and again.stopwords == index.stopwords
    assert {t: sorted(p) for t, p in again.terms.items()} == {t: sorted(p) for t, p in index.terms.items()}
    shards = sorted(p.name for p in (tmp_path / FOLDER / "t").iterdir())
    # A shard per term prefix: "refund" and "renew" share "ren"? no: "ref" and "ren".
    assert shards == ["acc.json", "can.json", "nor.json", "pas.json", "ref.json", "ren.json", "rou.json"]
    assert len(list((tmp_path / FOLDER / "d").iterdir())) == -(-len(index.docs) // CHUNK)


def test_a_one_page_edit_rewrites_only_the_shards_of_its_changed_terms(tmp_path: Path) -> None:
    write_files(tmp_path, small_index())
    edited = small_index()
    edited.docs[4][3] = "Answer about the router, reworded."
    edited.terms["router"] = [(4, 41)]
    assert write_files(tmp_path, small_index()) == []
    assert write_files(tmp_path, edited) == [f"{FOLDER}/d/{4 // CHUNK}.json", f"{FOLDER}/t/rou.json"]


def test_a_term_that_leaves_the_site_takes_its_shard_with_it(tmp_path: Path) -> None:
    write_files(tmp_path, small_index())
    smaller = small_index()
    del smaller.terms["password"]
    written = write_files(tmp_path, smaller)
    assert MANIFEST in written
    assert not (tmp_path / FOLDER / "t" / "pas.json").exists()
    assert "pas" not in read_index(tmp_path).terms


def test_the_files_are_the_same_for_the_same_index() -> None:
    assert index_files(small_index()) == index_files(small_index())
    shuffled = small_index()
    shuffled.terms = defaultdict(list, {t: list(reversed(p)) for t, p in reversed(list(shuffled.terms.items()))})
    assert index_files(shuffled) == index_files(small_index())


def test_synthetic_growth_is_deterministic_and_keeps_the_real_entries_last() -> None:
    index = small_index()
    grown = grow(index, 3)
    assert index_files(grown) == index_files(grow(index, 3))
    assert len(grown.docs) == 3 * len(index.docs)
    assert grown.docs[-len(index.docs) :] == index.docs
    # Copies share some of the real vocabulary (common words get more postings) but not all of it.
    assert len(grown.terms["nordvpn"]) > len(index.terms["nordvpn"])
    assert len(grown.terms) > len(index.terms)
    copies = {doc for postings in grown.terms.values() for doc, _ in postings if doc < 2 * len(index.docs)}
    assert copies == set(range(2 * len(index.docs)))
