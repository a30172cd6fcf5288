"""Planted mistakes stop the build with the file and line, and publish nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpcenter.testing import msgid_line, run_build, assert_build_refused

#: Each test builds a copy of the site or runs a command (tests/conftest.py).
pytestmark = pytest.mark.slow




def test_broken_restructuredtext(repo_copy: Path, tmp_path: Path) -> None:
    page = repo_copy / "docs" / "faq" / "index.rst"
    page.write_text(page.read_text(encoding="utf-8") + "\n.. grid-item-card::\n   :link: nowhere\n\n   Unindented card\n", encoding="utf-8")
    run = run_build(tmp_path / "w", "--lang", "en", root=repo_copy)
    assert_build_refused(run, r"docs/faq/index\.rst:\d+", tmp_path / "w")


def test_broken_myst(repo_copy: Path, tmp_path: Path) -> None:
    page = repo_copy / "docs" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n```{no-such-directive}\nText\n```\n", encoding="utf-8")
    run = run_build(tmp_path / "w", "--lang", "en", root=repo_copy)
    assert_build_refused(run, r"docs/about\.md:\d+", tmp_path / "w")


def test_broken_po_entry(repo_copy: Path, tmp_path: Path) -> None:
    catalog = repo_copy / "locales" / "fr" / "LC_MESSAGES" / "faq" / "index.po"
    lines = catalog.read_text(encoding="utf-8").splitlines()
    broken = next(i for i, line in enumerate(lines) if line.startswith("msgstr") and i > 20)
    lines[broken] = 'msgstr "an unclosed string'
    catalog.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = run_build(tmp_path / "w", root=repo_copy)
    assert_build_refused(run, rf"locales/fr/LC_MESSAGES/faq/index\.po:{broken + 1}\b", tmp_path / "w")


def test_malformed_channel_data(repo_copy: Path, tmp_path: Path) -> None:
    data = repo_copy / "docs" / "_data" / "channels.toml"
    data.write_text(data.read_text(encoding="utf-8").replace('values = { min_hours = 24, max_hours = 48 }', 'values = { min_hours = 24 }'), encoding="utf-8")
    run = run_build(tmp_path / "w", "--lang", "en", root=repo_copy)
    assert_build_refused(run, r"channels\.toml:\d+: channel 'email'.*max_hours", tmp_path / "w")


def test_missing_image(repo_copy: Path, tmp_path: Path) -> None:
    page = repo_copy / "docs" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n![A screenshot](no-such-screenshot.png)\n", encoding="utf-8")
    run = run_build(tmp_path / "w", "--lang", "en", root=repo_copy)
    assert_build_refused(run, r"docs/about\.md:\d+: WARNING: image file not readable: no-such-screenshot\.png", tmp_path / "w")


def test_reference_to_a_missing_page_or_anchor(repo_copy: Path, tmp_path: Path) -> None:
    page = repo_copy / "docs" / "faq" / "general.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nSee {doc}`/faq/no-such-page` and {ref}`no-such-question`.\n", encoding="utf-8"
    )
    run = run_build(tmp_path / "w", "--lang", "en", root=repo_copy)
    assert_build_refused(run, r"docs/faq/general\.md:\d+: WARNING: unknown document: '/faq/no-such-page'", tmp_path / "w")
    assert re.search(r"docs/faq/general\.md:\d+: WARNING: undefined label: 'no-such-question'", run.stdout + run.stderr)


def test_translation_that_breaks_the_markup(repo_copy: Path, tmp_path: Path) -> None:
    import polib

    path = repo_copy / "locales" / "fr" / "LC_MESSAGES" / "faq" / "billing.po"
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if "{doc}`/channels/live-chat`" in e.msgstr)
    entry.msgstr = entry.msgstr.replace("{doc}`/channels/live-chat`", "{doc}`/channels/live-chat")
    catalog.save(str(path))
    line = msgid_line(path, entry.msgid)
    run = run_build(tmp_path / "w", root=repo_copy)
    assert_build_refused(run, rf"locales/fr/LC_MESSAGES/faq/billing\.po:{line}: the translation changes the markup", tmp_path / "w")
