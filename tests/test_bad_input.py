"""Planted mistakes stop the build with the file and line, and publish nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpcenter.testing import msgid_line, run_build, assert_build_refused

#: Each test builds a copy of the site or runs a command (tests/conftest.py).
pytestmark = pytest.mark.slow


# The page faults share one build: Sphinx reports each, by its file and line, and
# each pattern names the fault (the file alone could match another fault's line).
PAGE_FAULTS = [
    ("faq/index.rst", "\n.. grid-item-card::\n   :link: nowhere\n\n   Unindented card\n", r"docs/faq/index\.rst:\d+: (ERROR|WARNING): "),
    ("about.md", "\n```{no-such-directive}\nText\n```\n", r"docs/about\.md:\d+: (ERROR|WARNING): Unknown directive type: 'no-such-directive'"),
    ("about.md", "\n![A screenshot](no-such-screenshot.png)\n", r"docs/about\.md:\d+: WARNING: image file not readable: no-such-screenshot\.png"),
    ("faq/general.md", "\nSee {doc}`/faq/no-such-page` and {ref}`no-such-question`.\n", r"docs/faq/general\.md:\d+: WARNING: unknown document: '/faq/no-such-page'"),
    ("faq/general.md", "", r"docs/faq/general\.md:\d+: WARNING: undefined label: 'no-such-question'"),
]


def test_broken_pages_stop_the_build_each_named_by_file_and_line(repo_copy: Path, tmp_path: Path) -> None:
    for name, added, _ in PAGE_FAULTS:
        page = repo_copy / "docs" / name
        page.write_text(page.read_text(encoding="utf-8") + added, encoding="utf-8")
    run = run_build(tmp_path / "w", "--lang", "en", root=repo_copy)
    for _, _, pattern in PAGE_FAULTS:
        assert_build_refused(run, pattern, tmp_path / "w")


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
