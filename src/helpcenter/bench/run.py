"""``make bench``: the performance budgets, measured, beside a stock build.

Builds a copy of the sources twice (this site; and "stock": Furo's own
templates, nothing stripped, Sphinx's own search), serves both on 127.0.0.1
like a host that sends precompressed files, and prints one table: build
times, page weight and requests, Lighthouse (mobile preset) scores, search
timings, index sizes and search quality, each beside its budget and its
ratio to stock. It is a measurement run by hand, not a test.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import languages
from ..project import current
from .search_quality import rank, summary
from .. import testing
from ..testing import CHROMIUM_ARGS, chromium, find_chromium, serve
from .search_scale import measure_language
from ..pipeline.build import SPHINX_PROCESS, sphinx_command
from ..sphinxext.search_files import FOLDER, MANIFEST
from .stock import stock_defines

RUNS = 3
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


def copy_sources(target: Path) -> Path:
    return testing.copy_sources(current().root, target)


def run_build(root: Path, work: Path, *args: str) -> tuple[float, str]:
    start = time.perf_counter()
    run = testing.run_build(work, *args, root=root, base_url="http://127.0.0.1:8000/")
    elapsed = time.perf_counter() - start
    if run.returncode:
        raise RuntimeError(f"build failed: {run.stdout}\n{run.stderr}")
    return elapsed, run.stdout


def edited(text: str, number: int) -> str:
    """The page with another review date: an edit that changes the page in every language."""
    return re.sub(r"^(:?reviewed: )\d{4}-\d{2}-\d{2}", rf"\g<1>2025-01-{10 + number:02d}", text, count=1, flags=re.M)


def median_full(root: Path, scratch: Path, *args: str) -> float:
    times = []
    for number in range(RUNS):
        work = scratch / f"full-{number}"
        times.append(run_build(root, work, *args)[0])
        shutil.rmtree(work)
    return statistics.median(times)


def incremental_and_noop(root: Path, work: Path, *args: str) -> tuple[float, float, int]:
    """(incremental, no-op) medians, and how many files the no-op build changed."""
    run_build(root, work, *args)
    page = root / "docs" / "about.md"
    original = page.read_text(encoding="utf-8")
    incremental, noop, changed = [], [], 0
    for number in range(RUNS):
        page.write_text(edited(original, number), encoding="utf-8")
        incremental.append(run_build(root, work, *args)[0])
        before = time.time()
        elapsed, output = run_build(root, work, *args)
        noop.append(elapsed)
        found = re.search(r"\((\d+) files changed\)", output)
        # Published files that changed, and pages Sphinx wrote, whether or not they differ.
        written = [p for p in (work / "sphinx").rglob("*.html") if p.stat().st_mtime >= before]
        changed = max(changed, int(found.group(1)) if found else 0, len(written))
    page.write_text(original, encoding="utf-8")
    return statistics.median(incremental), statistics.median(noop), changed


# -- Serving -------------------------------------------------------------------------


# -- What each speed trick earns ----------------------------------------------------------


def sphinx_alone(root: Path, work: Path, lang: str, module: str, *defines: str) -> float:
    """One language's HTML build by one Sphinx process, as the pipeline starts it; its wall time.
    ``module:trick`` runs the Sphinx process without that one trick."""
    module, _, off = module.partition(":")
    command = sphinx_command("html", lang, work / "out", work / "doctrees", *[o for d in defines for o in ("--define", d)], module=module)
    if off:
        command[3:3] = ["--without", off]  # after `python -m module`
    start = time.perf_counter()
    run = subprocess.run(command, cwd=root, capture_output=True, text=True, env={**os.environ, "HELPCENTER_BASE_URL": "http://127.0.0.1:8000/"})
    if run.returncode:
        raise RuntimeError(f"build failed: {run.stdout}\n{run.stderr}")
    return time.perf_counter() - start


@dataclass
class Trick:
    name: str
    figure: str
    lang: str
    full: bool  # a full build (fresh folders) rather than a rebuild after one page changed
    with_: tuple[str, ...]  # (module, *defines) with the trick
    without: tuple[str, ...]


PLAIN = ("sphinx", "helpcenter_fast_myst=0")
# Each trick measured against the same build without it alone.
TRICKS = [
    Trick("Sphinx process: GC threshold", "rebuild after one page", "en", False, (SPHINX_PROCESS,), (f"{SPHINX_PROCESS}:gc",)),
    Trick("Sphinx process: GC threshold", "full build", "fr", True, (SPHINX_PROCESS,), (f"{SPHINX_PROCESS}:gc",)),
    Trick("Sphinx process: no teardown", "rebuild after one page", "en", False, (SPHINX_PROCESS,), (f"{SPHINX_PROCESS}:teardown",)),
    Trick("MyST parser and settings cache", "full build", "fr", True, (SPHINX_PROCESS,), (SPHINX_PROCESS, "helpcenter_fast_myst=0")),
    Trick("all of them (this site against plain Sphinx)", "rebuild after one page", "en", False, (SPHINX_PROCESS,), PLAIN),
    Trick("all of them (this site against plain Sphinx)", "full build", "fr", True, (SPHINX_PROCESS,), PLAIN),
]  # fmt: skip


def measure_trick(root: Path, scratch: Path, trick: Trick) -> tuple[float, float]:
    """(with, without) medians, the two run in turn in one session so that drift hits both."""
    page = root / "docs" / "about.md"
    original = page.read_text(encoding="utf-8")
    times: dict[str, list[float]] = {"with": [], "without": []}
    works = {"with": scratch / "trick-with", "without": scratch / "trick-without"}
    variants = {"with": trick.with_, "without": trick.without}
    if not trick.full:
        for key in variants:  # the starting point of a rebuild
            shutil.rmtree(works[key], ignore_errors=True)
            sphinx_alone(root, works[key], trick.lang, *variants[key])
    for number in range(RUNS + 2):
        if not trick.full:
            page.write_text(edited(original, number), encoding="utf-8")
        for key in (("with", "without") if number % 2 else ("without", "with")):
            if trick.full:
                shutil.rmtree(works[key], ignore_errors=True)
            times[key].append(sphinx_alone(root, works[key], trick.lang, *variants[key]))
    page.write_text(original, encoding="utf-8")
    return statistics.median(times["with"]), statistics.median(times["without"])


def trick_table(root: Path, scratch: Path) -> list[str]:
    lines = ["| speed trick | figure it targets | with | without | saves |", "| --- | --- | --- | --- | --- |"]
    for trick in TRICKS:
        with_, without = measure_trick(root, scratch, trick)
        lines.append(f"| {trick.name} | {trick.figure}, {trick.lang} | {with_:.2f} s | {without:.2f} s | {100 * (1 - with_ / without):.0f} % |")
    return lines


# -- Page weight ---------------------------------------------------------------------


def page_weights(browser: Any, base: str, site: Path) -> list[tuple[int, int, int, str]]:
    """(uncompressed bytes, transferred bytes, requests, page) of each page's first view."""
    results = []
    for lang in languages.load():
        for page in sorted(site.joinpath(lang.code).rglob("*.html")):
            name = page.relative_to(site).as_posix()
            context = browser.new_context()
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


def main(scale: str | None = None, stock: bool = True) -> int:
    if scale:  # make bench scale=N: the same measures on a grown copy (bench/scale.py)
        from . import scale as scaled

        return scaled.main(scale, stock)
    report = Report()
    codes = [lang.code for lang in languages.load()]
    queries = tomllib.loads((current().root / "tests" / "search_queries.toml").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        ours_root, stock_root = copy_sources(scratch / "ours-src"), copy_sources(scratch / "stock-src")
        stock_args = [option for define in stock_defines(current().docs) for option in ("--define", define)]
        print("measuring builds…", file=sys.stderr)
        full = median_full(ours_root, scratch)
        full_stock = median_full(stock_root, scratch, *stock_args)
        full_plain = median_full(ours_root, scratch, "--sphinx-module", PLAIN[0], "--define", PLAIN[1])
        report.add(
            Row("full build, all languages (median of 3)", full, "s", 10, full_stock),
            Row("full build, all languages, plain Sphinx (same extensions, no process tricks, MyST unpatched)", full_plain, "s", None, full_stock),
        )
        for code in codes:
            ours_one = median_full(ours_root, scratch, "--lang", code)
            stock_one = median_full(stock_root, scratch, "--lang", code, *stock_args)
            report.add(Row(f"full build, {code} alone", ours_one, "s", None, stock_one))
        incremental, noop, noop_changed = incremental_and_noop(ours_root, scratch / "ours")
        incremental_stock, noop_stock, _ = incremental_and_noop(stock_root, scratch / "stock", *stock_args)
        report.add(
            Row("rebuild after editing one English page", incremental, "s", 2, incremental_stock),
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
                        Row(f"page weight, {name} (uncompressed)", raw / 1000, "KB", 120, stock and stock[0] / 1000),
                        Row(f"requests, {name}", requests, "", 10, stock and stock[2]),
                    )
                heaviest_sent = max(sent for _, sent, _, _ in weights)
                report.add(Row("heaviest page, as transferred (gzip)", heaviest_sent / 1000, "KB", None,
                               max(s for _, s, _ in stock_weights.values()) / 1000))  # fmt: skip
                report.notes.append(f"{len(weights)} pages measured; all within 120 KB: {all(w[0] <= 120_000 for w in weights)}; "
                                    f"all within 10 requests: {all(w[2] <= 10 for w in weights)}")  # fmt: skip
                print("measuring search…", file=sys.stderr)
                for code in codes:
                    ours = measure_language(browser, ours_base, code, queries[code])
                    stock = search_stock(browser, stock_base, code, queries[code])
                    report.add(
                        Row(f"search [{code}]: keystroke to rendered results (median)", ours.keystroke or 0, "ms", 50),
                        Row(f"search [{code}]: query time in the engine (median)", ours.engine, "ms", None, stock["engine"]),
                        Row(f"search [{code}]: first search, typed, transferred (median of {len(ours.first)} queries)",
                            statistics.median(ours.first) / 1000, "KB", None, stock["first"] / 1000),
                        Row(f"search [{code}]: first search, typed, transferred (largest)", max(ours.first) / 1000, "KB", 100, stock["first"] / 1000),
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
        print("measuring each speed trick…", file=sys.stderr)
        report.notes += ["", *trick_table(ours_root, scratch)]
    ok = report.print()
    print("all budgets met" if ok else "some budgets are not met")
    return 0 if ok else 1
