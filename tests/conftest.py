"""Shared fixtures: one build of the whole site per test session, a local
server for it, and Debian's Chromium through Playwright."""

from __future__ import annotations

import functools
import http.server
import io
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpcenter import languages
from helpcenter.files import is_redirect

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = languages.load()
CODES = [lang.code for lang in LANGUAGES]
SOURCE = CODES[0]
TRANSLATIONS = CODES[1:]
BASE_URL = "https://help.test.invalid/"


@dataclass
class Build:
    html: Path  # the published folder: html/<lang>/...
    output: str  # everything Sphinx printed

    def pages(self, lang: str) -> list[str]:
        """Page names (``faq/billing``) of one language; not the redirect pages left at old addresses."""
        return [name for name in self._files(lang) if not is_redirect(self.path(lang, name))]

    def redirects(self, lang: str) -> list[str]:
        """The old addresses (``guides/windows``) whose file only sends readers to the new page."""
        return [name for name in self._files(lang) if is_redirect(self.path(lang, name))]

    def _files(self, lang: str) -> list[str]:
        root = self.html / lang
        return sorted(p.relative_to(root).with_suffix("").as_posix() for p in root.rglob("*.html"))

    def path(self, lang: str, page: str) -> Path:
        return self.html / lang / f"{page}.html"

    def read(self, lang: str, page: str) -> str:
        return self.path(lang, page).read_text(encoding="utf-8")


def run_build(work: Path, *args: str, root: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HELPCENTER_BASE_URL": BASE_URL}
    command = [sys.executable, "-m", "helpcenter.commands.cli", "build", "--work", str(work), "--out", str(work / "html"), *args]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, env=env)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Both languages, built once into a temporary folder (or HELPCENTER_SITE, already built)."""
    if os.environ.get("HELPCENTER_SITE"):
        return Build(Path(os.environ["HELPCENTER_SITE"]).resolve(), "")
    work = tmp_path_factory.mktemp("site")
    run = run_build(work)
    assert run.returncode == 0, f"the site does not build:\n{run.stdout}\n{run.stderr}"
    return Build(work / "html", run.stdout + run.stderr)


def msgid_line(path: Path, msgid: str) -> int:
    """The line of an entry's msgid in a .po file: where error messages point."""
    import polib

    start = polib.pofile(str(path)).find(msgid).linenum
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, start=1) if n >= start and text.startswith("msgid "))


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A copy of the repository's sources, to plant mistakes in."""
    copy = tmp_path / "repo"
    for name in ("docs", "locales"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("*.mo"))
    shutil.copy(ROOT / "site.toml", copy / "site.toml")
    return copy


# -- Browser -----------------------------------------------------------------

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]  # fmt: skip


def find_chromium() -> str | None:
    configured = os.environ.get("CHROMIUM")
    if configured:
        return configured
    return next((c for c in CHROMIUM_CANDIDATES if Path(c).exists()), None) or shutil.which("chromium")


class StaticHostHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files like a static host: a missing URL gets its language's 404 page."""

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.exists():
            return super().send_head()
        root = Path(self.directory)
        first = self.path.lstrip("/").split("/", 1)[0]
        page = root / first / "404.html" if first in CODES else root / "404.html"
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


#: Lines the tests report (search quality, for instance), printed after the run.
REPORT: list[str] = []


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    if REPORT:
        terminalreporter.section("help center figures")
        for line in REPORT:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def server(site: Build) -> Iterator[str]:
    """The built site on 127.0.0.1; yields its base URL."""
    handler = functools.partial(StaticHostHandler, directory=str(site.html))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; skips (fails on CI) without it."""
    executable = find_chromium()
    if executable is None:
        message = "no Chromium found (apt-get install chromium, or set CHROMIUM=/path/to/chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run on CI: {message}")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    yield page
    context.close()
