"""What the tests and the benchmark share: building a copy, serving a site, driving Chromium, reading pages.

The test suite's fixtures (``tests/conftest.py``) and ``make bench`` both use
these, so a site is built, served and looked at the same way in both.
"""

from __future__ import annotations

import functools
import http.server
import io
import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

from . import budgets, languages
from .files import is_redirect
from .project import Project, find

#: The budgets, declared in helpcenter/budgets.py, under the names the tests know.
MAX_PAGE_BYTES = budgets.PAGE_BYTES
MAX_PAGE_REQUESTS = budgets.PAGE_REQUESTS
MAX_FIRST_SEARCH_BYTES = budgets.FIRST_SEARCH_BYTES

#: The address test builds are published under (never contacted).
BASE_URL = "https://help.test.invalid/"

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
#: Without the networking flags Chromium stalls on the closed network of CI machines.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]  # fmt: skip


def checkout() -> Project:
    """The checkout the tests or the benchmark run in (the current directory's)."""
    return find(Path.cwd())


#: Figures the tests report (search quality, page weight…), printed after the run.
REPORT: list[str] = []


def __getattr__(name: str) -> Any:
    """The checkout's languages, read when first asked for: ROOT, LANGUAGES, CODES, SOURCE, TRANSLATIONS."""
    if name == "ROOT":
        return checkout().root
    found = languages.load(checkout().languages_file)
    codes = [lang.code for lang in found]
    values = {"LANGUAGES": found, "CODES": codes, "SOURCE": codes[0], "TRANSLATIONS": codes[1:]}
    if name in values:
        return values[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def search_queries(path: Path) -> dict[str, list[dict[str, Any]]]:
    """The search suite (the tests' search_queries.toml): each language's queries and the answers expected in the top 3."""
    import tomllib

    return tomllib.loads(path.read_text(encoding="utf-8"))


# How well a search ranks the expected answers: the query-suite tests and the benchmark.


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


# -- Building ---------------------------------------------------------------------------


@dataclass
class Build:
    """A published folder: html/<lang>/..."""

    html: Path
    output: str = ""  # everything the build printed

    def pages(self, lang: str) -> list[str]:
        """Page names (``faq/billing``) of one language, not the redirects left at old addresses."""
        return [name for name in self._files(lang) if not is_redirect(self.path(lang, name))]

    def redirects(self, lang: str) -> list[str]:
        return [name for name in self._files(lang) if is_redirect(self.path(lang, name))]

    def _files(self, lang: str) -> list[str]:
        root = self.html / lang
        return sorted(p.relative_to(root).with_suffix("").as_posix() for p in root.rglob("*.html"))

    def path(self, lang: str, page: str) -> Path:
        return self.html / lang / f"{page}.html"

    def read(self, lang: str, page: str) -> str:
        return self.path(lang, page).read_text(encoding="utf-8")

    def one_redirect(self, lang: str) -> tuple[str, list[str]]:
        """A redirect page of lang, and the others: they are asserted to be the same page but
        for their target's address and title (and their depth), so a browser check of the
        first covers them."""
        first, *others = self.redirects(lang)
        template = _but_its_target(self.read(lang, first))
        differ = [name for name in others if _but_its_target(self.read(lang, name)) != template]
        assert not differ, f"redirect pages of {lang} differ from {first} beyond their target: {differ}"
        return first, others


def _but_its_target(html: str) -> str:
    html = re.sub(r'url=[^"]*"', 'url="', html.replace("../", ""))
    return re.sub(r'(<a id="redirect-target" href=")[^"]*(">)[^<]*', r"\1\2", html)


def build_command(work: Path, *args: str, base_url: str = BASE_URL) -> tuple[list[str], dict[str, str]]:
    """The command and environment of ``helpcenter build`` into work/html, as make html runs it."""
    env = {**os.environ, "HELPCENTER_BASE_URL": base_url}
    return [sys.executable, "-m", "helpcenter.commands.cli", "build", "--work", str(work), "--out", str(work / "html"), *args], env


def run_build(work: Path, *args: str, root: Path, base_url: str = BASE_URL) -> subprocess.CompletedProcess[str]:
    """``helpcenter build`` of the checkout at root into work/html, as make html runs it."""
    command, env = build_command(work, *args, base_url=base_url)
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=env)


def copy_sources(source: Path, target: Path) -> Path:
    """The pages, catalogs and settings of a checkout, copied to plant mistakes in or to grow."""
    for name in ("docs", "locales"):
        shutil.copytree(source / name, target / name, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    shutil.copy(source / "site.toml", target / "site.toml")
    return target


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every published file and its bytes (the published path is a link: it is followed)."""
    root = folder.resolve()
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def assert_build_refused(run: subprocess.CompletedProcess[str], pattern: str, work: Path, before: dict[str, bytes] | None = None) -> None:
    """The build failed with a message matching pattern, no traceback, and the published
    folder is as it was (before: its snapshot; none: nothing was published at all)."""
    import re

    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    assert re.search(pattern, output), output
    assert "Traceback" not in output, output
    if before is None:
        assert not (work / "html").exists(), "a failed build published pages"
    else:
        assert snapshot(work / "html") == before, "the published site changed after a failed build"


def differences(left: Path, right: Path) -> list[str]:
    """The files that are in one published folder only, or differ byte for byte."""
    import filecmp

    found: list[str] = []

    def walk(comparison: filecmp.dircmp, prefix: str) -> None:
        found.extend(f"only in {left.name}: {prefix}{n}" for n in comparison.left_only)
        found.extend(f"only in {right.name}: {prefix}{n}" for n in comparison.right_only)
        _, mismatch, errors = filecmp.cmpfiles(comparison.left, comparison.right, comparison.common_files, shallow=False)
        found.extend(f"differs: {prefix}{n}" for n in mismatch + errors)
        for name, sub in comparison.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left.resolve(), right.resolve()), "")
    return found


def msgid_line(path: Path, msgid: str) -> int:
    """The line of an entry's msgid in a .po file: where error messages point."""
    import polib

    start = polib.pofile(str(path)).find(msgid).linenum
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, start=1) if n >= start and text.startswith("msgid "))


# -- Serving ----------------------------------------------------------------------------


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """Serves files like a static host: file.gz when the browser accepts gzip, and a
    missing URL gets its language's 404 page."""

    codes: tuple[str, ...] = ()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        compressed = path.with_name(path.name + ".gz")
        if path.is_file() and compressed.is_file() and "gzip" in self.headers.get("Accept-Encoding", ""):
            return self._send(200, compressed.read_bytes(), self.guess_type(str(path)), gzip=True)
        if path.exists():
            return super().send_head()
        root = Path(self.directory)
        first = self.path.lstrip("/").split("/", 1)[0]
        page = root / first / "404.html" if first in self.codes else root / "404.html"
        body = page.read_bytes() if page.is_file() else b"Not found"  # a stock build has no root 404 page
        return self._send(404, body, "text/html; charset=utf-8")

    def _send(self, status: int, body: bytes, content_type: str, gzip: bool = False) -> io.BytesIO:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if gzip:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A browser that closes a page mid-download is not the site's fault: say nothing.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextmanager
def serve(folder: Path, codes: list[str] | None = None) -> Iterator[str]:
    """The folder on 127.0.0.1 (never another address); yields its base URL."""
    codes = codes if codes is not None else [lang.code for lang in languages.load(checkout().languages_file)]
    handler = functools.partial(type("Host", (StaticHost,), {"codes": tuple(codes)}), directory=str(folder))
    httpd = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()


# -- Chromium -----------------------------------------------------------------------------


AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: Violations only, named by their CSS selector: axe's element references, XPaths and ancestry
#: (and its look into frames, which the site has none of) take a third of its time.
_AXE_LEAN = "resultTypes: ['violations'], iframes: false, elementRef: false, ancestry: false, xpath: false"
#: ``page.evaluate(AXE_RUN, AXE_TAGS)``: every rule of the tags.
AXE_RUN = "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, " + _AXE_LEAN + "})"
#: ``page.evaluate(AXE_RUN_EXCEPT, [AXE_TAGS, [...]])``: every rule of the tags but those named.
AXE_RUN_EXCEPT = (
    "([tags, off]) => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
    "rules: Object.fromEntries(off.map(rule => [rule, {enabled: false}])), " + _AXE_LEAN + "})"
)
#: ``page.evaluate(AXE_RULES, [...])``: only the rules named.
AXE_RULES = "rules => axe.run(document, {runOnly: {type: 'rule', values: rules}, " + _AXE_LEAN + "})"


def axe_source() -> str:
    """axe-core's script, from the checkout's node_modules (package.json pins it)."""
    path = checkout().root / "node_modules" / "axe-core" / "axe.min.js"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: run `make test` (it installs node_modules) or `npm ci`")
    return path.read_text(encoding="utf-8")


def find_chromium() -> str | None:
    configured = os.environ.get("CHROMIUM")
    if configured:
        return configured
    return next((c for c in CHROMIUM_CANDIDATES if Path(c).exists()), None) or shutil.which("chromium")


@contextmanager
def chromium(executable: str) -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (its own browser downloads are not used)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def load_search_engine(page: Any) -> None:
    """Focus the sidebar search field (what loads the engine), then wait for its index.
    Polls from Python: the site's CSP forbids the eval behind Playwright's wait_for_function."""
    page.locator("#sidebar-search-input").focus()
    for _ in range(200):
        if page.evaluate("typeof window.helpcenterSearch") == "object":
            break
        page.wait_for_timeout(25)
    page.evaluate("window.helpcenterSearch.ready().then(() => true)")


def transferred(response: Any) -> int:
    """Bytes a response sent, as its Content-Length says (the body read only without one:
    reading it costs time, and fails once the page is closed)."""
    length = response.headers.get("content-length")
    return int(length) if length is not None else len(response.body())


#: Time from a keystroke to rendered results in the sidebar search (a later keystroke:
#: the query's first part is typed and its shards loaded first). Argument: [prefix, last].
KEYSTROKE_TO_RESULTS = """async ([prefix, last]) => {
  const input = document.querySelector('#sidebar-search-input');
  const list = document.querySelector('#sidebar-search-results');
  input.focus();
  input.value = prefix;
  input.dispatchEvent(new Event('input'));
  await window.helpcenterSearch.search(prefix, 8);
  await new Promise(r => setTimeout(r, 20));
  return await new Promise(resolve => {
    let start;
    const observer = new MutationObserver(() => {
      observer.disconnect();
      requestAnimationFrame(() => resolve(performance.now() - start));
    });
    observer.observe(list, {childList: true, subtree: true, characterData: true});
    start = performance.now();
    input.value = prefix + last;
    input.dispatchEvent(new Event('input'));
  });
}"""


# -- Reading pages --------------------------------------------------------------------------


def local_target(build: Build, lang: str, page: str, href: str, base_url: str = BASE_URL) -> Path:
    """The file a link on a page points to (relative, or absolute under the base URL)."""
    from urllib.parse import urljoin, urlparse

    if href.startswith(base_url):
        return build.html / href[len(base_url) :].split("#")[0]
    url = urljoin(f"http://site/{lang}/{page}.html", href)
    return build.html / urlparse(url).path.lstrip("/")


def main_text(html: str) -> str:
    """The article's text as a reader sees it, one block a line."""
    from bs4 import BeautifulSoup

    article = BeautifulSoup(html, "html.parser").find("article") or BeautifulSoup(html, "html.parser")
    return article.get_text("\n", strip=True)


_ASSET = re.compile(r'<(?:link[^>]*\brel="stylesheet"[^>]*\bhref|script[^>]*\bsrc|img[^>]*\bsrc)="([^"]+)"')
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def first_view(site: Build, lang: str, page: str) -> list[Path]:
    """The page and every file its first view loads (stylesheets' own files included)."""
    html_path = site.path(lang, page)
    files = [html_path]
    for url in _ASSET.findall(html_path.read_text(encoding="utf-8")):
        if url.startswith("data:"):
            continue
        path = url.split("?")[0]
        # The 404 page links from the site's root: it is served at any depth.
        asset = (site.html / path.lstrip("/") if path.startswith("/") else html_path.parent / path).resolve()
        files.append(asset)
        if asset.suffix == ".css":
            for inner in _CSS_URL.findall(asset.read_text(encoding="utf-8")):
                if not inner.startswith("data:"):
                    files.append((asset.parent / inner.split("?")[0].split("#")[0]).resolve())
    return files


# -- Small Sphinx projects (the extension tests) ------------------------------------------------


@dataclass
class Built:
    app: Any
    warnings: str
    outdir: Path

    def html(self, page: str) -> str:
        return (self.outdir / f"{page}.html").read_text(encoding="utf-8")


@dataclass
class SphinxProject:
    """A small project on disk, built in-process with sphinx.testing."""

    root: Path

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    def write(self, files: dict[str, str]) -> None:
        """Files relative to the project root (docs/…, locales/…), dedented."""
        for name, text in files.items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")

    def build(self, *extensions: str, language: str = "en", builder: str = "html", parallel: int = 0, **conf: Any) -> Built:
        """Build (incrementally, per language and mode); warnings are collected, not raised."""
        from sphinx.testing.util import SphinxTestApp

        overrides = {"extensions": ["myst_parser", "helpcenter.sphinxext.config", *extensions], "language": language, **conf}
        warnings = StringIO()
        app = SphinxTestApp(
            builder, srcdir=self.docs, builddir=self.root / "_build" / f"{language}-{parallel}",
            confoverrides=overrides, warning=warnings, status=StringIO(), parallel=parallel,
        )  # fmt: skip
        try:
            app.build()
        finally:
            app.cleanup()
        return Built(app, warnings.getvalue(), Path(app.outdir))
