"""An incremental ``make html`` publishes what a clean build publishes (issue 22, point 4).

Each probe of the issue's "Output that goes stale today" is planted in a copy
of the repository, built incrementally, and the published pages are read: a
page or catalog edited and given an older modification time, a page deleted,
restored and retitled (sidebar, breadcrumbs), a stylesheet edit (the hash
pages link), a language added and removed. Each ends by comparing the
published folder with a clean build of the same sources, byte for byte (in
another folder, by other processes: so two builds of the same sources are
identical too). The random-edit property test runs short sequences of such
edits.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpcenter import random_edits
from helpcenter.testing import BASE_URL, Build, copy_sources, differences, run_build

pytestmark = pytest.mark.slow

#: Older than any file of a checkout: 2021-01-01.
OLD = 1_609_459_200

PAGE = """---
description: A page the incremental-build probes add and remove.
reviewed: 2026-12-01
products: NordVPN
---

# {title}

This page comes and goes between builds.
"""

CATALOG = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: fr\\n"

msgid "A page the incremental-build probes add and remove."
msgstr "Une page que les sondes de construction incrémentale ajoutent et retirent."

msgid "{title}"
msgstr "{title} (fr)"

msgid "This page comes and goes between builds."
msgstr "Cette page apparaît et disparaît d'une construction à l'autre."
"""


def build(work: Path, repo: Path, *args: str) -> str:
    run = run_build(work, *args, root=repo)
    assert run.returncode == 0, run.stdout + run.stderr
    return run.stdout


def assert_equals_clean(repo: Path, work: Path, tmp_path: Path, *args: str) -> None:
    """The published folder is byte for byte a clean build's of the same sources."""
    clean = copy_sources(repo, tmp_path / f"clean-{len(list(tmp_path.iterdir()))}")
    build(clean / "work", clean, *args)
    found = differences(work / "html", clean / "work" / "html")
    assert not found, "the incremental build differs from a clean build:\n" + "\n".join(found[:20])


def edit_with_older_time(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} no longer holds {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, (OLD, OLD))


def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def linking(site: Path, href_end: str) -> list[str]:
    """The pages with a link whose address ends with href_end."""
    pattern = re.compile(rf'href="[^"]*{re.escape(href_end)}(?:#[^"]*)?"')
    return [name for name, html in pages(site).items() if pattern.search(html)]


def test_a_page_and_a_catalog_edited_with_an_older_time_are_rebuilt(built_copy: tuple[Path, Path], tmp_path: Path) -> None:
    repo_copy, work = built_copy
    page = repo_copy / "docs" / "about.md"
    catalog = repo_copy / "locales" / "fr" / "LC_MESSAGES" / "about.po"
    edit_with_older_time(page, "\n# About this guide\n", "\n# About this guide\n\nA sentence added with an older time.\n")
    added = '\nmsgid "A sentence added with an older time."\nmsgstr "Une phrase ajoutée avec une date plus ancienne."\n'
    edit_with_older_time(catalog, 'msgstr "À propos de ce guide"\n', 'msgstr "À propos de ce guide, modifié"\n' + added)
    output = build(work, repo_copy)
    assert "(0 files changed)" not in output
    assert "A sentence added with an older time." in (work / "html" / "en" / "about.html").read_text(encoding="utf-8")
    french = (work / "html" / "fr" / "about.html").read_text(encoding="utf-8")
    assert "À propos de ce guide, modifié" in french and "Une phrase ajoutée avec une date plus ancienne." in french
    # The interface catalog too (Sphinx compiles sphinx.po before any extension loads, by time alone).
    interface = repo_copy / "locales" / "fr" / "LC_MESSAGES" / "sphinx.po"
    label = "Afficher ou masquer le menu du site"
    assert label in french
    edit_with_older_time(interface, f'msgstr "{label}"', f'msgstr "{label} (modifié)"')
    build(work, repo_copy)
    for name in ("index.html", "about.html"):
        assert f"{label} (modifié)" in (work / "html" / "fr" / name).read_text(encoding="utf-8"), f"fr/{name} keeps the old interface text"
    assert_equals_clean(repo_copy, work, tmp_path)


def test_a_deleted_restored_or_retitled_page_is_shown_as_it_is_on_every_page(repo_copy: Path, tmp_path: Path) -> None:
    work, site = tmp_path / "w", tmp_path / "w" / "html" / "en"
    index = repo_copy / "docs" / "faq" / "index.rst"
    toctree = index.read_text(encoding="utf-8")
    index.write_text(toctree.replace("   security\n", "   security\n   probe\n"), encoding="utf-8")
    page, catalog = repo_copy / "docs" / "faq" / "probe.md", repo_copy / "locales" / "fr" / "LC_MESSAGES" / "faq" / "probe.po"
    page.write_text(PAGE.format(title="Probe page"), encoding="utf-8")
    catalog.write_text(CATALOG.replace("{title}", "Probe page"), encoding="utf-8")
    build(work, repo_copy, "--lang", "en")
    listed = linking(site, "faq/probe.html")
    assert len(listed) > 10, "the sidebar of most pages should list the new page"

    index.write_text(toctree, encoding="utf-8")  # deleted
    page.unlink()
    catalog.unlink()
    build(work, repo_copy, "--lang", "en")
    assert not (site / "faq" / "probe.html").exists()
    assert linking(site, "faq/probe.html") == [], "pages still link the deleted page"

    index.write_text(toctree.replace("   security\n", "   security\n   probe\n"), encoding="utf-8")  # restored
    page.write_text(PAGE.format(title="Probe page"), encoding="utf-8")
    catalog.write_text(CATALOG.replace("{title}", "Probe page"), encoding="utf-8")
    build(work, repo_copy, "--lang", "en")
    assert linking(site, "faq/probe.html") == listed

    # Retitled, with an older time: no page keeps the old title (sidebar, breadcrumbs, links).
    edit_with_older_time(page, "# Probe page", "# Probe page renamed")
    edit_with_older_time(catalog, 'msgid "Probe page"\nmsgstr "Probe page (fr)"', 'msgid "Probe page renamed"\nmsgstr "Probe page renamed (fr)"')
    parent = "Frequently asked questions"  # a section title: breadcrumbs show it
    edit_with_older_time(repo_copy / "docs" / "faq" / "index.rst", f"{parent}\n{'=' * len(parent)}", f"{parent} now\n{'=' * len(parent + ' now')}")
    build(work, repo_copy, "--lang", "en")
    stale = [name for name, html in pages(site).items() if re.search(r">\s*Probe page\s*<", html)]
    assert stale == [], "pages keep the old title"
    children = {name: html for name, html in pages(site).items() if name.count("/") == 1 and name.startswith("faq/")}
    assert [name for name, html in children.items() if re.search(rf">\s*{parent}\s*<", html)] == []
    assert all(f"{parent} now" in html for html in children.values())
    assert_equals_clean(repo_copy, work, tmp_path, "--lang", "en")


def test_site_wide_inputs_edited_with_an_older_time_reach_every_page(built_copy_en: tuple[Path, Path], tmp_path: Path) -> None:
    repo_copy, work = built_copy_en
    site = work / "html" / "en"
    css_link = re.compile(r'href="[^"]*_static/helpcenter\.css\?v=(\w+)"')
    before = {css_link.search(html)[1] for html in pages(site).values() if css_link.search(html)}
    assert len(before) == 1
    stylesheet = repo_copy / "docs" / "_static" / "helpcenter.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "/* edited */\n", encoding="utf-8")
    os.utime(stylesheet, (OLD, OLD))
    template = repo_copy / "docs" / "_templates" / "base.html"
    edit_with_older_time(template, "{%- block body %}\n", "{%- block body %}\n<div hidden data-probe=\"template\"></div>\n")
    output = build(work, repo_copy, "--lang", "en")
    linked = {css_link.search(html)[1] for html in pages(site).values() if css_link.search(html)}
    assert linked.isdisjoint(before) and len(linked) == 1, "pages link the stylesheet's old hash"
    message = "docs/_static/helpcenter.css, docs/_templates/base.html changed since the last build: building en from scratch"
    assert message in output, output
    assert (site / "_static" / "helpcenter.css").read_text(encoding="utf-8").endswith("/* edited */\n")
    for name in ("index.html", "about.html", "faq/billing.html"):
        assert 'data-probe="template"' in (site / name).read_text(encoding="utf-8"), f"{name} was not written with the edited template"
    assert_equals_clean(repo_copy, work, tmp_path, "--lang", "en")


def test_an_added_language_reaches_existing_pages_and_a_removed_one_is_unpublished(
    built_copy: tuple[Path, Path], site: Build, tmp_path: Path
) -> None:
    repo_copy, work = built_copy
    published = work / "html"
    languages_file = repo_copy / "locales" / "languages.toml"
    listed = languages_file.read_text(encoding="utf-8")
    command = [sys.executable, "-m", "helpcenter.commands.cli", "add-language", "de", "Deutsch"]
    added = subprocess.run(command, cwd=repo_copy, capture_output=True, text=True)
    assert added.returncode == 0, added.stdout + added.stderr
    assert 'code = "de"' in languages_file.read_text(encoding="utf-8")
    assert (repo_copy / "locales" / "de" / "LC_MESSAGES" / "faq" / "billing.po").is_file()
    assert subprocess.run(command, cwd=repo_copy, capture_output=True, text=True).returncode == 2  # already there
    build(work, repo_copy)
    for lang in ("en", "fr"):
        about = (published / lang / "about.html").read_text(encoding="utf-8")
        assert 'hreflang="de"' in about and 'href="../de/about.html"' in about and "Deutsch" in about, f"{lang}/about.html lacks the new language"
    assert 'lang="de"' in (published / "de" / "about.html").read_text(encoding="utf-8")
    assert (published / "de" / "_static" / "search-index.json").is_file()
    assert f"{BASE_URL}de/faq/billing.html" in (published / "sitemap.xml").read_text(encoding="utf-8")
    assert_equals_clean(repo_copy, work, tmp_path)

    languages_file.write_text(listed, encoding="utf-8")
    build(work, repo_copy)
    assert not (published / "de").exists(), "the removed language's folder is still published"
    # The sources are the repository's again: the site equals the session's clean build of them.
    found = differences(published, site.html)
    assert not found, "after removing the language, the site differs from a clean build:\n" + "\n".join(found[:20])


#: Edits per sequence in the default run (``make soak`` runs 30 sequences of 30).
EDITS = int(os.environ.get("HELPCENTER_RANDOM_EDITS", "2"))


def test_random_edits_keep_the_incremental_build_equal_to_a_clean_one(built_copy: tuple[Path, Path], tmp_path: Path) -> None:
    """A seeded random sequence of edits (a new seed each run, printed on failure; set
    HELPCENTER_RANDOM_EDIT_SEED to replay one, HELPCENTER_RANDOM_EDITS for a longer run)."""
    seed = int(os.environ.get("HELPCENTER_RANDOM_EDIT_SEED") or random.SystemRandom().randrange(1_000_000))
    from helpcenter.testing import checkout

    try:
        random_edits.run_sequence(checkout().root, seed, EDITS, tmp_path, built=built_copy)
    except random_edits.EditFailed as failure:
        pytest.fail(f"{failure}\nreplay: python -m helpcenter.random_edits {seed} {EDITS}", pytrace=False)
