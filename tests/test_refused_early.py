"""Mistakes the build command refuses before it starts Sphinx: a bad site.toml, a
bad HELPCENTER_BASE_URL, an unknown language. ``helpcenter build`` runs here
in-process, as `make html` runs it; tests/conftest.py refuses any process to
this fast test, so "before Sphinx starts" is checked by construction. The
work folder, published site included, is left exactly as it was."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpcenter.commands import cli
from helpcenter.testing import snapshot

BAD_SETTINGS = [
    ('base_url = "https://help.example.org/ "', "site.toml:1: base_url 'https://help.example.org/ ' contains spaces"),
    ('base_url = "help.example.org/"', "site.toml:1: base_url 'help.example.org/' has no http:// or https:// scheme"),
    ('base_url = "https://help.example.org/help"', "must end with a slash"),
    ('base_url = "https:///help/"', "has no host name"),
    ("base_url = 42", "site.toml:1: base_url must be a quoted URL"),
    ('base_url = "https://help.example.org/"\nbase_ulr = "x"', "site.toml:2: unknown setting 'base_ulr'"),
    ('base_url = "https://help.example.org/', "site.toml:1: "),
]


@pytest.fixture
def published(repo_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The copy, as the current checkout, with a site already published in its work folder."""
    monkeypatch.chdir(repo_copy)
    monkeypatch.delenv("HELPCENTER_BASE_URL", raising=False)
    page = repo_copy / "_build" / "html" / "en" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text("<!doctype html><title>The published home page</title>\n", encoding="utf-8")
    return repo_copy / "_build"


def build(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = cli.main(["build", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def assert_refused(code: int, output: str, pattern: str, work: Path, before: dict[str, bytes]) -> None:
    assert code != 0, output
    assert re.search(pattern, output), output
    assert "Traceback" not in output, output
    assert len(output.splitlines()) <= 2, output  # one message, no configuration dump
    assert snapshot(work) == before, "the failed build changed the work folder or the published site"


@pytest.mark.parametrize(("setting", "message"), BAD_SETTINGS)
def test_a_bad_base_url_stops_the_build_before_sphinx_starts(published: Path, capsys: pytest.CaptureFixture[str], setting: str, message: str) -> None:
    before = snapshot(published)
    (published.parent / "site.toml").write_text(f"{setting}\n", encoding="utf-8")
    code, output = build(capsys, "--lang", "en")
    assert_refused(code, output, re.escape(message), published, before)


def test_a_bad_base_url_in_the_environment_is_named(published: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(published)
    monkeypatch.setenv("HELPCENTER_BASE_URL", "example.org/help/")
    code, output = build(capsys)
    assert_refused(code, output, r"HELPCENTER_BASE_URL: base_url 'example.org/help/' has no http", published, before)


def test_unknown_language(published: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(published)
    code, output = build(capsys, "--lang", "xx")
    assert_refused(code, output, r"unknown language 'xx'.*locales/languages\.toml", published, before)
