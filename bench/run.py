"""``make bench``: the performance budgets, measured, beside a stock build, then each patch's gain.

Builds a copy of the sources twice (this site; and "stock": plain
sphinx-build, Furo's own templates, none of the patches, Sphinx's own search:
``stock.py``), serves both on 127.0.0.1
like a host that sends precompressed files, and prints one table: build
times, page weight and requests, Lighthouse (mobile preset) scores, search
timings, index sizes and search quality, each beside its budget and its
ratio to stock; then the table of ``patches.py``: what each patch of another
package gains. It is a measurement run by hand, not a test.
"""

from __future__ import annotations

import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpcenter import budgets, languages, testing
from helpcenter.files import is_redirect
from helpcenter.project import current
from helpcenter.sphinxext.search_files import FOLDER, MANIFEST
from helpcenter.testing import CHROMIUM_ARGS, chromium, find_chromium, rank, serve, summary

from . import patches
from .search_scale import QUERIES, measure_language
from .builds import copy_sources, incremental_and_noop, median_full
from .stock import STOCK_ENV, stock_args

LIGHTHOUSE_PAGES = ["index", "faq/billing", "platforms/windows", "search"]


@dataclass
class Row:
    what: str
    value: float
    unit: str
    budget: float | None = None  # the value must be at most this
    stock: float | None = None

    def line(self) -> str:
        verdict = "" if self.budget is None else ("pass" if self.value <= self.budget else "FAIL")
        budget = "" if self.budget is None else f"≤ {self.budget:g} {self.unit}"
        ratio = f"{self.value / self.stock:.2f}×" if self.stock else ""
        stock = "" if self.stock is None else f"{self.stock:.4g}"
        return f"| {self.what} | {self.value:.4g} {self.unit} | {budget} | {verdict} | {stock} | {ratio} |"


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, *rows: Row) -> None:
        self.rows.extend(rows)

    def print(self) -> bool:
        print("| measure | this site | budget | | stock | ratio to stock |")
        print("| --- | --- | --- | --- | --- | --- |")
        for row in self.rows:
            print(row.line())
        for note in self.notes:
            print(note)
        return all(row.budget is None or row.value <= row.budget for row in self.rows)


# -- Builds ------------------------------------------------------------------------


# -- Serving -------------------------------------------------------------------------


# -- Page weight ---------------------------------------------------------------------


def page_weights(browser: Any, base: str, site: Path) -> list[tuple[int, int, int, str]]:
    """(uncompressed bytes, transferred bytes, requests, page) of each page's first view."""
    results = []
    for lang in languages.load():
        for page in sorted(site.joinpath(lang.code).rglob("*.html")):
            if is_redirect(page):  # it navigates away at once: its reader gets the target's weight
                continue
            name = page.relative_to(site).as_posix()
            # The first view only: the offline workers download in the background once the page has loaded.
            context = browser.new_context(service_workers="block")
            tab = context.new_page()
            responses: list[Any] = []
            tab.on("response", lambda response: responses.append(response))
            tab.goto(base + name, wait_until="networkidle")
            raw = transferred = 0
            for response in responses:
                if response.url.startswith("data:"):
                    continue
                body = response.body()
                size = int(response.headers.get("content-length", len(body)))
                raw += len(body)
                transferred += size
            results.append((raw, transferred, len(responses), name))
            context.close()
    return results


# -- Lighthouse ----------------------------------------------------------------------


def lighthouse(url: str) -> float | None:
    executable = current().root / "node_modules" / ".bin" / "lighthouse"
    if not executable.exists():
        return None
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}", "CHROME_PATH": find_chromium() or "/usr/bin/chromium"}
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        run = subprocess.run(
            [str(executable), url, "--only-categories=performance", "--output=json", f"--output-path={out}",
             f"--chrome-flags={flags}", "--quiet", "--max-wait-for-load=20000"],
            capture_output=True, text=True, env=env, timeout=180,
        )  # fmt: skip
        if run.returncode or not out.exists():
            return None
        return 100 * json.loads(out.read_text(encoding="utf-8"))["categories"]["performance"]["score"]


# -- Search --------------------------------------------------------------------------

STOCK_QUERY = """q => {
  const t0 = performance.now();
  const results = Search._performSearch(...Search._parseQuery(q));
  const ms = performance.now() - t0;
  return [ms, results.slice(0, 10).map(r => r[0] + '.html' + (r[2] || ''))];
}"""


def search_stock(browser: Any, base: str, lang: str, queries: list[dict[str, Any]]) -> dict[str, float]:
    context = browser.new_context()
    page = context.new_page()
    downloaded: list[int] = []
    page.on("response", lambda r: downloaded.append(int(r.headers.get("content-length", "0"))) if "/_static/" in r.url or "searchindex" in r.url else None)
    page.goto(f"{base}{lang}/search.html", wait_until="networkidle")
    for _ in range(200):
        if page.evaluate("typeof Search !== 'undefined' && Search._index !== null"):
            break
        page.wait_for_timeout(25)
    times, ranks = [], []
    for case in queries:
        ms, urls = page.evaluate(STOCK_QUERY, case["query"])
        times.append(ms)
        ranks.append(rank(urls, case["expect"]))
    context.close()
    top3, mrr = summary(ranks)
    return {"engine": statistics.median(times), "top3": top3, "mrr": mrr, "first": sum(downloaded)}


def file_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, mtime=0))


# -- The run ---------------------------------------------------------------------------


def main() -> int:
    report = Report()
    codes = [lang.code for lang in languages.load()]
    queries = testing.search_queries(QUERIES)
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        ours_root, stock_root = copy_sources(scratch / "ours-src"), copy_sources(scratch / "stock-src")
        stock_options = stock_args(current().docs)
        print("measuring builds…", file=sys.stderr)
        full = median_full(ours_root, scratch)
        full_stock = median_full(stock_root, scratch, *stock_options, env=STOCK_ENV)
        report.add(Row("full build, all languages (median of 3)", full, "s", budgets.FULL_BUILD_S, full_stock))
        for code in codes:
            ours_one = median_full(ours_root, scratch, "--lang", code)
            stock_one = median_full(stock_root, scratch, "--lang", code, *stock_options, env=STOCK_ENV)
            report.add(Row(f"full build, {code} alone", ours_one, "s", None, stock_one))
        incremental, noop, noop_changed = incremental_and_noop(ours_root, scratch / "ours")
        incremental_stock, noop_stock, _ = incremental_and_noop(stock_root, scratch / "stock", *stock_options, env=STOCK_ENV)
        report.add(
            Row("rebuild after editing one English page", incremental, "s", budgets.REBUILD_S, incremental_stock),
            Row("rebuild with nothing changed", noop, "s", None, noop_stock),
            Row("pages written or published files changed by a build with nothing changed", noop_changed, "files", 0),
        )
        ours_site, stock_site = scratch / "ours" / "html", scratch / "stock" / "html"
        with serve(ours_site, codes) as ours_base, serve(stock_site, codes) as stock_base:
            with chromium(find_chromium() or "/usr/bin/chromium") as browser:
                print("measuring pages…", file=sys.stderr)
                weights = page_weights(browser, ours_base, ours_site)
                stock_weights = {name: (raw, sent, n) for raw, sent, n, name in page_weights(browser, stock_base, stock_site)}
                weights.sort(reverse=True)
                for raw, sent, requests, name in weights[:5]:
                    stock = stock_weights.get(name)
                    report.add(
                        Row(f"page weight, {name} (uncompressed)", raw / 1000, "KB", budgets.PAGE_BYTES / 1000, stock and stock[0] / 1000),
                        Row(f"requests, {name}", requests, "", budgets.PAGE_REQUESTS, stock and stock[2]),
                    )
                heaviest_sent = max(sent for _, sent, _, _ in weights)
                report.add(Row("heaviest page, as transferred (gzip)", heaviest_sent / 1000, "KB", None,
                               max(s for _, s, _ in stock_weights.values()) / 1000))  # fmt: skip
                report.notes.append(
                    f"{len(weights)} pages measured; all within {budgets.PAGE_BYTES // 1000} KB: "
                    f"{all(w[0] <= budgets.PAGE_BYTES for w in weights)}; "
                    f"all within {budgets.PAGE_REQUESTS} requests: {all(w[2] <= budgets.PAGE_REQUESTS for w in weights)}"
                )
                print("measuring search…", file=sys.stderr)
                for code in codes:
                    ours = measure_language(browser, ours_base, code, queries[code])
                    stock = search_stock(browser, stock_base, code, queries[code])
                    report.add(
                        Row(f"search [{code}]: keystroke to rendered results (median)", ours.keystroke or 0, "ms", budgets.KEYSTROKE_MS),
                        Row(f"search [{code}]: query time in the engine (median)", ours.engine, "ms", None, stock["engine"]),
                        Row(f"search [{code}]: first search, typed, transferred (median of {len(ours.first)} queries)",
                            statistics.median(ours.first) / 1000, "KB", None, stock["first"] / 1000),
                        Row(f"search [{code}]: first search, typed, transferred (largest)", max(ours.first) / 1000, "KB", budgets.FIRST_SEARCH_BYTES / 1000, stock["first"] / 1000),
                        Row(f"search [{code}]: top-3 hit rate, {len(queries[code])} queries", 100 * ours.top3, "%", None, 100 * stock["top3"]),
                        Row(f"search [{code}]: mean reciprocal rank", ours.mrr, "", None, stock["mrr"]),
                    )  # fmt: skip
                    # The whole index (manifest, term shards, entry chunks) against stock's one file.
                    files = [ours_site / code / "_static" / MANIFEST, *sorted((ours_site / code / "_static" / FOLDER).rglob("*.json"))]
                    index_raw, index_gz = (sum(size) for size in zip(*(file_size(path) for path in files)))
                    stock_raw, stock_gz = file_size(stock_site / code / "searchindex.js")
                    report.add(
                        Row(f"whole search index [{code}] ({len(files)} files), uncompressed", index_raw / 1000, "KB", None, stock_raw / 1000),
                        Row(f"whole search index [{code}], gzip", index_gz / 1000, "KB", None, stock_gz / 1000),
                    )
            print("running Lighthouse…", file=sys.stderr)
            for code in codes:
                for page in LIGHTHOUSE_PAGES:
                    score = lighthouse(f"{ours_base}{code}/{page}.html")
                    stock = lighthouse(f"{stock_base}{code}/{page}.html")
                    if score is None:
                        report.notes.append(f"Lighthouse could not run on {code}/{page} (node_modules missing?)")
                        continue
                    # Lighthouse scores are better when higher: the budget is the shortfall from 100.
                    report.add(Row(f"Lighthouse performance shortfall from 100, {code}/{page}", 100 - score, "points", 0,
                                   None if stock is None else 100 - stock))  # fmt: skip
    print("measuring each patch…", file=sys.stderr)
    report.notes += ["", *patches.measure(1, 3, [])]
    ok = report.print()
    print("all budgets met" if ok else "some budgets are not met")
    return 0 if ok else 1
