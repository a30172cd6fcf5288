"""A rebuild reads what changed, not the whole site (issue: a help center fifty
times larger). Publishing keeps what it learnt of each published file (its
digest for the offline manifest, a page's links), trusted while a published
file's size and modification time are the same, and the input check keeps
which catalogs passed, by their content's digest. These tests count what each
step reads; that the result equals a clean build is what
test_incremental_equals_clean, the publishing-integrity tests and the soak check."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from helpcenter import languages
from helpcenter.catalogs import CatalogError
from helpcenter.checks import catalog_integrity
from helpcenter.pipeline import build, offline

PAGE = '<html><head><link rel="stylesheet" href="_static/site.css"></head><body>{text}</body></html>'


def language_folder(root: Path) -> Path:
    (root / "_static").mkdir(parents=True)
    (root / "_static" / "site.css").write_text("body { color: black }", encoding="utf-8")
    for name in ("index", "offline", "a", "b"):
        (root / f"{name}.html").write_text(PAGE.format(text=name * 300), encoding="utf-8")
    return root


def counting(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[object]:
    """Replace module.name by a wrapper that records each call's first argument."""
    calls: list[object] = []
    original = getattr(module, name)

    def wrapper(*args: object, **kwargs: object) -> object:
        calls.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return calls


def test_the_offline_manifest_reads_only_the_files_that_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = language_folder(tmp_path / "en")
    record = tmp_path / "work" / "published-files.pickle"
    record.parent.mkdir()
    digests = counting(monkeypatch, offline, "_digest")
    pages = counting(monkeypatch, offline, "_page_links")

    def collect() -> list[offline.Entry]:
        known = offline.Known(record)
        entries = offline.collect(root, "/en/", known)
        known.save()
        return entries

    first = collect()
    assert sorted(Path(str(p)).name for p in pages) == ["a.html", "b.html", "index.html", "offline.html"]
    assert len(digests) == 5  # four pages and the stylesheet
    digests.clear(), pages.clear()
    assert collect() == first and not digests and not pages, "an unchanged site was read again"
    (root / "b.html").write_text(PAGE.format(text="changed" * 100), encoding="utf-8")
    third = collect()
    assert [Path(str(p)).name for p in digests] == ["b.html"] and [Path(str(p)).name for p in pages] == ["b.html"]
    changed = [new for old, new in zip(first, third, strict=True) if old != new]
    assert [entry.url for entry in changed] == ["b.html"]
    # A record spoilt (a build killed while writing it) is not trusted: everything is read again.
    record.write_bytes(record.read_bytes()[:100])
    digests.clear()
    assert collect() == third and len(digests) == 5


def test_the_input_check_reads_only_the_catalogs_edited(repo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo_copy)
    checked = counting(monkeypatch, catalog_integrity, "check_catalog")
    chosen = languages.load()
    catalogs = sorted((repo_copy / "locales" / "fr" / "LC_MESSAGES").rglob("*.po"))
    build.check_inputs(chosen, tmp_path)
    assert len(checked) == len(catalogs) > 20
    checked.clear()
    build.check_inputs(chosen, tmp_path)
    assert checked == [], "unchanged catalogs were read again"
    edited = repo_copy / "locales" / "fr" / "LC_MESSAGES" / "about.po"
    edited.write_text(edited.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    build.check_inputs(chosen, tmp_path)
    assert checked == [edited]
    # A catalog broken after it passed is caught: its new size and time make it read again.
    checked.clear()
    text = edited.read_text(encoding="utf-8")
    msgid = text.index('msgstr "', text.index("msgid", text.index("msgid") + 5))
    edited.write_text(text[:msgid] + 'msgstr "<b>' + text[msgid + len('msgstr "') :], encoding="utf-8")
    stat = edited.stat()
    os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    with pytest.raises(CatalogError, match="about.po:"):
        build.check_inputs(chosen, tmp_path)
