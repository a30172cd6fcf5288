"""The channel facts live once, in docs/_data/channels.toml: changing a value
there changes every page that shows it, in every language."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from helpcenter.testing import CODES, Build, run_build

PAGES_WITH_REPLY_TIME = ["channels/index", "channels/email"]


def test_changing_the_data_changes_every_page_in_every_language(repo_copy: Path, tmp_path: Path) -> None:
    data = repo_copy / "docs" / "_data" / "channels.toml"
    text = data.read_text(encoding="utf-8")
    assert "min_hours = 24, max_hours = 48" in text
    data.write_text(text.replace("min_hours = 24, max_hours = 48", "min_hours = 12, max_hours = 36"), encoding="utf-8")
    run = run_build(tmp_path / "w", root=repo_copy)
    assert run.returncode == 0, run.stdout + run.stderr
    built = Build(tmp_path / "w" / "html", "")
    for lang in CODES:
        for page in PAGES_WITH_REPLY_TIME:
            text = " ".join(BeautifulSoup(built.read(lang, page), "html.parser").get_text(" ").split())
            assert "12" in text and "36" in text, f"{lang}/{page} does not show the new reply time"
        for page in built.pages(lang):
            assert "48" not in BeautifulSoup(built.read(lang, page), "html.parser").article.get_text(), (
                f"{lang}/{page} still shows the old reply time"
            )


def test_the_reply_time_is_shown_from_the_data(site: Build) -> None:
    for lang in CODES:
        email = BeautifulSoup(site.read(lang, "channels/email"), "html.parser")
        facts = email.select_one("dl.channel-facts")
        assert facts is not None and "24" in facts.get_text() and "48" in facts.get_text()
