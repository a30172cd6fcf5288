"""Issue 23, point 6, on paper (Chromium's PDF, read with pypdf): no button is printed,
no heading is left alone at the foot of a page, the page has margins, and both complaint
templates (every language) print whole on one page."""

from __future__ import annotations

import io
import re

import pytest
from bs4 import BeautifulSoup

from helpcenter.testing import CODES, Build

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: Pages with a copy button, a chooser, long tables or many headings.
PAGES = ["index", "channels/index", "complaints/write", "complaints/legal-guarantee", "faq/billing"]
SHOWN_BUTTONS = "[...document.querySelectorAll('button, input[type=radio]')].filter(e => e.getClientRects().length > 0).length"


def compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf(page):  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(page.pdf(format="A4")))


def text_left_edges(reader) -> list[float]:  # type: ignore[no-untyped-def]
    """The x of every piece of text on every page, in points from the paper's left edge."""
    found: list[float] = []
    for sheet in reader.pages:
        sheet.extract_text(visitor_text=lambda text, cm, tm, font, size: found.append(tm[4] * cm[0] + cm[4]) if text.strip() else None)
    return found


@pytest.mark.parametrize("lang", CODES)
def test_paper_has_no_buttons_no_stranded_headings_and_margins(browser, server: str, site: Build, lang: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    problems = []
    for name in PAGES:
        page.goto(f"{server}{lang}/{name}.html")
        page.emulate_media(media="print")
        if page.evaluate(SHOWN_BUTTONS):
            problems.append(f"{name}: {page.evaluate(SHOWN_BUTTONS)} buttons print")
        page.emulate_media(media="screen")
        reader = pdf(page)
        html = BeautifulSoup(site.read(lang, name), "html.parser")
        headings = {compact(h.get_text()).rstrip("#") for h in html.select("article h2, article h3")}
        for number, sheet in enumerate(reader.pages[:-1], start=1):
            lines = [compact(line) for line in (sheet.extract_text() or "").splitlines() if line.strip()]
            if lines and lines[-1] in headings:
                problems.append(f"{name}: heading {lines[-1]!r} alone at the foot of page {number}")
        left = min(text_left_edges(reader), default=0)
        if left < 36:  # half an inch
            problems.append(f"{name}: text starts {left:.0f} pt from the paper's edge")
        printed = compact("".join(sheet.extract_text() or "" for sheet in reader.pages))
        for label in ("Copy", "Copier"):
            if re.search(rf"{label}(to|dans)", printed):
                problems.append(f"{name}: the copy button's label prints")
    context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", CODES)
def test_each_complaint_template_prints_whole_on_one_page(browser, server: str, site: Build, lang: str) -> None:
    html = BeautifulSoup(site.read(lang, "complaints/write"), "html.parser")
    templates = html.select("article div.highlight pre")
    assert templates, "no template on the page"
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server}{lang}/complaints/write.html")
    printed = [compact(sheet.extract_text() or "") for sheet in pdf(page).pages]
    context.close()
    for template in templates:
        lines = [compact(line) for line in template.get_text().splitlines() if line.strip()]
        holding = [n for n, text in enumerate(printed) if lines[0] in text]
        assert holding, f"{lang}: the template starting {lines[0]!r} is not printed"
        missing = [line for line in lines if line not in printed[holding[0]]]
        assert not missing, f"{lang}: the template starting {lines[0]!r} is split across pages (page {holding[0] + 1} lacks {missing[:3]})"
