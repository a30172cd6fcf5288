"""Search at N times today's content, measured in Chromium.

``helpcenter bench --search-scale N`` (or ``measure()``) takes a built
site's search entries, adds N-1 synthetic copies of each, writes the sharded
index into a copy of the site, serves it on 127.0.0.1 and measures, per
language: the bytes and requests of a first search (each query of the suite
typed into a fresh page, gzip as the static host sends it), the median
keystroke-to-rendered-results time of later keystrokes, and the top-3 hit
rate of the query suite, which must still find the real pages among the
synthetic ones. It also reports what the previous single-file index would
download for the same entries.

The copies are deterministic and look like a larger help center, not like
duplicates: each copy keeps about a third of an entry's terms (so common
words such as "nordvpn" or "account" have N times as many postings) at the
weight of body text, replaces the others with made-up words drawn from a
vocabulary that grows with N, and adds EXTRA_WORDS made-up words of body text
per term (longer articles). Titles, breadcrumbs and snippets keep their
lengths, so the entry chunks weigh what real ones would.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import sys
import tempfile
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpcenter import budgets
from helpcenter.pipeline.compress import compressed, wants_compression
from helpcenter.sphinxext.search_files import FOLDER, MANIFEST, Index, read_index, write_files
from helpcenter.testing import KEYSTROKE_TO_RESULTS, chromium, find_chromium, load_search_engine, rank, search_queries, serve, summary, transferred

#: The search suite the tests use too.
QUERIES = Path(__file__).resolve().parent.parent / "tests" / "search_queries.toml"

#: Share (in tenths) of an entry's terms a synthetic copy keeps, as body text.
KEPT_TENTHS = 3
#: Copies draw their made-up words from this many vocabularies (one per copy up to it).
VOCABULARIES = 20
#: Body-text words a copy adds per term of its entry (longer articles than today's
#: answers): with 4, the previous single index at 10x weighs a little more than the
#: issue measured on its generated 10x site (469.5 KB gzip, 2.1 MB raw), so the
#: shards measured here are not undersized.
EXTRA_WORDS = 4
SYLLABLES = "ba be bi bo bu da de di do du fa fe fi fo ga ge go ka ke ki ko la le li lo lu ma me mi mo mu na ne ni no pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi vo za zo".split()
#: The weight (x 10, as in the postings) of one word of body text.
BODY = 10
#: First-search budget (engine, stemmer and index data, gzip) and keystroke budget.


def _hash(*parts: object) -> int:
    return zlib.crc32("/".join(map(str, parts)).encode())


def made_up(word: str, copy: int) -> str:
    """A pronounceable word standing for ``word`` in a copy; the same every run."""
    h = _hash(word, copy % VOCABULARIES)
    count = 2 + h % 3
    return "".join(SYLLABLES[(h >> (4 + 6 * i)) % len(SYLLABLES)] for i in range(count))


def _rewrite(text: str, copy: int) -> str:
    return " ".join(w if _hash("keep", w.lower(), copy) % 10 < KEPT_TENTHS else made_up(w.lower(), copy) for w in text.split())


def grow(index: Index, factor: int) -> Index:
    """The index with factor - 1 synthetic copies of every entry before the real ones
    (ties go to earlier entries: the real ones get no head start)."""
    grown = Index(index.language, index.stopwords)
    postings: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for term, entries in index.terms.items():
        for doc, weight in entries:
            postings[doc].append((term, weight))
    for copy in range(1, factor):
        for doc, (url, title, crumb, snippet) in enumerate(index.docs):
            number = len(grown.docs)
            grown.docs.append([f"x{copy}/{url}", _rewrite(title, copy), _rewrite(crumb, copy), _rewrite(snippet, copy)])
            terms: dict[str, int] = {}
            for term, weight in postings[doc]:
                if _hash("keep", term, copy, doc) % 10 < KEPT_TENTHS:
                    terms[term] = max(terms.get(term, 0), min(weight, BODY))
                else:
                    word = made_up(term, copy)
                    terms[word] = max(terms.get(word, 0), weight)
                for extra in range(EXTRA_WORDS):
                    word = made_up(f"{term}~{extra}", copy)
                    terms[word] = max(terms.get(word, 0), min(weight, BODY))
            for term, weight in sorted(terms.items()):
                grown.terms[term].append((number, weight))
    offset = len(grown.docs)
    grown.docs += index.docs
    for term, entries in sorted(index.terms.items()):
        grown.terms[term] += [(doc + offset, weight) for doc, weight in entries]
    return grown


def single_file(index: Index) -> str:
    """The index as the previous engine downloaded it, whole (for comparison)."""
    pages: dict[str, int] = {}
    rows, docs = [], []
    for url, title, crumb, snippet in index.docs:
        page, _, anchor = url.partition("#")
        if page not in pages:
            pages[page] = len(rows)
            rows.append([page, crumb])
        docs.append([pages[page], anchor, title, snippet])
    terms = {}
    for term in sorted(index.terms):
        flat, last = [], 0
        for doc, weight in sorted(index.terms[term]):
            flat += [doc - last, weight]
            last = doc
        terms[term] = flat
    data = {"language": index.language, "stopwords": index.stopwords, "pages": rows, "docs": docs, "terms": terms}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def scaled_site(site: Path, target: Path, factor: int, codes: list[str]) -> dict[str, int]:
    """A copy of the built site whose search index is grown factor times, with its
    .gz copies; the previous single index's gzip size per language."""
    shutil.copytree(site, target, symlinks=False)
    single = {}
    for code in codes:
        static = target / code / "_static"
        grown = grow(read_index(static), factor)
        shutil.rmtree(static / FOLDER)
        for old in static.glob(MANIFEST + ".*"):
            old.unlink()
        write_files(static, grown)
        for path in [static / MANIFEST, *sorted((static / FOLDER).rglob("*.json"))]:
            if wants_compression(path):
                path.with_name(path.name + ".gz").write_bytes(compressed(path.read_bytes())[".gz"])
        engine = sum(gzipped(p.read_bytes()) for p in static.glob("*.js") if "search" in p.name and "loader" not in p.name)
        single[code] = gzipped(single_file(grown).encode()) + engine
    return single


#: A typed first search is done once its results are in the list.
FIRST_SEARCH_DONE = """() => document.querySelectorAll('#sidebar-search-results a').length > 0"""
#: First searches are measured on every STRIDE-th query of the suite (a fresh page each);
#: keystrokes and quality on every query.
STRIDE = 4


@dataclass
class Searched:
    """One engine's search in one language: first searches (bytes and requests, one per
    sampled query), medians in ms, and the rank of each query's expected page."""

    first: list[int]
    requests: list[int]
    keystroke: float | None
    engine: float
    ranks: list[int | None]

    @property
    def top3(self) -> float:
        return summary(self.ranks)[0]

    @property
    def mrr(self) -> float:
        return summary(self.ranks)[1]


@dataclass
class Figures:
    """One row of the search-scale table."""

    factor: int
    lang: str
    entries: int
    first_median: float
    first_max: float
    requests_median: float
    keystroke_ms: float
    top3: float
    single_index: int

    @classmethod
    def of(cls, factor: int, lang: str, entries: int, found: Searched, single_index: int) -> Figures:
        return cls(factor, lang, entries, statistics.median(found.first), max(found.first),
                   statistics.median(found.requests), found.keystroke or 0.0, found.top3, single_index)  # fmt: skip


def first_searches(browser: Any, url: str, queries: list[dict[str, Any]], stride: int, search: Any) -> tuple[list[int], list[int]]:
    """Bytes (as transferred) and requests of a first search of every stride-th query:
    a fresh page at url each, then search(page, query) until its results are shown."""
    sizes, requests = [], []
    for case in queries[::stride]:
        context = browser.new_context()
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        responses: list[int] = []
        page.on("response", lambda r: responses.append(transferred(r)))
        search(page, case["query"])
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(50)
        sizes.append(sum(responses))
        requests.append(len(responses))
        context.close()
    return sizes, requests


def type_query(page: Any, query: str) -> None:
    """What a reader does: focus the sidebar's field and type, a key every 20 ms."""
    page.locator("#sidebar-search-input").focus()
    page.keyboard.type(query, delay=20)
    for _ in range(400):
        if page.evaluate(FIRST_SEARCH_DONE):
            break
        page.wait_for_timeout(10)


#: The engine's own time for a query, and the ten best results' addresses.
ENGINE_QUERY = """async q => {
  const t0 = performance.now();
  const found = await window.helpcenterSearch.search(q, 10);
  return [performance.now() - t0, found.results.map(r => r.url)];
}"""


def measure_language(browser: Any, base: str, lang: str, queries: list[dict[str, Any]], stride: int = STRIDE) -> Searched:
    """This site's search in lang: typed first searches, then every query of the suite
    as a later keystroke (rendered results) and in the engine (ranks)."""
    sizes, requests = first_searches(browser, f"{base}{lang}/index.html", queries, stride, type_query)
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{base}{lang}/index.html", wait_until="networkidle")
    load_search_engine(page)
    times, engine, ranks = [], [], []
    for case in queries:
        query = case["query"]
        times.append(page.evaluate(KEYSTROKE_TO_RESULTS, [query[:-1], query[-1]]))
        ms, urls = page.evaluate(ENGINE_QUERY, query)
        engine.append(ms)
        ranks.append(rank(urls, case["expect"]))
    context.close()
    return Searched(sizes, requests, statistics.median(times), statistics.median(engine), ranks)


def _each_factor(
    factors: list[int], codes: list[str], sample: int | None, label: str,
    make_site: Callable[[Path, int], dict[str, int]], measure_one: Callable[..., Searched], entries: Callable[[Path, str], int],
) -> list[Figures]:  # fmt: skip
    """For each factor: make_site(folder, factor) (it returns the previous single index's
    size per language, if it computes it), serve it, measure_one each language on it."""
    suite = search_queries(QUERIES)
    figures = []
    with tempfile.TemporaryDirectory() as tmp, chromium(find_chromium() or "/usr/bin/chromium") as browser:
        for factor in factors:
            target = Path(tmp) / f"x{factor}"
            print(f"{label} {factor}x…", file=sys.stderr)
            single = make_site(target, factor)
            with serve(target, codes) as base:
                for code in codes:
                    found = measure_one(browser, base, code, suite[code][:sample] if sample else suite[code])
                    figures.append(Figures.of(factor, code, entries(target, code), found, single.get(code, 0)))
            shutil.rmtree(target)
    return figures


def measure(site: Path, factors: list[int], codes: list[str], sample: int | None = None) -> list[Figures]:
    """Figures for each factor and language on a built site (``_build/html``)."""

    def entries(target: Path, code: str) -> int:
        return int(json.loads((target / code / "_static" / MANIFEST).read_text(encoding="utf-8"))["count"])

    return _each_factor(factors, codes, sample, "growing the index", lambda target, factor: scaled_site(site, target, factor, codes),
                        measure_language, entries)  # fmt: skip


# -- Pagefind, on the same entries ----------------------------------------------------------
#
# Pagefind indexes HTML, so each page becomes a synthetic HTML page holding the
# same entries: one section per question (its heading's id gives Pagefind's
# per-question sub-results) and each index term with Pagefind's
# data-pagefind-weight for the term's weight (titles and keywords count more),
# as close to the project's ranking needs as Pagefind allows. The terms are the
# index's stems (Pagefind stems them again) and the made-up words of the copies.

PAGEFIND_PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main data-pagefind-body>{sections}</main></body></html>"""

PAGEFIND_SEARCH = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>search</title></head><body></body></html>"""

PAGEFIND_QUERY = """async ([query, limit]) => {
  if (!window.pf) {
    window.pf = await import('/pagefind/pagefind.js');
    await window.pf.init();
  }
  const t0 = performance.now();
  const search = await window.pf.search(query);
  const pages = await Promise.all(search.results.slice(0, limit).map(r => r.data()));
  const ms = performance.now() - t0;
  // Per-question results: each page's questions, best first, pages in Pagefind's order.
  const urls = [];
  for (const page of pages) {
    const subs = (page.sub_results || []).slice().sort((a, b) =>
      (b.weighted_locations || []).reduce((s, l) => s + l.balanced_score, 0) -
      (a.weighted_locations || []).reduce((s, l) => s + l.balanced_score, 0));
    for (const sub of subs.length ? subs : [page]) urls.push(sub.url);
  }
  return [ms, urls];
}"""


def _weight(q: int) -> int:
    """Pagefind's 0-10 weight for a posting's weight x 10 (10 x (1 + ln w))."""
    import math

    return max(1, min(10, round(math.exp(q / 10 - 1))))


def pagefind_pages(index: Index, folder: Path) -> None:
    """One HTML page per page of the index, a section per entry, under folder."""
    by_doc: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for term, entries in index.terms.items():
        for doc, q in entries:
            by_doc[doc].append((term, q))
    pages: dict[str, list[str]] = defaultdict(list)
    titles: dict[str, str] = {}
    from html import escape

    for doc, (url, title, _crumb, _snippet) in enumerate(index.docs):
        page, _, anchor = url.partition("#")
        words = " ".join(
            escape(term) if _weight(q) == 1 else f'<span data-pagefind-weight="{_weight(q)}">{escape(term)}</span>'
            for term, q in sorted(by_doc[doc])
        )
        heading = f'<h2 id="{escape(anchor)}">{escape(title)}</h2>' if anchor else f"<h1>{escape(title)}</h1>"
        pages[page].append(f"<section>{heading}<p>{words}</p></section>")
        titles.setdefault(page, title)
    for page, sections in pages.items():
        path = folder / page
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(PAGEFIND_PAGE.format(lang=index.language, title=escape(titles[page]), sections="".join(sections)), encoding="utf-8")
    (folder / "404.html").write_text(PAGEFIND_SEARCH.format(lang=index.language), encoding="utf-8")
    (folder / "pagefind-search.html").write_text(PAGEFIND_SEARCH.format(lang=index.language), encoding="utf-8")


def pagefind_site(site: Path, target: Path, factor: int, codes: list[str], executable: Path) -> None:
    import subprocess

    for code in codes:
        pagefind_pages(grow(read_index(site / code / "_static"), factor), target / code)
    subprocess.run([str(executable), "--site", str(target), "--keep-index-url", "--quiet"], check=True)
    for path in sorted((target / "pagefind").rglob("*")):
        # Pagefind compresses its index chunks itself; its scripts and WebAssembly
        # get .gz copies like the site's own files.
        if path.is_file() and path.suffix in {".js", ".css", ".json"} and path.stat().st_size >= 1024:
            path.with_name(path.name + ".gz").write_bytes(compressed(path.read_bytes())[".gz"])


def measure_pagefind_language(browser: Any, base: str, lang: str, queries: list[dict[str, Any]]) -> Searched:
    url = f"{base}{lang}/pagefind-search.html"
    sizes, requests = first_searches(browser, url, queries, STRIDE, lambda page, query: page.evaluate(PAGEFIND_QUERY, [query, 8]))
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    times, ranks = [], []
    for case in queries:
        page.evaluate(PAGEFIND_QUERY, [case["query"][:-1], 8])
        ms, urls = page.evaluate(PAGEFIND_QUERY, [case["query"], 10])
        times.append(ms)
        ranks.append(rank([u.split(f"/{lang}/", 1)[-1] for u in urls], case["expect"]))
    context.close()
    # No results list to render: its "keystroke" is the engine's time for the last key.
    return Searched(sizes, requests, statistics.median(times), statistics.median(times), ranks)


def measure_pagefind(site: Path, factors: list[int], codes: list[str], executable: Path, sample: int | None = None) -> list[Figures]:
    def make_site(target: Path, factor: int) -> dict[str, int]:
        pagefind_site(site, target, factor, codes, executable)
        return {}

    def pages(target: Path, code: str) -> int:
        return sum(1 for _ in (target / code).rglob("*.html")) - 2  # not the search page and 404

    return _each_factor(factors, codes, sample, "Pagefind on the index grown", make_site, measure_pagefind_language, pages)


def table(figures: list[Figures]) -> str:
    lines = [
        "scale  lang  entries  first search KB gz (median / max)  requests  keystroke ms  top-3   previous single index KB gz",
    ]
    for f in figures:
        lines.append(
            f"{f.factor:>4}x  {f.lang:<4}  {f.entries:>7}  {f.first_median / 1000:>13.1f} / {f.first_max / 1000:<6.1f}"
            f"            {f.requests_median:>5.0f}  {f.keystroke_ms:>12.1f}  {100 * f.top3:5.1f}%  {f'{f.single_index / 1000:.1f}' if f.single_index else '–':>10}"
        )
    return "\n".join(lines)


def within_budget(figures: list[Figures]) -> bool:
    return all(f.first_max <= budgets.FIRST_SEARCH_BYTES and f.keystroke_ms <= budgets.KEYSTROKE_MS and f.top3 >= budgets.SEARCH_TOP3 for f in figures)


def main(argv: list[str] | None = None) -> int:
    from helpcenter import languages
    from helpcenter.project import current

    parser = argparse.ArgumentParser(prog="python -m bench search-scale")
    parser.add_argument("factors", type=int, nargs="+")
    parser.add_argument("--sample", type=int, help="the first queries of each language only")
    parser.add_argument("--pagefind", type=Path, help="a Pagefind executable (PyPI pagefind-bin): measure it on the same entries too")
    args = parser.parse_args(argv)
    site = current().build / "html"
    if not (site / "en" / "_static" / MANIFEST).is_file():
        print(f"error: build the site first (make html): no {site}/en/_static/{MANIFEST}", file=sys.stderr)
        return 2
    codes = [lang.code for lang in languages.load()]
    figures = measure(site.resolve(), sorted(set([1, *args.factors])), codes, args.sample)
    print(table(figures))
    if args.pagefind:
        print("Pagefind (same entries, one HTML page per page; 'entries' counts pages):")
        print(table(measure_pagefind(site.resolve(), sorted(set([1, *args.factors])), codes, args.pagefind, args.sample)))
    print(f"budgets: first search <= {budgets.FIRST_SEARCH_BYTES / 1000:.0f} KB gz, keystroke <= {budgets.KEYSTROKE_MS} ms, "
          f"top-3 >= {100 * budgets.SEARCH_TOP3:.0f} %: "
          f"{'met' if within_budget(figures) else 'NOT met'}")  # fmt: skip
    return 0 if within_budget(figures) else 1


if __name__ == "__main__":
    sys.exit(main())
