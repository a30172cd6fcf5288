"""Fixtures: one build of the whole site per test session, a local server for it,
and Debian's Chromium through Playwright. The code behind them is
``helpcenter.testing``, which the benchmark uses too; test modules import from
there, never from each other."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpcenter import testing
from helpcenter.testing import Build, copy_sources, find_chromium, run_build


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Both languages, built once into a temporary folder (or HELPCENTER_SITE, already built)."""
    if os.environ.get("HELPCENTER_SITE"):
        return Build(Path(os.environ["HELPCENTER_SITE"]).resolve(), output="")
    work = tmp_path_factory.mktemp("site")
    run = run_build(work, root=testing.checkout().root)
    assert run.returncode == 0, f"the site does not build:\n{run.stdout}\n{run.stderr}"
    return Build(work / "html", run.stdout + run.stderr)


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A copy of the repository's sources, to plant mistakes in."""
    return copy_sources(testing.checkout().root, tmp_path / "repo")


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    if testing.REPORT:
        terminalreporter.section("help center figures")
        for line in testing.REPORT:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def server(site: Build) -> Iterator[str]:
    """The built site on 127.0.0.1; yields its base URL."""
    with testing.serve(site.html) as base:
        yield base


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Debian's Chromium driven by Playwright; skips (fails on CI) without it."""
    executable = find_chromium()
    if executable is None:
        message = "no Chromium found (apt-get install chromium, or set CHROMIUM=/path/to/chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run on CI: {message}")
        pytest.skip(message)
    with testing.chromium(executable) as browser:
        yield browser


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    yield page
    context.close()
