"""Fixtures: one build of the whole site per test session, a local server for it,
and Debian's Chromium through Playwright. The code behind them is
``helpcenter.testing``, which the benchmark uses too; test modules import from
there, never from each other.

Two layers (``make test-fast`` is ``pytest -m "not slow"``): a test that uses
one of SLOW_FIXTURES is marked slow here, so nobody has to remember; any other
test that starts a process (a build, a command, a browser) must be marked
``@pytest.mark.slow`` by hand, and fails with a message saying so if it is not.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpcenter import testing
from helpcenter.testing import Build, copy_sources, find_chromium, run_build


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Both languages, built once per run into a temporary folder (or HELPCENTER_SITE, already
    built). Every test that reads the built site reads this one; with pytest-xdist the
    workers share it too: the first to get the lock builds it."""
    if os.environ.get("HELPCENTER_SITE"):
        return Build(Path(os.environ["HELPCENTER_SITE"]).resolve(), output="")
    run_folder = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        run_folder = run_folder.parent  # each worker's folder sits in the run's
    work, output = run_folder / "site", run_folder / "site-output.txt"
    with (run_folder / "site.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not output.exists():
            run = run_build(work, root=testing.checkout().root)
            assert run.returncode == 0, f"the site does not build:\n{run.stdout}\n{run.stderr}"
            output.write_text(run.stdout + run.stderr, encoding="utf-8")
    return Build(work / "html", output.read_text(encoding="utf-8"))


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A copy of the repository's sources, to plant mistakes in."""
    return copy_sources(testing.checkout().root, tmp_path / "repo")


def _prebuilt(folder: Path, *langs: str) -> tuple[Path, Path]:
    """A copy of the repository's sources and its work folder, built (langs, or every
    language) as the first build of a test would build them: built once per worker,
    kept, and copied back to the same place for each later test. The same place,
    because Sphinx's environment and the build's records hold absolute paths: a work
    folder moved elsewhere would be built again from scratch."""
    name = "-".join(langs) or "all"
    live, pristine = folder / name, folder / f"{name}.pristine"
    if live.exists():
        shutil.rmtree(live, onerror=_writable_and_retry)  # a test may leave a folder read-only
    if pristine.exists():
        shutil.copytree(pristine, live, symlinks=True)
        return live / "repo", live / "work"
    repo = copy_sources(testing.checkout().root, live / "repo")
    run = run_build(live / "work", *[option for lang in langs for option in ("--lang", lang)], root=repo)
    assert run.returncode == 0, f"the site does not build:\n{run.stdout}\n{run.stderr}"
    shutil.copytree(live, pristine, symlinks=True)
    return repo, live / "work"


def _writable_and_retry(function, path: str, _error: object) -> None:  # type: ignore[no-untyped-def]
    os.chmod(os.path.dirname(path), 0o755)
    function(path)


@pytest.fixture(scope="session")
def _prebuilt_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("prebuilt")  # a worker's own (pytest-xdist gives each its basetemp)


@pytest.fixture
def built_copy(_prebuilt_folder: Path) -> tuple[Path, Path]:
    """(sources, work folder): a copy of the repository built in every language, as by
    ``run_build(work, root=sources)``, to edit and build again."""
    return _prebuilt(_prebuilt_folder)


@pytest.fixture
def built_copy_en(_prebuilt_folder: Path) -> tuple[Path, Path]:
    """The same, built in English only (``--lang en``)."""
    return _prebuilt(_prebuilt_folder, "en")


#: Fixtures that build the whole site, serve it or drive Chromium: their tests are slow.
SLOW_FIXTURES = frozenset({"site", "server", "browser", "page", "built_copy", "built_copy_en"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if uses_slow_fixture(item) or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.slow)


def uses_slow_fixture(item: pytest.Item) -> bool:
    """Whether the test uses this file's site, server, browser or page (a module's own
    fixture of the same name, such as the small project of tests/extensions, does not count)."""
    definitions = getattr(item, "_fixtureinfo", None)
    if definitions is None:
        return False
    here = Path(__file__).resolve()
    for name in SLOW_FIXTURES & set(definitions.names_closure):
        chosen = definitions.name2fixturedefs.get(name, ())[-1:]
        if chosen and Path(chosen[0].func.__code__.co_filename).resolve() == here:
            return True
    return False


#: The fast test running now, if any: the audit hook below refuses it any process.
_fast_test: list[str] = []


def _refuse_processes_in_fast_tests(event: str, args: tuple) -> None:  # type: ignore[type-arg]
    if _fast_test and event in {"subprocess.Popen", "os.system", "os.posix_spawn", "os.exec"}:
        command = args[1] if event == "subprocess.Popen" else args[0]
        raise RuntimeError(
            f"{_fast_test[0]} is in the fast layer (not marked slow) but starts a process ({command!r}): "
            "test it in-process (helpcenter.testing.SphinxProject, a function call) or mark it @pytest.mark.slow"
        )


sys.addaudithook(_refuse_processes_in_fast_tests)  # an audit hook cannot be removed: it checks _fast_test


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):  # type: ignore[no-untyped-def]
    """Setup, call and teardown of a fast test run with processes refused."""
    if item.get_closest_marker("slow") is None:
        _fast_test.append(item.nodeid)
    try:
        return (yield)
    finally:
        _fast_test.clear()


#: The figures tests report (testing.REPORT), gathered from each test's report: with
#: pytest-xdist the tests run in worker processes, and only their reports come back.
FIGURES: list[str] = []
FIGURE = "helpcenter figure"


@pytest.fixture(autouse=True)
def _figures_travel_with_the_report(request: pytest.FixtureRequest) -> Iterator[None]:
    before = len(testing.REPORT)
    yield
    request.node.user_properties.extend((FIGURE, line) for line in testing.REPORT[before:])


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "teardown":
        FIGURES.extend(line for name, line in report.user_properties if name == FIGURE)


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    figures = FIGURES + [line for line in testing.REPORT if line not in FIGURES]  # any made outside a test
    if figures:
        terminalreporter.section("help center figures")
        for line in figures:
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
        yield QuietWorkers(browser)


class QuietWorkers:
    """Playwright's browser, whose new contexts and pages block the site's service worker
    unless a test asks for it (``service_workers="allow"``): on its first page each
    context's worker would download the whole language (the offline copy), a few seconds
    of both cores per context; only the offline and privacy tests are about it."""

    def __init__(self, browser) -> None:  # type: ignore[no-untyped-def]
        self._browser = browser

    def new_context(self, **options):  # type: ignore[no-untyped-def]
        return self._browser.new_context(**{"service_workers": "block", **options})

    def new_page(self, **options):  # type: ignore[no-untyped-def]
        return self._browser.new_page(**{"service_workers": "block", **options})

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, for the accessibility tests to inject."""
    try:
        return testing.axe_source()
    except FileNotFoundError as missing:
        pytest.fail(str(missing))


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    yield page
    context.close()
