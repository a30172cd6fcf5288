"""The ``sources`` directive: every question says which seed passages back its
answer, or says it has none and links an official route; the build names the
file and line of a question without it, a quote not in its seed, or a
``none`` answer without an official link. Readers see nothing of it."""

from __future__ import annotations

import re

import pytest

from helpcenter.sphinxext.claims import claim_sources, own_claims, question_sections
from helpcenter.testing import SphinxProject as Project

SEED = "Les conseillers répondent à toutes vos questions,\nquel que soit le motif.\n"

PAGE = """
---
description: Questions.
reviewed: 2026-12-01
products: NordVPN
orphan: true
---
# Questions

(any-request)=
## Can I write about anything?

Yes: NordVPN advisers answer requests of any kind.

{sources}

**Next step:** write to them.
"""

QUOTED = "```{sources}\n001: Les conseillers répondent à toutes vos questions, quel que soit le motif.\n```"


def line_of(project: Project, text: str) -> int:
    """The line of the page where text starts (what the build must name)."""
    page = (project.docs / "faq" / "questions.md").read_text(encoding="utf-8")
    return page[: page.index(text)].count("\n") + 1


def build(project: Project, sources: str, language: str = "en"):
    project.write({
        "docs/_data/sources/001_seed.txt": SEED,
        "docs/faq/questions.md": PAGE.replace("{sources}", sources),
    })  # fmt: skip
    return project.build("helpcenter.sphinxext.claims", language=language)


def test_a_quoted_answer_builds_keeps_its_sources_in_the_doctree_and_shows_none(project: Project) -> None:
    built = build(project, QUOTED)
    assert "sources" not in built.warnings, built.warnings
    doctree = built.app.env.get_doctree("faq/questions")
    [section] = question_sections(doctree)
    [claims] = own_claims(section)
    assert claims["quotes"] == [["001", "Les conseillers répondent à toutes vos questions, quel que soit le motif."]]
    html = built.html("faq/questions")
    assert "Yes: NordVPN advisers" in html and "conseillers" not in html and "quel que soit" not in html


def test_a_question_without_sources_is_named_at_its_line(project: Project) -> None:
    built = build(project, "")
    line = line_of(project, "## Can I")
    assert re.search(rf"questions\.md:{line}: WARNING: question 'Can I write about anything\?' has no sources directive", built.warnings), built.warnings


def test_a_quote_not_in_its_seed_is_named_at_its_line(project: Project) -> None:
    built = build(project, "```{sources}\n001: Les conseillers répondent en une heure.\n```")
    line = line_of(project, "001: Les conseillers répondent en")
    assert re.search(rf"questions\.md:{line}: WARNING: sources: the quote is not in seed 001 \(_data/sources/001_seed\.txt\)", built.warnings), built.warnings
    built = build(project, "```{sources}\n007: Les conseillers répondent à toutes vos questions\n```")
    line = line_of(project, "007:")
    assert re.search(rf"questions\.md:{line}: WARNING: sources: '007' is not a seed; the seeds are 001", built.warnings), built.warnings


@pytest.mark.parametrize(
    ("answer", "warned"),
    [
        ("Yes: NordVPN advisers answer requests of any kind.", True),
        ("Ask on [nordvpn.com](https://nordvpn.com/).", False),
        ("Write to [support@nordvpn.com](mailto:support@nordvpn.com).", False),
    ],
)
def test_an_answer_the_seeds_do_not_give_must_link_an_official_route(project: Project, answer: str, warned: bool) -> None:
    project.write({"docs/_data/sources/001_seed.txt": SEED})
    project.write({"docs/faq/questions.md": PAGE.replace("Yes: NordVPN advisers answer requests of any kind.", answer).replace(
        "{sources}", "```{sources}\nnone: prices are not in the seeds\n```")})
    built = project.build("helpcenter.sphinxext.claims")
    found = re.search(r"questions\.md:\d+: WARNING: question 'Can I write about anything\?' is marked 'none' .* but links no official route", built.warnings)
    assert bool(found) == warned, built.warnings


def test_a_translation_keeps_the_english_sources(project: Project) -> None:
    project.write({"locales/fr/LC_MESSAGES/faq/questions.po": (
        'msgid "Can I write about anything?"\nmsgstr "Puis-je écrire à propos de tout\u00a0?"\n'
    )})  # fmt: skip
    built = build(project, QUOTED, language="fr")
    assert "WARNING" not in built.warnings, built.warnings
    doctree = built.app.env.get_doctree("faq/questions")
    [section] = question_sections(doctree)
    assert section[0].astext().startswith("Puis-je") and list(section.findall(claim_sources))
