"""What is published is exactly what the sources say: each fault is planted,
then the published folder is read.

Removed pages, failed and killed builds, raw HTML, placeholders, site.toml,
the 404 page's search, concurrent builds, the atomic swap, the Python version
and non-ASCII page names (the README's "bad input" table lists each).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from helpcenter.pipeline.publish import SPARE_RECORD
from helpcenter.sphinxext.search_files import read_index
from helpcenter.testing import BASE_URL, ROOT, Build, assert_build_refused, differences, msgid_line, run_build, snapshot

#: Each test builds a copy of the site or runs a command (tests/conftest.py).
pytestmark = pytest.mark.slow

PAGE_EN = """---
description: A page that is published, then removed.
reviewed: 2026-12-01
products: NordVPN
orphan: true
---

# {title}

This page exists only while the test needs it.
"""

PAGE_FR = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: fr\\n"

msgid "A page that is published, then removed."
msgstr "Une page publiée, puis retirée."

msgid "{title}"
msgstr "{title} (fr)"

msgid "This page exists only while the test needs it."
msgstr "Cette page n'existe que le temps du test."
"""


def search_titles(site: Path) -> str:
    """The titles of a language's search entries, one a line."""
    return "\n".join(doc[1] for doc in read_index(site / "_static").docs)


def add_page(repo: Path, name: str, title: str) -> None:
    (repo / "docs" / f"{name}.md").write_text(PAGE_EN.format(title=title), encoding="utf-8")
    catalog = repo / "locales" / "fr" / "LC_MESSAGES" / f"{name}.po"
    catalog.write_text(PAGE_FR.replace("{title}", title), encoding="utf-8")


def remove_page(repo: Path, name: str) -> None:
    (repo / "docs" / f"{name}.md").unlink()
    (repo / "locales" / "fr" / "LC_MESSAGES" / f"{name}.po").unlink()


def assert_same_site(built: Path, clean: Path) -> None:
    differ = differences(built, clean)
    assert not differ, "\n".join(differ[:20])


def output_of(run: subprocess.CompletedProcess[str]) -> str:
    return run.stdout + run.stderr


@pytest.fixture
def published(built_copy_en: tuple[Path, Path]) -> tuple[Path, Path]:
    """A repository copy and its work folder, with the English site built and published."""
    return built_copy_en


@pytest.fixture
def published_both(built_copy: tuple[Path, Path]) -> tuple[Path, Path]:
    """The same with every language."""
    return built_copy


# -- 1. Removed pages, and 11. non-ASCII page names -----------------------------------------


def test_a_removed_page_leaves_the_site_with_its_copies_sitemap_and_search_entries(published_both: tuple[Path, Path]) -> None:
    repo, work = published_both
    add_page(repo, "déménagement", "Moving house checklist")
    assert run_build(work, root=repo).returncode == 0
    html = work / "html"
    sitemap = (html / "sitemap.xml").read_text(encoding="utf-8")
    for lang in ("en", "fr"):
        page = html / lang / "déménagement.html"
        assert page.is_file() and page.with_name(page.name + ".gz").is_file() and page.with_name(page.name + ".br").is_file()
        assert "Moving house checklist" in search_titles(html / lang)
        # Non-ASCII page names are percent-encoded in the sitemap and the hreflang links.
        assert f"<loc>{BASE_URL}{lang}/d%C3%A9m%C3%A9nagement.html</loc>" in sitemap
        assert f'hreflang="fr" href="{BASE_URL}fr/d%C3%A9m%C3%A9nagement.html"' in page.read_text(encoding="utf-8")
    assert "déménagement" not in sitemap

    remove_page(repo, "déménagement")
    run = run_build(work, root=repo)
    assert run.returncode == 0, output_of(run)
    files = snapshot(html)
    assert not [name for name in files if "m%C3%A9nagement" in name or "ménagement" in name]
    assert "nagement" not in (html / "sitemap.xml").read_text(encoding="utf-8")
    for lang in ("en", "fr"):
        assert "Moving house checklist" not in search_titles(html / lang)


# -- 1 and 3. Failed builds: nothing of theirs is published, the next build is right first time ------


def test_pages_of_a_failed_build_never_reach_the_site(published: tuple[Path, Path], tmp_path: Path) -> None:
    repo, work = published
    add_page(repo, "leaking", "A page of a failed build")
    about = repo / "docs" / "about.md"
    good = about.read_text(encoding="utf-8")
    about.write_text(good + "\nSee {doc}`/no/such/page`.\n", encoding="utf-8")
    assert run_build(work, "--lang", "en", root=repo).returncode != 0
    assert (work / "sphinx" / "en" / "leaking.html").is_file()  # Sphinx wrote it, publishing did not take it
    about.write_text(good, encoding="utf-8")
    remove_page(repo, "leaking")
    run = run_build(work, "--lang", "en", root=repo)
    assert run.returncode == 0, output_of(run)
    assert not [name for name in snapshot(work / "html") if "leaking" in name]
    clean = tmp_path / "clean"
    assert run_build(clean, "--lang", "en", root=repo).returncode == 0
    assert_same_site(work / "html", clean / "html")


def test_the_build_after_a_duplicate_label_failure_passes_first_time(published: tuple[Path, Path]) -> None:
    repo, work = published
    page = repo / "docs" / "about.md"
    good = page.read_text(encoding="utf-8")
    label = re.search(r"^\((?P<label>[\w-]+)\)=$", (repo / "docs" / "complaints" / "write.md").read_text(encoding="utf-8"), re.M)
    assert label, "complaints/write.md has no explicit label to duplicate"
    page.write_text(good + f"\n({label['label']})=\n## A duplicate\n\nText.\n", encoding="utf-8")
    failed = run_build(work, "--lang", "en", root=repo)
    assert failed.returncode != 0 and "duplicate label" in output_of(failed), output_of(failed)
    page.write_text(good, encoding="utf-8")
    run = run_build(work, "--lang", "en", root=repo)
    assert run.returncode == 0, output_of(run)
    assert "from scratch" in run.stdout


# -- 2. Killed builds ----------------------------------------------------------------------------


def start_build(work: Path, root: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "HELPCENTER_BASE_URL": BASE_URL}
    command = [sys.executable, "-m", "helpcenter.commands.cli", "build", "--work", str(work), "--out", str(work / "html"), *args]
    return subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)


def wait_for(condition, timeout: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_a_build_killed_just_after_writing_a_page_is_mended_by_the_next(published: tuple[Path, Path], tmp_path: Path) -> None:
    repo, work = published
    page = repo / "docs" / "about.md"
    page.write_text(page.read_text(encoding="utf-8").replace("\n# ", "\n# Renamed: ", 1), encoding="utf-8")
    written = work / "sphinx" / "en" / "about.html"
    before = written.stat().st_mtime_ns
    build = start_build(work, repo, "--lang", "en")
    wait_for(lambda: written.stat().st_mtime_ns != before if written.exists() else False)
    os.killpg(build.pid, signal.SIGKILL)  # as a power cut or an impatient Ctrl-\ would
    build.wait()
    assert "Renamed: " not in (work / "html" / "en" / "about.html").read_text(encoding="utf-8")
    run = run_build(work, "--lang", "en", root=repo)
    assert run.returncode == 0, output_of(run)
    assert "Renamed: " in search_titles(work / "html" / "en")
    clean = tmp_path / "clean"
    assert run_build(clean, "--lang", "en", root=repo).returncode == 0
    assert_same_site(work / "html", clean / "html")


# -- 5. Placeholders and HTML in catalogs (raw HTML in pages: tests/extensions/test_reading.py) --------


CATALOG_FAULTS = [
    ("about", lambda e: e.msgstr + ' <a href="https://evil.example/">Vérifiez votre compte</a>', "adds HTML or an address"),
    ("channels/email", lambda e: e.msgstr + " <https://evil.example/>", "adds HTML or an address"),
    ("sphinx", lambda e: e.msgstr.replace("%(title)s", "%s"), r"placeholders \(%s\) differ from the msgid's \(%\(title\)s\)"),
]


def test_html_or_a_changed_placeholder_in_translations_stops_the_build(published_both: tuple[Path, Path]) -> None:
    import polib

    repo, work = published_both
    expected = []
    for catalog, change, message in CATALOG_FAULTS:
        path = repo / "locales" / "fr" / "LC_MESSAGES" / f"{catalog}.po"
        po = polib.pofile(str(path))
        entry = next(e for e in po if e.msgstr and ("%(title)s" in e.msgid if catalog == "sphinx" else not e.msgid.startswith("{")))
        entry.msgstr = change(entry)
        po.save(str(path))
        line = msgid_line(path, entry.msgid)
        expected.append(rf"locales/fr/LC_MESSAGES/{catalog}\.po:{line}: .*{message}")
    before = snapshot(work / "html")
    run = run_build(work, root=repo)
    for pattern in expected:
        assert_build_refused(run, pattern, work, before)
    # A renamed placeholder is named with its catalog too, not by a KeyError in Sphinx.
    path = repo / "locales" / "fr" / "LC_MESSAGES" / "sphinx.po"
    path.write_text(path.read_text(encoding="utf-8").replace("%s", "%(titre)s"), encoding="utf-8")
    run = run_build(work, root=repo)
    assert_build_refused(run, r"locales/fr/LC_MESSAGES/sphinx\.po:\d+: the translation's placeholders \(%\(titre\)s\)", work, before)


def test_a_placeholder_dropped_from_the_channel_data_translation_stops_the_build(published: tuple[Path, Path]) -> None:
    import polib

    repo, work = published
    path = repo / "locales" / "fr" / "LC_MESSAGES" / "channels.po"
    po = polib.pofile(str(path))
    entry = next((e for e in po if re.search(r"\{\w+\}", e.msgid)), None)
    if entry is None:  # the data has no placeholder today: give it one, translated without it
        po.append(polib.POEntry(msgid="Replies within {max_hours} hours", msgstr="Réponse sous 48 heures"))
    else:
        entry.msgstr = re.sub(r"\{\w+\}", "48", entry.msgstr, count=1)
    po.save(str(path))
    before = snapshot(work / "html")
    run = run_build(work, "--lang", "fr", root=repo)
    assert_build_refused(run, r"locales/fr/LC_MESSAGES/channels\.po:\d+: the translation's placeholders", work, before)


# -- 7. site.toml ----------------------------------------------------------------------------------


# The bad settings are refused before Sphinx starts: tests/test_refused_early.py (in-process).


# -- 8. The 404 page's search, at any depth --------------------------------------------------------


def test_the_404_page_loads_its_search_from_absolute_paths(site: Build) -> None:
    for page in (site.html / "404.html", site.html / "en" / "404.html", site.html / "fr" / "404.html"):
        html = page.read_text(encoding="utf-8")
        lang = "fr" if "/fr/" in page.as_posix() else "en"
        for attribute in ("data-engine", "data-index", "data-stemmer", "data-root"):
            value = re.search(rf'{attribute}="([^"]*)"', html)
            assert value and value.group(1).startswith(f"/{lang}/"), f"{page}: {attribute}={value and value.group(1)!r}"


@pytest.mark.browser
def test_search_works_on_the_404_page_deep_in_the_site(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    response = page.goto(f"{server}fr/no/such/deep/page.html")
    assert response.status == 404
    page.locator("#sidebar-search-input").fill("remboursement")
    results = page.locator("#sidebar-search-results a")
    results.first.wait_for(timeout=10_000)
    href = results.first.evaluate("a => a.href")
    assert href.startswith(f"{server}fr/"), href
    assert page.goto(href).status == 200
    assert page.locator("h1").count() == 1
    context.close()


# -- 9. One build at a time; an atomic swap ----------------------------------------------------------


def test_a_second_build_in_the_same_checkout_is_refused_with_a_clear_message(published: tuple[Path, Path]) -> None:
    repo, work = published
    page = repo / "docs" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    first = start_build(work, repo, "--lang", "en")
    wait_for(lambda: (work / "build.lock").read_text().strip() == str(first.pid))
    second = run_build(work, "--lang", "en", root=repo)
    assert second.returncode != 0
    assert "another build is running" in output_of(second) and str(first.pid) in output_of(second), output_of(second)
    assert "Traceback" not in output_of(second)
    out, _ = first.communicate(timeout=120)
    assert first.returncode == 0, out
    assert "One more sentence." in (work / "html" / "en" / "about.html").read_text(encoding="utf-8")


def test_the_published_site_is_never_missing_while_a_build_publishes(published: tuple[Path, Path]) -> None:
    repo, work = published
    index = work / "html" / "en" / "index.html"
    missing: list[float] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            if not index.is_file():
                missing.append(time.monotonic())

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for sentence in ("First change.", "Second change."):
            page = repo / "docs" / "index.rst"
            page.write_text(page.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
            assert run_build(work, "--lang", "en", root=repo).returncode == 0
    finally:
        done.set()
        watcher.join()
    assert not missing, f"the site was missing {len(missing)} times"
    assert (work / "html").is_symlink()
    # The release served and one spare, the one the next publish is made from, with the
    # record of how the spare differs from the served release (a file beside them).
    releases = work / ".html.releases"
    assert len([p for p in releases.iterdir() if p.is_dir()]) == 2, "old releases are kept"
    record = json.loads((releases / SPARE_RECORD).read_text(encoding="utf-8"))
    assert record["current"] == (work / "html").resolve().name and (releases / record["spare"]).is_dir()


def test_a_publish_killed_midway_leaves_the_site_and_the_next_build_whole(published: tuple[Path, Path], tmp_path: Path) -> None:
    repo, work = published
    before = snapshot(work / "html")
    # What a publish killed before its swap leaves: a half-made release and a half-made link.
    releases = work / ".html.releases"
    shutil.copytree((work / "html").resolve(), releases / "0000-half-made", copy_function=os.link)
    (releases / "0000-half-made" / "en" / "index.html").unlink()
    (work / ".html.link").symlink_to(".html.releases/0000-half-made")
    assert snapshot(work / "html") == before
    page = repo / "docs" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAfter the kill.\n", encoding="utf-8")
    assert run_build(work, "--lang", "en", root=repo).returncode == 0
    # The half-made release was the spare the new one was made from: whatever it held is undone.
    assert not (work / ".html.link").exists() and len([p for p in releases.iterdir() if p.is_dir()]) == 2
    clean = tmp_path / "clean"
    assert run_build(clean, "--lang", "en", root=repo).returncode == 0
    assert_same_site(work / "html", clean / "html")


# -- 10. The Python version ------------------------------------------------------------------------


def test_make_names_the_python_version_it_needs(tmp_path: Path) -> None:
    for name in ("Makefile", "requirements.lock", "pyproject.toml", "package-lock.json"):
        shutil.copy(ROOT / name, tmp_path / name)
    old = tmp_path / "python3.10"
    old.write_text('#!/bin/sh\n[ "$1" = "--version" ] && { echo "Python 3.10.12"; exit 0; }\nexec false\n', encoding="utf-8")
    old.chmod(0o755)
    run = subprocess.run(["make", "-s", "html", f"PYTHON={old}"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode != 0
    assert "needs Python 3.11 or newer" in run.stderr and "Python 3.10.12" in run.stderr, run.stderr
    assert not (tmp_path / ".venv").exists(), "make went on to create the virtual environment"
