"""Printing (issue 14, point 2): pages print without the navigation furniture, keep the
"Still need help?" routes as text, show where external links go, and the complaint template
prints whole on one page in every language. Printed to PDF by Chromium, read with pypdf."""

from __future__ import annotations

import io
import re

import pytest
from bs4 import BeautifulSoup

from helpcenter.testing import CODES, Build

pytestmark = pytest.mark.browser

#: Sidebars, skip link, language switchers, search boxes, theme toggle, back-to-top.
FURNITURE = [
    ".sidebar-drawer", ".toc-drawer", ".mobile-header", ".skip-to-content", ".language-switcher",
    ".page-languages", "form[role=search]", ".theme-toggle-container", ".back-to-top",
]  # fmt: skip
SHOWN = "sel => [...document.querySelectorAll(sel)].filter(e => e.getClientRects().length > 0).length"


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def printed_pages(page) -> list[str]:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(page.pdf(format="A4"))).pages]


@pytest.mark.parametrize("lang", CODES)
def test_no_page_prints_the_navigation_furniture(browser, server: str, site: Build, lang: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.emulate_media(media="print")
    shown = []
    for name in site.pages(lang):
        page.goto(f"{server}{lang}/{name}.html")
        for selector in FURNITURE:
            if page.evaluate(SHOWN, selector):
                shown.append(f"{lang}/{name}: {selector}")
        assert page.locator("article h1").first.is_visible(), f"{lang}/{name}: the article does not print"
    context.close()
    assert not shown, "\n".join(shown)


@pytest.mark.parametrize("lang", CODES)
def test_the_complaint_template_prints_whole_on_one_page_with_the_help_routes(browser, server: str, site: Build, lang: str) -> None:
    html = BeautifulSoup(site.read(lang, "complaints/write"), "html.parser")
    lines = [line for line in html.select_one("div.highlight pre").get_text().splitlines() if line.strip()]
    help_block = html.select_one(".still-need-help")
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server}{lang}/complaints/write.html")
    # An external link, as channel pages may carry: printed with its address.
    page.evaluate(
        "() => { const a = document.createElement('a'); a.href = 'https://nordvpn.com/contact-us/'; a.textContent = 'contact';"
        " document.querySelector('article p').append(' ', a); }"
    )
    printed = printed_pages(page)
    context.close()
    everything = compact("".join(printed))
    holding = [n for n, text in enumerate(printed) if compact(lines[0]) in compact(text)]
    assert holding, f"the template's first line is not printed: {lines[0]!r}"
    on_its_page = compact(printed[holding[0]])
    missing = [line for line in lines if compact(line) not in on_its_page]
    assert not missing, f"{lang}: the template is split across pages (page {holding[0] + 1} lacks {missing[:3]})"
    # "Still need help?": its title, every channel and what it is for, as text.
    for item in [help_block.select_one(".still-need-help-title"), *help_block.select("li")]:
        assert compact(item.get_text()) in everything, item.get_text()
    assert "(https://nordvpn.com/contact-us/)" in "".join(printed).replace("\n", "")
    for furniture in ("Skip to content", "Aller au contenu", "Back to top", "Retour en haut"):
        assert compact(furniture) not in everything
