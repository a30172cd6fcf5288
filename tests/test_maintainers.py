"""The maintainers' commands, each run as a maintainer would, on a copy of
the repository: update-po, stats, the untranslated-text preview, a new
language, live preview, reproducible and incremental builds, the path
prefix, and the review report."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import polib
import pytest

from helpcenter.testing import BASE_URL, msgid_line, run_build

#: Each test builds a copy of the site or runs a command (tests/conftest.py).
pytestmark = pytest.mark.slow

FR = Path("locales") / "fr" / "LC_MESSAGES"


def cli(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "HELPCENTER_BASE_URL": BASE_URL, **env}
    return subprocess.run(
        [sys.executable, "-m", "helpcenter.commands.cli", *args], cwd=root, capture_output=True, text=True, env=environment
    )


def one_line_messages(page: Path, catalog: polib.POFile) -> list[polib.POEntry]:
    """Translated entries whose English stands on one line of the page, as written."""
    lines = set(page.read_text(encoding="utf-8").splitlines())
    return [
        e for e in catalog
        if e.msgid in lines and e.msgstr and len(e.msgid) > 60 and "{" not in e.msgid and e.msgid[0].isupper() and e.msgid.endswith(".")
    ]


def test_update_po_keeps_translations_marks_changes_fuzzy_and_drops_removed(repo_copy: Path) -> None:
    page = repo_copy / "docs" / "faq" / "billing.md"
    path = repo_copy / FR / "faq" / "billing.po"
    before = polib.pofile(str(path))
    changed, removed, kept = one_line_messages(page, before)[:3]
    text = page.read_text(encoding="utf-8")
    text = text.replace(changed.msgid, changed.msgid.rstrip(".") + ", as the terms say.")
    text = text.replace(removed.msgid + "\n", "")
    page.write_text(text, encoding="utf-8")
    run = cli(repo_copy, "update-po")
    assert run.returncode == 0, run.stdout + run.stderr
    after = polib.pofile(str(path))
    new = after.find(changed.msgid.rstrip(".") + ", as the terms say.")
    assert new is not None and new.fuzzy and new.msgstr == changed.msgstr
    assert after.find(removed.msgid) is None and not after.obsolete_entries()
    assert after.find(kept.msgid).msgstr == kept.msgstr and not after.find(kept.msgid).fuzzy
    assert not after.metadata_is_fuzzy


def test_stats_prints_progress_and_gates_on_a_threshold(repo_copy: Path) -> None:
    ok = cli(repo_copy, "stats", "--min", "100")
    assert ok.returncode == 0 and re.search(r"fr: total (\d+)/\1 translated \(100\.0%\)", ok.stdout), ok.stdout
    path = repo_copy / FR / "faq" / "billing.po"
    catalog = polib.pofile(str(path))
    for entry in list(catalog)[:5]:
        entry.msgstr = ""
    catalog.save(str(path))
    low = cli(repo_copy, "stats", "--min", "100")
    assert low.returncode == 1 and "below the required 100%" in low.stdout
    assert re.search(r"faq/billing\s+\d+\s+0\s+5\b", low.stdout)
    assert cli(repo_copy, "stats", "--min", "90").returncode == 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, contains: str, seconds: float) -> str:
    deadline, body = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                body = response.read().decode("utf-8")
            if contains in body:
                return body
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} never showed {contains!r}")


def body_text(page) -> str:  # type: ignore[no-untyped-def]
    """The page's text, or "" while it is reloading (a reload can land during the read)."""
    from playwright.sync_api import Error

    try:
        return str(page.evaluate("document.body.innerText"))
    except Error:
        return ""


def test_serve_previews_french_and_reloads_after_a_catalog_edit(repo_copy: Path, browser) -> None:  # type: ignore[no-untyped-def]
    port = free_port()
    environment = {**os.environ, "HELPCENTER_BASE_URL": BASE_URL}
    server = subprocess.Popen(
        [sys.executable, "-m", "helpcenter.commands.cli", "serve", "--lang", "fr", "--port", str(port)],
        cwd=repo_copy, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}/faq/billing.html"
        wait_for(url, 'lang="fr"', 90)
        page = browser.new_page()
        page.goto(url)
        path = repo_copy / FR / "faq" / "billing.po"
        catalog = polib.pofile(str(path))
        entry = next(e for e in catalog if e.msgid.endswith("?"))
        entry.msgstr = "Question relue pendant l'aperçu ?"
        catalog.save(str(path))
        # The open page reloads by itself (sphinx-autobuild's script, allowed by the preview's CSP).
        deadline = time.monotonic() + 90
        while "Question relue pendant l'aperçu" not in body_text(page):
            assert time.monotonic() < deadline, "the page did not reload with the new translation"
            time.sleep(0.5)
        page.close()
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=20)


def test_editing_one_page_rebuilds_only_that_page_and_edited_catalogs_are_checked_again(built_copy: tuple[Path, Path]) -> None:
    repo_copy, work = built_copy
    assert "(0 files changed)" in run_build(work, root=repo_copy).stdout
    page = repo_copy / "docs" / "about.md"
    text = page.read_text(encoding="utf-8")
    assert re.search(r"^reviewed: \d{4}-\d{2}-\d{2}$", text, re.MULTILINE)
    page.write_text(re.sub(r"^reviewed: .*$", "reviewed: 2026-11-24", text, count=1, flags=re.MULTILINE), encoding="utf-8")
    run = run_build(work, root=repo_copy)
    assert run.returncode == 0
    # The page in each language, and the language's service worker (its manifest holds the
    # page's hash), each with its .gz and .br copies: nothing else.
    assert "(12 files changed)" in run.stdout, run.stdout
    published = (work / "html" / "fr" / "about.html").read_text(encoding="utf-8")
    assert "24 novembre 2026" in published
    # The catalogs that passed their check are checked again once edited: a
    # translation that breaks its markup still stops the rebuild, by its line.
    path = repo_copy / "locales" / "fr" / "LC_MESSAGES" / "about.po"
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if "{doc}`" in e.msgstr)
    entry.msgstr = entry.msgstr.replace("{doc}`", "{doc}", 1)
    catalog.save(str(path))
    line = msgid_line(path, entry.msgid)
    failed = run_build(work, root=repo_copy)
    assert failed.returncode != 0
    assert f"locales/fr/LC_MESSAGES/about.po:{line}: the translation changes the markup" in failed.stderr, failed.stderr
    assert (work / "html" / "fr" / "about.html").read_text(encoding="utf-8") == published


def test_the_site_works_under_a_path_prefix(repo_copy: Path, tmp_path: Path, browser) -> None:  # type: ignore[no-untyped-def]
    import functools
    import http.server
    import threading

    from helpcenter.testing import CODES, StaticHost

    port = free_port()
    base = f"http://127.0.0.1:{port}/help/"
    work = tmp_path / "w"
    env_run = subprocess.run(
        [sys.executable, "-m", "helpcenter.commands.cli", "build", "--work", str(work), "--out", str(tmp_path / "root" / "help")],
        cwd=repo_copy, capture_output=True, text=True,
        env={**os.environ, "HELPCENTER_BASE_URL": base},
    )  # fmt: skip
    assert env_run.returncode == 0, env_run.stdout + env_run.stderr

    class PrefixedHost(StaticHost):
        codes = tuple(CODES)

        def send_head(self):  # type: ignore[no-untyped-def]
            if not self.path.startswith("/help/"):
                self.send_error(404)
                return None
            original, self.directory = self.directory, str(tmp_path / "root" / "help")
            self.path = self.path[len("/help") :]
            try:
                return super().send_head()
            finally:
                self.directory = original

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(PrefixedHost, directory=str(tmp_path / "root")))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        context = browser.new_context(locale="fr-FR", service_workers="allow")
        page = context.new_page()
        page.add_init_script("Object.defineProperty(navigator, 'languages', {get: () => ['fr-FR', 'fr']});")
        failed = []
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.on("response", lambda response: failed.append(response.url) if response.status >= 400 and "/missing/" not in response.url else None)
        page.goto(base)
        page.wait_for_url(f"{base}fr/index.html")
        missing = page.goto(f"{base}fr/missing/deep/page.html")
        assert missing.status == 404
        page.locator("nav.search-sections a").first.click()
        page.wait_for_url(f"{base}fr/index.html")
        assert not failed, failed
        canonical = page.locator('link[rel="canonical"]').get_attribute("href")
        assert canonical == f"{base}fr/index.html"
        # Offline reading: the language's worker, scoped to its folder under the prefix.
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        assert page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.scope)") == f"{base}fr/"
        page.reload()  # now controlled by the worker
        assert page.evaluate("navigator.serviceWorker.controller !== null")
    finally:
        httpd.shutdown()
    context.set_offline(True)
    for address in (f"{base}fr/faq/billing.html", f"{base}fr/channels/email.html"):
        response = page.goto(address)
        assert response is not None and response.from_service_worker, address
        assert page.evaluate("[...document.styleSheets].every(s => s.cssRules.length > 0)"), address
    page.goto(f"{base}fr/missing.html")
    assert page.locator("h1").inner_text() == "Vous êtes hors ligne"
    context.close()


def test_review_report_lists_drifted_pages(repo_copy: Path) -> None:
    def git(*args: str, date: str) -> None:
        env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "t",
               "GIT_AUTHOR_EMAIL": "t@example.invalid", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}  # fmt: skip
        subprocess.run(["git", *args], cwd=repo_copy, check=True, capture_output=True, env=env)

    git("init", "-q", date="2026-11-23T10:00:00")
    git("add", "-A", date="2026-11-23T10:00:00")
    git("commit", "-qm", "initial", date="2026-11-23T10:00:00")
    assert cli(repo_copy, "review-report").stdout.count("\n") <= 1
    page = repo_copy / "docs" / "faq" / "billing.md"
    reviewed = re.search(r"^reviewed: (\d{4}-\d{2}-\d{2})$", page.read_text(encoding="utf-8"), re.MULTILINE).group(1)
    assert reviewed < "2026-12-31"
    page.write_text(page.read_text(encoding="utf-8") + "\nA new closing sentence.\n", encoding="utf-8")
    git("commit", "-qam", "edit billing", date="2026-12-31T10:00:00")
    report = cli(repo_copy, "review-report")
    assert report.returncode == 1
    assert f"faq/billing: English changed on 2026-12-31, after its review on {reviewed}" in report.stdout
    assert "fr/faq/billing: English changed on 2026-12-31, translation last updated on 2026-11-23" in report.stdout
    assert "faq/general" not in report.stdout


def test_a_second_clone_sharing_this_virtual_environment_builds_itself(repo_copy: Path, tmp_path: Path) -> None:
    """The package is installed from this checkout; the build must still be the clone's own."""
    about = repo_copy / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8").replace("\n# ", "\n# Second clone: ", 1), encoding="utf-8")
    helpcenter = Path(sys.executable).parent / "helpcenter"  # this checkout's .venv
    # Run from a folder inside the clone: the checkout is found upward, as git finds its repository.
    run = subprocess.run(
        [str(helpcenter), "build", "--lang", "en"], cwd=repo_copy / "docs" / "faq",
        capture_output=True, text=True, env={**os.environ, "HELPCENTER_BASE_URL": BASE_URL},
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"into {repo_copy / '_build' / 'html'}" in run.stdout
    assert "Second clone: " in (repo_copy / "_build" / "html" / "en" / "about.html").read_text(encoding="utf-8")
    outside = subprocess.run([str(helpcenter), "build"], cwd=tmp_path, capture_output=True, text=True)
    assert outside.returncode == 2 and "no help center checkout here" in outside.stderr, outside.stderr
