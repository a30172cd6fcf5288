"""Issue 23, point 4, in Chromium at phone and desktop widths: the sidebar's search (in the
phone menu too) shows its results in a panel as wide as the screen allows while the field
keeps its width; the count and "no results" are visible, with suggestions; "/" and Ctrl+K
go to search; the page opened from a result marks the words searched for."""

from __future__ import annotations

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from helpcenter.testing import CODES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

WIDTHS = (390, 1440)
QUERIES = {"en": "refund", "fr": "remboursement"}
NONSENSE = "qwxzvkj"
#: The label of the "no results" status, per language (base.html, sphinx.po).
NO_RESULTS = {"en": "No results", "fr": "Aucun résultat"}


def deep_page(browser, server: str, lang: str, width: int):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": width, "height": 844 if width < 1000 else 900})
    page = context.new_page()
    page.goto(f"{server}{lang}/faq/billing.html")
    if width < 1000:  # the phone menu holds the search field
        page.locator(".mobile-header label[for=__navigation]").click()
        page.wait_for_timeout(300)
    return context, page


def box(page, selector: str) -> dict:  # type: ignore[no-untyped-def]
    found = page.locator(selector).first.bounding_box()
    assert found, f"{selector} is not shown"
    return found


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", CODES)
def test_the_results_panel_is_wide_and_the_field_keeps_its_width(browser, server: str, lang: str, width: int) -> None:
    context, page = deep_page(browser, server, lang, width)
    field = page.locator("#sidebar-search-input")
    before = box(page, "#sidebar-search-input")["width"]
    field.fill(QUERIES[lang])
    page.locator("#sidebar-search-results a").first.wait_for()
    panel = box(page, "#sidebar-search-panel")
    assert box(page, "#sidebar-search-input")["width"] >= before - 1 >= 150, "the field is squeezed while results show"
    assert panel["width"] >= (280 if width < 1000 else 480), f"results panel {panel['width']} px wide at {width} px"
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= width, "the panel runs off the screen"
    # The first result is on top of the page, not behind the article.
    first = box(page, "#sidebar-search-results a")
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('#sidebar-search-results') !== null",
        [first["x"] + first["width"] / 2, first["y"] + first["height"] / 2],
    )
    assert on_top, "a result is hidden under the page"
    count = page.locator("#sidebar-search-status")
    assert count.is_visible() and any(ch.isdigit() for ch in count.inner_text()), count.inner_text()
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", CODES)
def test_no_results_is_said_visibly_with_somewhere_to_go(browser, server: str, lang: str, width: int) -> None:
    context, page = deep_page(browser, server, lang, width)
    page.locator("#sidebar-search-input").fill(NONSENSE)
    status = page.locator("#sidebar-search-status")
    page.wait_for_function("() => document.querySelector('#sidebar-search-status').textContent.trim() !== ''")
    assert status.is_visible() and status.inner_text().startswith(NO_RESULTS[lang])
    suggestions = page.locator("#sidebar-search-panel .search-none a")
    suggestions.first.wait_for()
    hrefs = [a.evaluate("a => a.href") for a in suggestions.all()]
    assert any(href.endswith("channels/index.html#channel-chooser") for href in hrefs), hrefs
    assert all(f"/{lang}/" in href for href in hrefs), hrefs
    context.close()


def test_a_misspelt_query_without_results_suggests_the_closest_questions(browser, server: str) -> None:
    context, page = deep_page(browser, server, "en", 1440)
    page.locator("#sidebar-search-input").fill("refuxqzzwv")
    page.locator("#sidebar-search-panel .search-none-title").wait_for()
    closest = page.locator("#sidebar-search-panel .search-none-title + ul a").all_inner_texts()
    assert closest and any("refund" in text.lower() for text in closest), closest
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_slash_and_ctrl_k_go_to_search_but_not_while_typing(browser, server: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{server}en/faq/billing.html")
    page.locator("article h1").click()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "sidebar-search-input"
    # On a phone the menu slides in: the field must end up wholly on screen (however
    # long the slide takes on a loaded machine), and stay there.
    on_screen = """() => { const r = document.getElementById("sidebar-search-input").getBoundingClientRect();
        return r.width > 0 && r.left >= 0 && r.right <= innerWidth; }"""
    try:
        page.wait_for_function(on_screen, timeout=5000)
    except PlaywrightTimeout:
        field = box(page, "#sidebar-search-input")
        raise AssertionError(f"the focused field is off screen: {field}") from None
    page.wait_for_timeout(100)
    assert page.evaluate(on_screen), "the focused field left the screen"
    assert page.locator("#sidebar-search-input").input_value() == "", "the slash was typed into the field"
    page.keyboard.type("a/b")  # typing in the field: "/" is a character there
    assert page.locator("#sidebar-search-input").input_value() == "a/b"
    page.goto(f"{server}en/index.html")
    page.keyboard.press("Control+k")
    assert page.evaluate("document.activeElement.id") == "home-search-input"
    context.close()


@pytest.mark.parametrize("lang", CODES)
def test_the_page_opened_from_a_result_marks_the_words_searched_for(browser, server: str, lang: str) -> None:
    context, page = deep_page(browser, server, lang, 1440)
    page.goto(f"{server}{lang}/channels/index.html")
    page.locator("#sidebar-search-input").fill(QUERIES[lang])
    page.locator("#sidebar-search-results a").first.click()
    page.wait_for_load_state("domcontentloaded")
    marked = page.locator("article mark.search-term")
    marked.first.wait_for()
    stem = QUERIES[lang][:6]
    assert all(text.lower().startswith(stem) for text in marked.all_inner_texts()), marked.all_inner_texts()
    # The marks hold the page's own text: the article reads the same as without them.
    marked_text = page.locator("article").inner_text()
    page.goto(page.url.split("?")[0])
    assert page.locator("article mark.search-term").count() == 0
    assert page.locator("article").inner_text() == marked_text
    context.close()


def test_a_highlight_parameter_is_text_never_markup(browser, server: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server}en/faq/billing.html?highlight=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E%20refund")
    assert page.locator("article img[src=x]").count() == 0
    assert page.locator("article mark.search-term").count() >= 1
    context.close()


def test_a_result_opens_by_tap_on_a_phone_and_the_panel_closes_when_pressing_elsewhere(browser, server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(f"{server}en/faq/billing.html")
    page.locator(".mobile-header label[for=__navigation]").tap()
    page.locator("#sidebar-search-input").tap()
    page.keyboard.type("renew")
    first = page.locator("#sidebar-search-results a").first
    first.wait_for()
    # Pressing outside the panel (here, the menu's brand area) closes it.
    page.locator(".sidebar-brand").first.dispatch_event("pointerdown")
    assert not page.locator("#sidebar-search-panel").evaluate("p => p.classList.contains('is-open')")
    page.locator("#sidebar-search-input").evaluate("field => { field.blur(); field.focus(); }")  # back to the field
    assert page.locator("#sidebar-search-panel").evaluate("p => p.classList.contains('is-open')")
    href = first.evaluate("a => a.href")
    first.tap()
    page.wait_for_url(href)
    context.close()
