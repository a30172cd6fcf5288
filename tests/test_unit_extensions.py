"""Unit tests of the helpcenter package, without building the site."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpcenter.testing import ROOT
from helpcenter import catalogs, languages
from helpcenter.sphinxext import alternates, channel_data


def test_languages_file_lists_the_source_first() -> None:
    loaded = languages.load()
    assert loaded[0].code == "en"
    assert {lang.code for lang in loaded} >= {"en", "fr"}
    assert all(lang.name for lang in loaded)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no [[language]] entries"),
        ('[[language]]\ncode = "english"\nname = "English"\n', "ISO 639"),
        ('[[language]]\ncode = "en"\n', "needs a name"),
        ('[[language]]\ncode = "en"\nname = "E"\n[[language]]\ncode = "en"\nname = "E"\n', "listed twice"),
        ("[[language]\n", "fix the TOML syntax"),
    ],
)
def test_malformed_languages_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "languages.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(languages.LanguageError, match=message.replace("[", r"\[")):
        languages.load(path)


def test_unknown_language_names_the_known_ones() -> None:
    with pytest.raises(languages.LanguageError, match=r"unknown language 'xx': the languages are en, fr"):
        languages.get("xx")


def test_alternates_are_relative_to_the_page() -> None:
    from types import SimpleNamespace

    config = SimpleNamespace(language="fr", helpcenter_base_url="https://example.test/help/", locale_dirs=["../locales"])
    app = SimpleNamespace(config=config, confdir=str(ROOT / "docs"))
    links = alternates.page_alternates(app, "platforms/windows")
    english = next(link for link in links if link["code"] == "en")
    assert english["url"] == "../../en/platforms/windows.html"
    assert english["absolute_url"] == "https://example.test/help/en/platforms/windows.html"
    assert [link["current"] for link in links if link["code"] == "fr"] == [True]


def test_channel_data_loads_in_order() -> None:
    data = channel_data.load(ROOT / "docs" / channel_data.DATA_FILE)
    assert [c.id for c in data][:3] == ["help-center", "live-chat", "email"]


def test_channel_values_fill_the_translated_text(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "_data" / "sources").mkdir(parents=True)
    (docs / "_data" / "sources" / "000_seed.txt").write_text("Replies come in one\nto two hours.", encoding="utf-8")
    (docs / "_data" / "channels.toml").write_text(
        '[[channel]]\nid = "email"\nname = "Email"\npage = "channels/email"\nsummary = "s"\nproducts = ["NordPass"]\n'
        "values = { low = 1, high = 2 }\n"
        + "".join(f'[channel.NordPass.{fact}]\nnot_stated = true\n' for fact in ("availability", "reach", "best_for"))
        + '[channel.NordPass.response]\ntext = "{low} to {high} hours"\nsource = "000"\nquote = "one to two hours"\n',
        encoding="utf-8",
    )
    data = channel_data.Channels(docs, "en", tmp_path / "locales")
    assert data.text(data.get("email"), "response", "NordPass") == "1 to 2 hours"
    assert data.text(data.get("email"), "availability", "NordPass") == "Not given"
    assert data.text(data.get("email"), "response", "NordVPN") == "Not listed"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[[channel]]\nid = "Bad Id"\n', "kebab-case"),
        ('[[channel]]\nid = "x"\nname = "X"\n', r"channels\.toml:1: channel 'x': lacks the field 'page'"),
        ('[[channel]]\nid = "x"\nname = ["X"]\n', r"channels\.toml:3: channel 'x': field 'name' has the wrong type"),
        ("[[channel]\n", "fix the TOML syntax"),
    ],
)
def test_malformed_channel_data(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "channels.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(channel_data.ChannelDataError, match=message):
        channel_data.load(path)


def test_broken_catalog_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "page.po"
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Hello"\nmsgstr "Bonjour\n', encoding="utf-8")
    with pytest.raises(catalogs.CatalogError, match=r"page\.po:6: "):
        catalogs.read(path)
