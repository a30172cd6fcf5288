"""Issue 23, point 5, in Chromium: under 600 px a channel table is a stacked card (each
product's value on its own full-width line, named); headings fit a phone; cards have
visible edges in the dark theme (3:1, WCAG 1.4.11); the language links keep the section."""

from __future__ import annotations

import pytest

from helpcenter.testing import CODES, SOURCE, TRANSLATIONS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CELLS = """() => [...document.querySelectorAll('table.channel-table td, table.channel-facts td')].map(td => {
  const box = td.getBoundingClientRect();
  return { x: box.x, y: box.y, width: box.width, height: box.height, text: td.innerText };
})"""

#: The contrast of each card's edge against the page behind it (WCAG relative luminance).
EDGES = """() => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = (c) => { const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const page = getComputedStyle(document.body).backgroundColor;
  return [...document.querySelectorAll('.sd-card, .channel-chooser')].map(card => {
    const edge = getComputedStyle(card).borderTopColor;
    const [a, b] = [lum(edge), lum(page)].sort((x, y) => y - x);
    return { edge, page, ratio: (a + 0.05) / (b + 0.05), width: parseFloat(getComputedStyle(card).borderTopWidth) };
  });
}"""


@pytest.mark.parametrize("lang", CODES)
@pytest.mark.parametrize("where", ["channels/index", "channels/email"])
def test_channel_tables_are_stacked_cards_on_a_phone(browser, server: str, lang: str, where: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{server}{lang}/{where}.html")
    cells = page.evaluate(CELLS)
    assert cells
    article = page.locator("article").bounding_box()
    narrow = [c for c in cells if c["width"] < article["width"] - 40]
    assert not narrow, f"{len(narrow)} cells are columns, not full-width lines: {narrow[:2]}"
    tallest = max(c["height"] for c in cells)
    assert tallest <= 110, f"a cell is {tallest:.0f} px tall"
    # One product's value per line, each named: the column's product is not lost.
    names = page.evaluate(
        "() => [...document.querySelectorAll('table.channel-table tbody tr, table.channel-facts tbody tr')].map(tr =>"
        " [...tr.querySelectorAll('td')].map(td => getComputedStyle(td, '::before').content))"
    )
    assert all(row == ['"NordVPN: "', '"NordPass: "'] for row in names), names[:2]
    page.set_viewport_size({"width": 1440, "height": 900})
    wide = page.evaluate(CELLS)
    assert any(c["width"] < 500 for c in wide), "at 1440 px the products stay side by side"
    context.close()


@pytest.mark.parametrize("lang", CODES)
def test_headings_fit_a_phone(browser, server: str, lang: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{server}{lang}/faq/billing.html")
    sizes = page.evaluate("['h1', 'h2'].map(t => parseFloat(getComputedStyle(document.querySelector('article ' + t)).fontSize))")
    assert sizes[0] <= 28 and sizes[1] <= 22, sizes
    context.close()


@pytest.mark.parametrize("theme", ["dark", "light"])
@pytest.mark.parametrize("width", [390, 1440])
def test_cards_have_visible_edges(browser, server: str, theme: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=theme)
    page = context.new_page()
    for where in ("index", "channels/index"):
        page.goto(f"{server}{SOURCE}/{where}.html")
        edges = page.evaluate(EDGES)
        assert edges, where
        faint = [e for e in edges if e["ratio"] < 3 or e["width"] < 1]
        assert not faint, f"{where} ({theme}): card edges below 3:1: {faint[:2]}"
    context.close()


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_the_language_links_keep_the_section(browser, server: str, lang: str) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    # From an address with an anchor, by the sidebar's switcher.
    page.goto(f"{server}{SOURCE}/faq/billing.html#refund")
    page.locator(f'nav.language-switcher a[hreflang="{lang}"]').click()
    page.wait_for_url(f"{server}{lang}/faq/billing.html#refund")
    # Scrolled to a section with no anchor in the address, by the link above the article.
    page.goto(f"{server}{SOURCE}/faq/billing.html")
    page.locator("section#cancel-subscription > h2").evaluate("h => window.scrollTo(0, h.getBoundingClientRect().top + window.scrollY - 40)")
    page.evaluate(f"document.querySelector('nav.page-languages a[hreflang=\"{lang}\"]').click()")
    page.wait_for_url(f"{server}{lang}/faq/billing.html#cancel-subscription")
    # At the top of a page, the page itself.
    page.goto(f"{server}{SOURCE}/faq/index.html")
    page.locator(f'nav.language-switcher a[hreflang="{lang}"]').click()
    page.wait_for_url(f"{server}{lang}/faq/index.html")
    context.close()
