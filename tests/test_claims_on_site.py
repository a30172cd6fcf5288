"""Issue 23, "Done when" 1: every product claim of the built site is read against
the seeds (docs/_data/sources/). Channel facts carry their quote in
channels.toml (tests/test_channel_data.py); every question of every page
carries a ``sources`` directive, kept in the built doctree of each language:
here each quote is looked up again in its seed, independently of the build,
and an answer with no quote must say so and link an official route."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from helpcenter.sphinxext.claims import official_links, own_claims, question_sections
from helpcenter.testing import CODES, ROOT, SOURCE, Build

SEEDS = {path.name[:3]: " ".join(path.read_text(encoding="utf-8").split()) for path in (ROOT / "docs" / "_data" / "sources").glob("*.txt")}
OFFICIAL = {"https://nordvpn.com/", "https://nordpass.com/", "mailto:support@nordvpn.com"}


def doctrees(site: Build, lang: str) -> Path:
    """Where the build that published this site kept its doctrees (work/doctrees/<lang>)."""
    for work in (site.html.parent, site.html.parent.parent):
        if (work / "doctrees" / lang).is_dir():
            return work / "doctrees" / lang
    pytest.fail(f"no doctrees beside {site.html}: build the site with `make html` or the site fixture")


def questions(site: Build, lang: str) -> dict[tuple[str, str], tuple[str, list]]:
    """Every question of every published page: (page, anchor) -> (title, its claim_sources nodes)."""
    found = {}
    for path in sorted(doctrees(site, lang).rglob("*.doctree")):
        page = path.relative_to(doctrees(site, lang)).with_suffix("").as_posix()
        if not site.path(lang, page).is_file():
            continue
        doctree = pickle.loads(path.read_bytes())
        for section in question_sections(doctree):
            found[(page, section["ids"][0])] = (" ".join(section[0].astext().split()), own_claims(section), section)
    return found


@pytest.mark.slow
@pytest.mark.parametrize("lang", CODES)
def test_every_question_quotes_the_seeds_or_links_an_official_route(site: Build, lang: str) -> None:
    english = questions(site, SOURCE)
    found = questions(site, lang)
    assert len(english) >= 70, f"only {len(english)} questions found in the English doctrees"
    problems = []
    for key in english:
        title, claims, section = found.get(key, (None, [], None))
        if title is None:
            problems.append(f"{lang}/{key[0]}#{key[1]}: the question is missing from this language")
            continue
        if not claims:
            problems.append(f"{lang}/{key[0]}: {title!r} has no sources")
        for node in claims:
            for seed, quote in node["quotes"]:
                if seed not in SEEDS or " ".join(quote.split()) not in SEEDS[seed]:
                    problems.append(f"{lang}/{key[0]}: {title!r}: quote not in seed {seed}: {quote[:60]!r}")
            if not node["quotes"] and not set(official_links(section, ["nordvpn.com", "nordpass.com"])) & OFFICIAL:
                problems.append(f"{lang}/{key[0]}: {title!r} has no quote and links no official route")
    assert not problems, "\n".join(problems)


@pytest.mark.slow
def test_the_claims_cover_all_three_seeds_and_nordpass_answers_quote_the_nordpass_seed(site: Build) -> None:
    seeds_used: set[str] = set()
    problems = []
    for (page, anchor), (title, claims, _) in questions(site, SOURCE).items():
        used = {seed for node in claims for seed, _ in node["quotes"]}
        seeds_used |= used
        # Seed 000 is the only one about NordPass: a NordPass page's answers quote it.
        if page.startswith(("faq/account", "faq/technical", "faq/features")) and used and "000" not in used:
            problems.append(f"{page}#{anchor}: a NordPass answer quotes only NordVPN seeds {sorted(used)}")
    assert seeds_used == set(SEEDS), seeds_used
    assert not problems, "\n".join(problems)

