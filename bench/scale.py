"""``make bench scale=N``: the budgets on a site N times today's size.

For each factor (``scale=50`` measures 1× and 50×; ``scale=1,10,50`` each),
a scratch copy of the sources is grown with a synthetic knowledge base
(``growth.grow``), built as this site and as stock Furo + Sphinx search
(``stock.py``), and Pagefind is run on this site's built HTML. One table
gives, per factor, this site beside stock and Pagefind:

- builds: full (both languages side by side), one-page rebuild (median of
  3), no-op rebuild and the files it wrote; each full build's peak memory
  (the largest process, from the kernel's accounting of the build's children);
- pages: every page's first view from the built files, as the page-weight
  test counts it (the heaviest, and whether all are within 120 KB and 10
  requests), the heaviest few loaded in Chromium (bytes transferred), and
  Lighthouse's mobile performance score on three pages;
- search: the bytes transferred for a first search, keystroke to rendered
  results (median), and the share of the query suite answered in the top 3.

The search figures are measured from outside each engine (requests seen by
the browser, time from the keystroke to the list changing), so they hold
whatever the engine's files are. It is run by hand, not by CI: 50× takes
about an hour on a 2-core machine, most of it stock's builds.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpcenter import budgets, languages, testing
from helpcenter.testing import KEYSTROKE_TO_RESULTS, rank
from helpcenter.project import current
from . import growth, run
from .search_scale import QUERIES, ENGINE_QUERY, STRIDE, Searched, first_searches, measure_language, type_query
from .builds import incremental_and_noop
from .stock import STOCK_ENV, stock_args

#: The pages Lighthouse scores at every scale: the home page, an FAQ page, the deepest category.
LIGHTHOUSE_PAGES = ["index", "faq/billing", "kb/index"]
#: Pages loaded in Chromium for their transferred weight: the heaviest by their files.
BROWSER_WEIGHED = 3


@dataclass
class Figures:
    """One factor's measures: name -> value, for this site, stock and Pagefind."""

    factor: int
    pages: int = 0
    ours: dict[str, float] = field(default_factory=dict)
    stock: dict[str, float] = field(default_factory=dict)
    pagefind: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


# -- Builds ------------------------------------------------------------------------


def timed_build(root: Path, work: Path, *args: str, env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """(seconds, peak memory in MB of the largest build process, output) of one build."""
    command, base_env = testing.build_command(work, *args, base_url="http://127.0.0.1:8000/")
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=root, env={**base_env, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    output = process.stdout.read()
    # wait4: this build's own resource use (its largest process, Sphinx included), not the run's.
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"build failed in {root}:\n{output[-4000:]}")
    return elapsed, usage.ru_maxrss / 1024, output


def measure_builds(root: Path, work: Path, into: dict[str, float], *args: str, env: dict[str, str] | None = None) -> None:
    seconds, memory, _ = timed_build(root, work, *args, env=env)
    into["full build, both languages (s)"] = seconds
    into["peak memory of the full build (MB)"] = memory
    incremental, noop, written = incremental_and_noop(root, work, *args, env=env)
    into["one-page rebuild (s)"] = incremental
    into["no-op rebuild (s)"] = noop
    into["files written by a no-op rebuild"] = written


# -- Pages -------------------------------------------------------------------------


def file_weights(html: Path) -> list[tuple[int, int, str]]:
    """(bytes, requests, lang/page) of every page's first view, read from the built files."""
    site = testing.Build(html)
    weights = []
    for lang in [lang.code for lang in languages.load()]:
        for page in [*site.pages(lang), *site.redirects(lang)]:
            files = testing.first_view(site, lang, page)
            weights.append((sum(f.stat().st_size for f in files), len(files), f"{lang}/{page}"))
    return sorted(weights, reverse=True)


def measure_pages(browser: Any, base: str, html: Path, into: dict[str, float], notes: list[str], label: str) -> None:
    weights = file_weights(html)
    heaviest = weights[0]
    into["heaviest page, files (KB)"] = heaviest[0] / 1000
    into["most requests of a page"] = max(w[1] for w in weights)
    into[f"pages over {budgets.PAGE_BYTES // 1000} KB or {budgets.PAGE_REQUESTS} requests"] = sum(
        1 for size, requests, _ in weights if size > budgets.PAGE_BYTES or requests > budgets.PAGE_REQUESTS
    )
    notes.append(f"{label}: {len(weights)} pages; heaviest {heaviest[2]} ({heaviest[0] / 1000:.1f} KB, {heaviest[1]} requests)")
    sent = []
    for _, _, name in weights[:BROWSER_WEIGHED]:
        # The first view only: the offline workers download in the background once the page has loaded.
        context = browser.new_context(service_workers="block")
        tab = context.new_page()
        responses: list[Any] = []
        tab.on("response", lambda response: responses.append(response))
        tab.goto(f"{base}{name}.html", wait_until="networkidle")
        sent.append(sum(testing.transferred(r) for r in responses if not r.url.startswith("data:")))
        context.close()
    into["heaviest page, transferred in Chromium (KB)"] = max(sent) / 1000


def known_page(base: str, page: str) -> bool:
    from urllib.error import HTTPError
    from urllib.request import urlopen

    try:
        with urlopen(f"{base}{languages.source().code}/{page}.html", timeout=30):
            return True
    except HTTPError:
        return False


def measure_lighthouse(base: str, into: dict[str, float], notes: list[str], label: str) -> None:
    scores = []
    for page in LIGHTHOUSE_PAGES:
        if page.startswith("kb/") and not known_page(base, page):
            continue  # 1×: no knowledge base
        score = run.lighthouse(f"{base}{languages.source().code}/{page}.html")
        if score is None:
            notes.append(f"{label}: Lighthouse could not run on {page} (node_modules missing?)")
            return
        scores.append(score)
    into["Lighthouse mobile performance, lowest of the pages scored"] = min(scores)


# -- Pagefind --------------------------------------------------------------------------

# A bare page per language that runs Pagefind's own API (no CSP: it needs WebAssembly)
# with the fields the keystroke measurement drives, rendering the first results' titles.
PAGEFIND_PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>Pagefind</title></head>
<body><input id="sidebar-search-input"><ul id="sidebar-search-results"></ul>
<script type="module" src="../pagefind-bench.js"></script></body></html>
"""
PAGEFIND_SCRIPT = r"""// Loaded at the first search, as this site loads its engine: a first search counts it.
let pagefind = null;
async function engine() {
  if (!pagefind) {
    pagefind = await import("/pagefind/pagefind.js");
    await pagefind.options({ excerptLength: 20 });
  }
  return pagefind;
}
const list = document.querySelector("#sidebar-search-results");
let latest = 0;
// The ten best results with their best section (Pagefind's sub-results carry the anchors).
async function search(query, count) {
  const found = await (await engine()).search(query);
  const data = await Promise.all(found.results.slice(0, count).map((r) => r.data()));
  // The section with the most matches; Pagefind drops index.html from addresses.
  return data.map((d) => {
    const best = [...d.sub_results].sort((a, b) => b.locations.length - a.locations.length)[0] || d;
    return { url: best.url.replace(/\/(#|$)/, "/index.html$1"), title: d.meta.title };
  });
}
document.querySelector("#sidebar-search-input").addEventListener("input", async (event) => {
  const mine = ++latest;
  const results = await search(event.target.value, 5);
  if (mine !== latest) return;
  // Always new nodes, "no results" included: the measurement waits for the list to change.
  if (!results.length) results.push({ url: "#", title: "No results" });
  list.replaceChildren(...results.map((r) => {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = r.url;
    link.textContent = r.title;
    item.append(link);
    return item;
  }));
});
// The same call as this site's engine, for the same measurements.
window.helpcenterSearch = { search: (query, count) => search(query, count).then((results) => ({ results })) };
"""


def pagefind_executable() -> str:
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:
        raise RuntimeError("the scale benchmark needs pagefind-bin (make lock; it is in the test extra)") from exc
    return str(get_executable())


SECTION_ID = re.compile(r'<section id="([^"]+)">((?:\s*<span id="[^"]*"></span>)*\s*)<h([1-6])>')


def index_pagefind(html: Path) -> float:
    """Pagefind's index of the built pages (each page's article), in html/pagefind; seconds taken."""
    with tempfile.TemporaryDirectory() as tmp:
        # Pagefind gives per-question results for headings with an id; Sphinx puts the id on
        # the heading's section. Adopting Pagefind would move it; the copy indexed here does.
        for lang in languages.load():
            for page in (html / lang.code).rglob("*.html"):
                copy = Path(tmp) / page.relative_to(html)
                copy.parent.mkdir(parents=True, exist_ok=True)
                copy.write_text(SECTION_ID.sub(r'<section>\2<h\3 id="\1">', page.read_text(encoding="utf-8")), encoding="utf-8")
        start = time.perf_counter()
        run_ = subprocess.run(
            [pagefind_executable(), "--site", tmp, "--output-path", str(html / "pagefind"), "--root-selector", "article", "--quiet"],
            capture_output=True, text=True,
        )  # fmt: skip
        elapsed = time.perf_counter() - start
    if run_.returncode:
        raise RuntimeError(f"pagefind failed:\n{run_.stdout}\n{run_.stderr}")
    # A host sends text files compressed, as it does this site's: precompress Pagefind's scripts.
    for path in (html / "pagefind").rglob("*"):
        if path.suffix in {".js", ".css", ".json"}:
            path.with_name(path.name + ".gz").write_bytes(gzip.compress(path.read_bytes(), mtime=0))
    (html / "pagefind-bench.js").write_text(PAGEFIND_SCRIPT, encoding="utf-8")
    for lang in languages.load():
        (html / lang.code / "pagefind-bench.html").write_text(PAGEFIND_PAGE.format(lang=lang.code), encoding="utf-8")
    return elapsed


def search_pagefind(browser: Any, base: str, lang: str, queries: list[dict[str, Any]]) -> Searched:
    url = f"{base}{lang}/pagefind-bench.html"
    sizes, requests = first_searches(browser, url, queries, STRIDE, type_query)
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="networkidle")
    for _ in range(400):
        if page.evaluate("typeof window.helpcenterSearch") == "object":
            break
        page.wait_for_timeout(25)
    times, engine, ranks = [], [], []
    prefix = f"/{lang}/"
    for case in queries:
        query = case["query"]
        times.append(page.evaluate(KEYSTROKE_TO_RESULTS, [query[:-1], query[-1]]))
        ms, urls = page.evaluate(ENGINE_QUERY, query)
        engine.append(ms)
        ranks.append(rank([u[len(prefix):] if u.startswith(prefix) else u.lstrip("/") for u in urls], case["expect"]))
    context.close()
    return Searched(sizes, requests, statistics.median(times), statistics.median(engine), ranks)


# -- Search ---------------------------------------------------------------------------------


def measure_search(browser: Any, bases: dict[str, str], figures: Figures, queries: dict[str, list[dict[str, Any]]]) -> None:
    for code in [lang.code for lang in languages.load()]:
        ours = measure_language(browser, bases["ours"], code, queries[code])
        found = search_pagefind(browser, bases["ours"], code, queries[code])
        for into, values in ((figures.ours, ours), (figures.pagefind, found)):
            into[f"search [{code}]: first search, typed, transferred (KB, median)"] = statistics.median(values.first) / 1000
            into[f"search [{code}]: first search, typed, transferred (KB, largest)"] = max(values.first) / 1000
            into[f"search [{code}]: keystroke to rendered results, median (ms)"] = values.keystroke or 0
            into[f"search [{code}]: top-3 hit rate (%)"] = 100 * values.top3
        if bases["stock"]:  # Sphinx's own search: its page loads the whole index
            stock = run.search_stock(browser, bases["stock"], code, queries[code])
            figures.stock[f"search [{code}]: first search, typed, transferred (KB, largest)"] = stock["first"] / 1000
            figures.stock[f"search [{code}]: top-3 hit rate (%)"] = 100 * stock["top3"]
        if len(queries[code]) and ours.top3 < budgets.SEARCH_TOP3:
            figures.notes.append(f"{figures.factor}×: this site's search answers {100 * ours.top3:.0f} % of the {code} suite in the top 3")


# -- One factor ---------------------------------------------------------------------------------


def measure(factor: int, scratch: Path, queries: dict[str, list[dict[str, Any]]], stock: bool = True) -> Figures:
    figures = Figures(factor)
    root = testing.copy_sources(current().root, scratch / "src")
    figures.pages = growth.today_pages(root) + growth.grow(root, factor)

    print(f"{factor}×: {figures.pages} English pages; building this site…", file=sys.stderr)
    measure_builds(root, scratch / "ours", figures.ours)
    if stock:
        print(f"{factor}×: building stock…", file=sys.stderr)
        measure_builds(root, scratch / "stock", figures.stock, *stock_args(root / "docs"), env=STOCK_ENV)
    else:  # stock's sidebar makes its build grow with the square of the pages: an hour at 50×
        (scratch / "stock" / "html").mkdir(parents=True)
        figures.notes.append(f"{factor}×: stock not measured (--no-stock)")
    ours_html, stock_html = scratch / "ours" / "html", scratch / "stock" / "html"
    print(f"{factor}×: indexing with Pagefind…", file=sys.stderr)
    figures.pagefind["Pagefind indexing, both languages (s)"] = index_pagefind(ours_html)
    codes = [lang.code for lang in languages.load()]
    with testing.serve(ours_html, codes) as ours_base, testing.serve(stock_html, codes) as stock_base:
        with testing.chromium(testing.find_chromium() or "/usr/bin/chromium") as browser:
            print(f"{factor}×: measuring pages and search…", file=sys.stderr)
            measure_pages(browser, ours_base, ours_html, figures.ours, figures.notes, f"{factor}× this site")
            if stock:
                measure_pages(browser, stock_base, stock_html, figures.stock, figures.notes, f"{factor}× stock")
            measure_search(browser, {"ours": ours_base, "stock": stock_base if stock else ""}, figures, queries)
        print(f"{factor}×: running Lighthouse…", file=sys.stderr)
        measure_lighthouse(ours_base, figures.ours, figures.notes, f"{factor}× this site")
        if stock:
            measure_lighthouse(stock_base, figures.stock, figures.notes, f"{factor}× stock")
    return figures


# -- The table ------------------------------------------------------------------------------------

#: Budgets of issue 13 for this site: (measure, largest allowed, or smallest with ≥).
BUDGETS = {
    f"pages over {budgets.PAGE_BYTES // 1000} KB or {budgets.PAGE_REQUESTS} requests": ("≤", 0),
    "heaviest page, files (KB)": ("≤", budgets.PAGE_BYTES / 1000),
    "most requests of a page": ("≤", budgets.PAGE_REQUESTS),
    "files written by a no-op rebuild": ("≤", 0),
    "Lighthouse mobile performance, lowest of the pages scored": ("≥", budgets.LIGHTHOUSE),
    **{f"search [{code}]: first search, typed, transferred (KB, largest)": ("≤", budgets.FIRST_SEARCH_BYTES / 1000) for code in ("en", "fr")},
    **{f"search [{code}]: keystroke to rendered results, median (ms)": ("≤", budgets.KEYSTROKE_MS) for code in ("en", "fr")},
    **{f"search [{code}]: top-3 hit rate (%)": ("≥", 100 * budgets.SEARCH_TOP3) for code in ("en", "fr")},
}
REBUILD_RATIO = budgets.REBUILD_RATIO  # a one-page rebuild at N× against the same rebuild at 1×, in one run


def verdict(name: str, value: float) -> str:
    if name not in BUDGETS:
        return ""
    sign, limit = BUDGETS[name]
    ok = value <= limit if sign == "≤" else value >= limit
    return f"{'pass' if ok else 'FAIL'} ({sign} {limit:g})"


def cell(values: dict[str, float], name: str) -> str:
    return f"{values[name]:.4g}" if name in values else "–"


def table(results: list[Figures]) -> bool:
    names: list[str] = []
    for figures in results:
        for values in (figures.ours, figures.stock, figures.pagefind):
            names += [name for name in values if name not in names]
    header = " | ".join(f"{f.factor}× ({f.pages} pages): this site | stock | Pagefind | budget" for f in results)
    print(f"| measure | {header} |")
    print("|---" * (1 + 4 * len(results)) + "|")
    ok = True
    for name in names:
        cells = []
        for figures in results:
            check = verdict(name, figures.ours[name]) if name in figures.ours else ""
            ok = ok and not check.startswith("FAIL")
            cells += [cell(figures.ours, name), cell(figures.stock, name), cell(figures.pagefind, name), check]
        print(f"| {name} | {' | '.join(cells)} |")
    base = next((f for f in results if f.factor == 1), None)
    for figures in results:
        if base is None or figures is base:
            continue
        ratio = figures.ours["one-page rebuild (s)"] / base.ours["one-page rebuild (s)"]
        passed = ratio <= REBUILD_RATIO
        ok = ok and passed
        print(f"one-page rebuild at {figures.factor}× / at 1×: {ratio:.2f} ({'pass' if passed else 'FAIL'}, ≤ {REBUILD_RATIO})")
        if figures.stock:
            full = figures.ours["full build, both languages (s)"] / figures.stock["full build, both languages (s)"]
            print(f"full build at {figures.factor}×, this site / stock: {full:.2f} ({'pass' if full <= 1 else 'FAIL'}, ≤ 1)")
            ok = ok and full <= 1
    for figures in results:
        for note in figures.notes:
            print(note)
    return ok


def factors(scale: str) -> list[int]:
    """``50`` measures 1× and 50× (the rebuild ratio needs 1×); ``1,10,50`` each of them."""
    chosen = sorted({int(part) for part in scale.split(",") if part.strip()})
    if not chosen or chosen[0] < 1:
        raise ValueError(f"scale: whole numbers of at least 1, e.g. scale=50 or scale=1,10,50 (got {scale!r})")
    return chosen if len(chosen) > 1 or chosen == [1] else [1, *chosen]


def main(scale: str, stock: bool = True) -> int:
    chosen = factors(scale)
    queries = testing.search_queries(QUERIES)
    started = time.perf_counter()
    results = []
    for factor in chosen:
        with tempfile.TemporaryDirectory() as tmp:
            results.append(measure(factor, Path(tmp), queries, stock))
            shutil.rmtree(tmp, ignore_errors=True)
    ok = table(results)
    print(f"measured {', '.join(f'{f}×' for f in chosen)} in {(time.perf_counter() - started) / 60:.0f} min")
    print("all budgets met" if ok else "some budgets are not met")
    return 0 if ok else 1
