"""The publishing checks pass on the real site and fail on planted defects:
catalog integrity, internal links, HTML validity, all-or-nothing publishing."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from helpcenter.testing import ROOT, TRANSLATIONS, Build
from helpcenter.checks import catalog_integrity, html, links

# -- Catalogs ------------------------------------------------------------------


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_every_catalog_is_complete_and_keeps_its_markup(lang: str) -> None:
    files, entries, problems = catalog_integrity.check_language(lang, ROOT / "docs", ROOT / "locales", ROOT)
    assert files >= 25 and entries >= 800  # every page has its catalog (checked below), none empty
    assert not problems, "\n".join(map(str, problems))


def plant(repo: Path, page: str, change) -> Path:  # type: ignore[no-untyped-def]
    path = repo / "locales" / "fr" / "LC_MESSAGES" / f"{page}.po"
    catalog = polib.pofile(str(path))
    change(catalog)
    catalog.save(str(path))
    return path


def first_with(catalog: polib.POFile, text: str) -> polib.POEntry:
    return next(e for e in catalog if text in e.msgid)


@pytest.mark.parametrize(
    ("what", "change", "message"),
    [
        ("a dropped reference", lambda c: setattr(first_with(c, "{doc}"), "msgstr", "Un texte sans lien."), "missing role doc"),
        ("a changed target", lambda c: setattr(first_with(c, "{doc}`/channels/live-chat`"), "msgstr", first_with(c, "{doc}`/channels/live-chat`").msgstr.replace("/channels/live-chat", "/channels/email")), "unexpected role doc:/channels/email"),
        ("a broken literal", lambda c: c.append(polib.POEntry(msgid="Run ``make html``.", msgstr="Lancez `make html``.")), "literals"),
        ("a fuzzy entry", lambda c: first_with(c, "?").flags.append("fuzzy"), "fuzzy"),
        ("an untranslated entry", lambda c: setattr(first_with(c, "?"), "msgstr", ""), "not translated"),
        ("an obsolete entry", lambda c: setattr(first_with(c, "?"), "obsolete", True), "obsolete"),
        ("a dropped placeholder", lambda c: c.append(polib.POEntry(msgid="Replies take {min_hours} to {max_hours} hours.", msgstr="Les réponses prennent de {min_hours} à 48 heures.")), "placeholders ({min_hours}) differ from the msgid's ({max_hours}, {min_hours})"),
        ("a renamed placeholder", lambda c: c.append(polib.POEntry(msgid="Up to {max_hours} hours.", msgstr="Jusqu'à {max_heures} heures.")), "placeholders ({max_heures})"),
        ("a %-placeholder made positional", lambda c: c.append(polib.POEntry(msgid="Toggle navigation of %(title)s", msgstr="Navigation de %s")), "placeholders (%s) differ"),
        ("an added HTML link", lambda c: c.append(polib.POEntry(msgid="Start a live chat.", msgstr='Lancez un <a href="https://evil.example/">chat</a>.')), "adds HTML or an address"),
        ("an added style overlay", lambda c: c.append(polib.POEntry(msgid="Read the terms.", msgstr='Lisez <span style="position:fixed;inset:0">les CGU</span>.')), "adds HTML or an address"),
        ("an added autolink", lambda c: c.append(polib.POEntry(msgid="Contact support.", msgstr="Contactez <https://evil.example/help>.")), "adds HTML or an address"),
    ],
)
def test_catalog_check_catches(repo_copy: Path, what: str, change, message: str) -> None:  # type: ignore[no-untyped-def]
    page = "faq/billing"
    path = plant(repo_copy, page, change)
    count, problems = catalog_integrity.check_catalog(path, repo_copy)
    assert any(message in p.message for p in problems), f"{what} not caught: {problems}"
    assert all(p.path == f"locales/fr/LC_MESSAGES/{page}.po" for p in problems)
    # Each problem is at its entry's msgid line, where an editor should go.
    lines = path.read_text(encoding="utf-8").splitlines()
    assert all(lines[p.line - 1].startswith(("msgid ", "#~ msgid ")) for p in problems), problems


def test_orphan_and_missing_catalogs_are_reported(repo_copy: Path) -> None:
    shutil.copy(repo_copy / "locales/fr/LC_MESSAGES/about.po", repo_copy / "locales/fr/LC_MESSAGES/gone.po")
    (repo_copy / "locales/fr/LC_MESSAGES/faq/billing.po").unlink()
    _, _, problems = catalog_integrity.check_language("fr", repo_copy / "docs", repo_copy / "locales", repo_copy)
    assert any(str(p).startswith("locales/fr/LC_MESSAGES/gone.po:1: no page") for p in problems)
    assert any(p.kind == "missing" and p.path == "docs/faq/billing" for p in problems)


# -- Links and HTML ----------------------------------------------------------------


def test_the_site_has_no_broken_internal_link(site: Build) -> None:
    report = links.check_site(site.html)
    assert report.checked > 3000
    assert not report.problems, "\n".join(map(str, report.problems[:20]))


def test_link_check_catches_a_missing_page_anchor_and_asset(site: Build, tmp_path: Path) -> None:
    copy = tmp_path / "html"
    shutil.copytree(site.html, copy)
    page = copy / "en" / "about.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "</article>",
            '<a href="faq/nowhere.html">x</a><a href="faq/billing.html#no-such-question">y</a><img src="_static/missing.png" alt="z"></article>',
        ),
        encoding="utf-8",
    )
    problems = links.check_site(copy).problems
    assert len(problems) == 3, problems
    assert all(p.kind == "link" and p.path == "en/about.html" and p.line > 1 for p in problems), problems
    assert {p.message.split(":")[0] for p in problems} == {"faq/nowhere.html", "faq/billing.html#no-such-question", "_static/missing.png"}


def test_every_page_is_valid_html(site: Build) -> None:
    pages = sorted(site.html.rglob("*.html"))
    problems = html.validate(pages)
    assert not problems, "\n".join(map(str, problems[:20]))


@pytest.mark.slow
def test_html_check_catches_invalid_markup(tmp_path: Path) -> None:
    page = tmp_path / "bad.html"
    page.write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body><p id="a">x</p><p id="a"><foo>y</foo></body></html>',
        encoding="utf-8",
    )
    problems = html.validate([page])
    assert any("no-dup-id" in p.message for p in problems) and any("element-name" in p.message for p in problems)
    assert all(p.kind == "html" and p.path.endswith("bad.html") and p.line == 1 for p in problems)
