"""Unit tests of the build helpers: CSS purge, compression, CSP, stats, MyST settings cache, the Sphinx process."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import brotli
import polib
import pytest

from helpcenter.commands import stats
from helpcenter.pipeline import compress
from helpcenter.pipeline.publish import Staging, releases_of
from helpcenter.testing import snapshot
from helpcenter.sphinxext import assets, csp, myst_speed


def test_purge_keeps_rules_for_used_components_only() -> None:
    css = (
        ".sd-card{color:red}.sd-tab-set>label{color:blue}.sd-card,.sd-unused{margin:0}"
        "@media (min-width:576px){.sd-col-sm-6{width:50%}.sd-card-body{padding:1rem}}"
        ".other .sd-hidden{display:none}body{margin:0}"
    )
    purged = assets.purge(css, {"sd-card", "sd-card-body"})
    assert ".sd-card{color:red}" in purged and ".sd-card{margin:0}" in purged
    assert "sd-tab-set" not in purged and "sd-unused" not in purged and "sd-col-sm-6" not in purged
    assert "@media (min-width:576px){.sd-card-body{padding:1rem}}" in purged
    assert "body{margin:0}" in purged


def test_compressed_copies_round_trip_and_are_deterministic() -> None:
    data = ("<p>Bonjour, voici une page.</p>" * 200).encode()
    first, second = compress.compressed(data), compress.compressed(data)
    assert first == second
    assert gzip.decompress(first[".gz"]) == data and brotli.decompress(first[".br"]) == data
    assert len(first[".br"]) < len(data) / 10


def test_a_file_that_shrinks_below_the_compression_threshold_loses_its_stale_copies(tmp_path: Path) -> None:
    outdir = tmp_path / "html"
    for text in ("x" * 2 * compress.MINIMUM_BYTES, "small"):
        staging = Staging(outdir)
        staging.write_text("en/_static/search/d/0.json", text)
        staging.compress_changed()
        staging.swap_in()
        published = outdir.resolve() / "en" / "_static" / "search" / "d"
        if text != "small":
            assert (published / "0.json.gz").is_file()
    assert sorted(p.name for p in published.iterdir()) == ["0.json"]


def test_a_release_is_made_from_the_spare_whatever_a_killed_publish_left_in_it(tmp_path: Path) -> None:
    outdir = tmp_path / "html"

    def publish(files: dict[str, str]) -> None:
        staging = Staging(outdir)
        for name, text in files.items():
            staging.write_text(name, text)
        staging.swap_in()

    publish({"en/a.html": "A1", "en/b.html": "B1"})
    publish({"en/a.html": "A2"})  # the first release is now the spare
    [spare] = [release for release in releases_of(outdir).iterdir() if release.is_dir() and release != outdir.resolve()]
    (spare / "en" / "b.html").unlink()
    (spare / "en" / "b.html").write_text("planted")  # not the served file
    (spare / "en" / "extra.html").write_text("extra")
    (spare / "junk" / "deep").mkdir(parents=True)
    (spare / "junk" / "deep" / "x.txt").write_text("x")
    (spare / "en" / "link.html").symlink_to(outdir.resolve() / "en" / "a.html")
    publish({"en/a.html": "A3"})
    assert outdir.resolve() == spare
    assert snapshot(outdir) == {"en/a.html": b"A3", "en/b.html": b"B1"}
    assert not (spare / "junk").exists() and not (spare / "en" / "link.html").is_symlink()


def _old_folders(release: Path) -> None:
    """Age every folder of a release, as the seconds between two real builds would."""
    for folder in [release, *(p for p in release.rglob("*") if p.is_dir() and not p.is_symlink())]:
        os.utime(folder, ns=(folder.stat().st_atime_ns, folder.stat().st_mtime_ns - 10**10))


def test_the_spare_is_fixed_from_its_record_and_scanned_when_the_record_cannot_be_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A swap records how the spare differs from the served release; the next publish fixes
    just those files. A record is not trusted once a folder of the spare has changed, nor
    after a publish that died while changing the spare (it deletes the record first)."""
    from helpcenter.pipeline import publish as publishing

    outdir = tmp_path / "html"
    record = releases_of(outdir) / publishing.SPARE_RECORD
    scans: list[int] = []
    scan = Staging._clear_spare
    monkeypatch.setattr(Staging, "_clear_spare", lambda self: scans.append(1) or scan(self))

    def publish(files: dict[str, str | None]) -> None:
        staging = Staging(outdir)
        for name, text in files.items():
            staging.remove(name) if text is None else staging.write_text(name, text)
        staging.swap_in()
        _old_folders(outdir.resolve())

    publish({"en/a.html": "A1", "en/b.html": "B1", "en/kb/c.html": "C1"})
    publish({"en/a.html": "A2", "en/kb/c.html": None, "en/new/d.html": "D1"})  # the first release is the spare
    assert record.is_file() and not scans
    publish({"en/a.html": "A3", "en/b.html": "B2"})  # made from the spare, as its record says
    assert not scans, "the spare was scanned although its record holds"
    assert snapshot(outdir) == {"en/a.html": b"A3", "en/b.html": b"B2", "en/new/d.html": b"D1"}
    assert not (outdir.resolve() / "en" / "kb").exists()

    # A file planted in the spare changes its folder's time: the record is not trusted.
    [spare] = [r for r in releases_of(outdir).iterdir() if r.is_dir() and r != outdir.resolve()]
    (spare / "en" / "planted.html").write_text("planted")
    os.utime(spare / "en", ns=(0, (spare / "en").stat().st_mtime_ns + 10**9))  # planted later than the record
    publish({"en/a.html": "A4"})
    assert scans == [1]
    assert snapshot(outdir) == {"en/a.html": b"A4", "en/b.html": b"B2", "en/new/d.html": b"D1"}

    # A publish that dies while changing the spare leaves no record: the next one scans.
    monkeypatch.setattr(Staging, "swap_in", lambda self: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        publish({"en/a.html": "A5"})
    assert not record.exists()
    monkeypatch.undo()
    monkeypatch.setattr(Staging, "_clear_spare", lambda self: scans.append(1) or scan(self))
    publish({"en/b.html": "B3"})
    assert scans == [1, 1]
    assert snapshot(outdir) == {"en/a.html": b"A4", "en/b.html": b"B3", "en/new/d.html": b"D1"}


def test_policy_forbids_inline_scripts_and_other_origins() -> None:
    directives = dict(part.strip().split(" ", 1) for part in csp.POLICY.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    # The offline service worker (issue 14): from the site itself, the policy's only addition.
    assert directives["worker-src"] == "'self'"
    assert "http" not in csp.POLICY and "*" not in csp.POLICY
    assert "frame-ancestors 'none'" in csp.HEADERS


def test_stats_count_translated_fuzzy_and_untranslated(tmp_path: Path) -> None:
    directory = tmp_path / "fr" / "LC_MESSAGES"
    directory.mkdir(parents=True)
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalog.append(polib.POEntry(msgid="One", msgstr="Un"))
    catalog.append(polib.POEntry(msgid="Two", msgstr="Deux", flags=["fuzzy"]))
    catalog.append(polib.POEntry(msgid="Three", msgstr=""))
    catalog.save(str(directory / "page.po"))
    text, ok = stats.report(["fr"], 50, locales=tmp_path)
    assert "fr: total 1/3 translated (33.3%), 1 fuzzy, 1 untranslated" in text and not ok
    assert stats.report(["fr"], 30, locales=tmp_path)[1]


def test_myst_settings_cache_returns_independent_copies() -> None:
    from myst_parser.mdit_to_docutils import base

    assert myst_speed.install()
    first, second = base.make_document().settings, base.make_document().settings
    assert first is not second
    first.tab_width = 99
    assert second.tab_width != 99


def sphinx_build(entry: str, project: Path, out: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", entry, "-b", "html", "-W", "-q", "-d", str(out / ".doctrees"), str(project), str(out)]
    return subprocess.run(command, capture_output=True, text=True)


@pytest.mark.slow
def test_the_sphinx_process_builds_what_sphinx_builds_and_reports_its_warnings(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "conf.py").write_text('project = "Tiny"\nextensions = ["myst_parser"]\n', encoding="utf-8")
    (project / "index.rst").write_text("Tiny\n====\n\nA page with a :ref:`link <genindex>`.\n\n.. toctree::\n\n   other\n", encoding="utf-8")
    (project / "other.md").write_text("# Other\n\nSome *text*.\n", encoding="utf-8")
    ours = sphinx_build("helpcenter.pipeline.sphinx_process", project, tmp_path / "ours")
    stock = sphinx_build("sphinx", project, tmp_path / "stock")
    assert ours.returncode == stock.returncode == 0, ours.stderr + stock.stderr
    for page in ("index.html", "other.html", "genindex.html", "searchindex.js"):
        assert (tmp_path / "ours" / page).read_bytes() == (tmp_path / "stock" / page).read_bytes(), page

    # A warning fails the build, and its message is flushed before the process exits.
    (project / "other.md").write_text("# Other\n\n{ref}`missing-label`\n", encoding="utf-8")
    failed = sphinx_build("helpcenter.pipeline.sphinx_process", project, tmp_path / "ours")
    assert failed.returncode == 1
    assert "other.md:3: WARNING: undefined label: 'missing-label'" in failed.stderr, failed.stderr


def test_a_reused_myst_parser_renders_every_french_message_as_a_fresh_one() -> None:
    from myst_parser.config.main import MdParserConfig
    from myst_parser.mdit_to_docutils.base import DocutilsRenderer, make_document
    from myst_parser.parsers.docutils_ import Parser
    from myst_parser.parsers.mdit import create_md_parser

    config = MdParserConfig(enable_extensions={"colon_fence", "deflist", "fieldlist", "attrs_block", "attrs_inline"})
    cache = myst_speed._ParserCache(create_md_parser)

    def render(parser, text: str) -> str:  # type: ignore[no-untyped-def]
        document = make_document(parser_cls=Parser)
        document.settings.report_level = document.settings.halt_level = 5
        parser.options["document"] = document
        parser.render(text)
        return document.pformat()

    messages = [
        entry.msgstr
        for page in sorted(Path("docs").rglob("*.md"))
        for entry in polib.pofile(str(Path("locales/fr/LC_MESSAGES") / page.relative_to("docs").with_suffix(".po")))
    ]
    assert len(messages) > 500
    reused = cache(config, DocutilsRenderer)
    for text in messages:
        assert cache(config, DocutilsRenderer) is reused
        assert render(reused, text) == render(create_md_parser(config, DocutilsRenderer), text), text

    # A parse that starts while the cached parser is rendering gets its own parser.
    nested: list[object] = []

    class Nesting(DocutilsRenderer):
        def render(self, tokens, options, md_env):  # type: ignore[no-untyped-def]
            nested.append(cache(nesting_config, Nesting))
            return super().render(tokens, options, md_env)

    nesting_config = MdParserConfig()
    outer = cache(nesting_config, Nesting)
    render(outer, "Text")
    assert nested and nested[0] is not outer
    assert cache(nesting_config, Nesting) is outer


def test_offline_budget_comes_from_site_toml_with_a_default_and_a_check(tmp_path: Path) -> None:
    from helpcenter import settings
    from helpcenter.project import Project

    project = Project(tmp_path)
    (tmp_path / "site.toml").write_text('base_url = "https://help.example.org/"\n', encoding="utf-8")
    assert settings.offline_budget_kb(project) == settings.OFFLINE_BUDGET_KB
    (tmp_path / "site.toml").write_text('base_url = "https://help.example.org/"\noffline_budget_kb = 300\n', encoding="utf-8")
    assert settings.offline_budget_kb(project) == 300
    (tmp_path / "site.toml").write_text('base_url = "https://help.example.org/"\noffline_budget_kb = "1 MB"\n', encoding="utf-8")
    with pytest.raises(settings.SettingsError, match=r"site.toml:2: offline_budget_kb must be a whole number"):
        settings.offline_budget_kb(project)
