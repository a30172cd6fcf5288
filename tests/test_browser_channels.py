"""Issue 11 in Chromium: the copy button under the site's CSP, in the page's
language; Good practice boxes set apart in both themes; the channel tables
readable on a phone; generic "reach a person" searches land first on a channel page."""

from __future__ import annotations

import re
import tomllib

import pytest

from helpcenter.testing import CODES, ROOT
from helpcenter.testing import load_search_engine
from helpcenter.testing import rank

pytestmark = pytest.mark.browser

COPY_LABELS = {"en": ("Copy", "Copy to clipboard"), "fr": ("Copier", "Copier dans le presse-papier")}


@pytest.fixture
def clipboard_page(browser):
    context = browser.new_context(locale="fr-FR", permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    yield page
    context.close()


def test_the_french_complaint_template_is_copied_with_a_french_button(clipboard_page, server: str) -> None:
    page = clipboard_page
    violations, errors = [], []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server}fr/complaints/write.html")
    block = page.locator("#complaint-template div.highlight")
    button = block.locator("button.copybtn")
    button.wait_for()
    assert button.get_attribute("data-tooltip") == COPY_LABELS["fr"][0]
    assert COPY_LABELS["fr"][1] in button.inner_html()
    expected = block.locator("pre").inner_text()
    assert expected.startswith("À\u00a0: support@nordvpn.com") and "Réclamation" in expected
    button.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == expected.strip()
    assert "copié" in (button.get_attribute("data-tooltip") or "").lower()
    assert not violations and not errors, (violations, errors)


@pytest.mark.parametrize("lang", CODES)
def test_the_example_email_has_a_copy_button_in_the_page_language(page, server: str, lang: str) -> None:
    page.goto(f"{server}{lang}/channels/email.html")
    button = page.locator("div.highlight button.copybtn").first
    button.wait_for()
    assert button.get_attribute("data-tooltip") == COPY_LABELS[lang][0]
    button.focus()
    assert button.is_visible()


def test_pages_without_a_template_load_no_copy_script(page, server: str) -> None:
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    # By the load event every script the page links has been requested (networkidle, which
    # waits for 500 ms of quiet, once waited 30 s for it on a busy machine).
    page.goto(f"{server}en/channels/phone.html", wait_until="load")
    assert requested and not [u for u in requested if re.search(r"clipboard|copybutton|documentation_options", u)]


SET_THEME = "theme => { document.body.dataset.theme = theme; }"
BOX_STYLE = """() => {
  const box = document.querySelector('.admonition.good-practice');
  const title = box.querySelector('.admonition-title');
  const s = getComputedStyle(box), t = getComputedStyle(title);
  return {border: s.borderLeftColor, width: s.borderLeftWidth, background: s.backgroundColor, title: t.color, titleBackground: t.backgroundColor};
}"""
OTHER_STYLE = """() => {
  const s = getComputedStyle(document.querySelector('.admonition:not(.good-practice)'));
  return {border: s.borderLeftColor, background: s.backgroundColor};
}"""


def _rgb(color: str) -> tuple[float, ...]:
    return tuple(float(x) for x in re.findall(r"[\d.]+", color)[:3])


def _contrast(a: str, b: str) -> float:
    def luminance(rgb: tuple[float, ...]) -> float:
        c = [v / 255 for v in rgb]
        c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]

    la, lb = sorted((luminance(_rgb(a)), luminance(_rgb(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_good_practice_boxes_stand_apart_in_both_themes(page, server: str, theme: str) -> None:
    page.goto(f"{server}en/channels/phone.html")  # a good-practice box and Furo's note-less warning-free page
    page.evaluate(SET_THEME, theme)
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    box = page.evaluate(BOX_STYLE)
    assert box["width"] == "4.8px" or float(box["width"].removesuffix("px")) >= 4, box
    assert _contrast(box["title"], box["titleBackground"]) >= 4.5, box
    page.goto(f"{server}en/complaints/legal-guarantee.html")  # has a {note} and a good-practice box
    page.evaluate(SET_THEME, theme)
    box, other = page.evaluate(BOX_STYLE), page.evaluate(OTHER_STYLE)
    assert box["border"] != other["border"] and box["background"] != other["background"], (box, other)


@pytest.mark.parametrize("lang", CODES)
def test_channel_tables_fit_a_phone_screen(browser, server: str, lang: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{server}{lang}/channels/index.html")
    overflow = page.evaluate(
        "() => Array.from(document.querySelectorAll('table.channel-table')).map(t => t.scrollWidth - t.parentElement.clientWidth)"
    )
    context.close()
    assert overflow and max(overflow) <= 1, overflow


def generic_intents() -> dict[str, list[dict]]:
    """The block of tests/search_queries.toml that starts at its "Generic intents" comment."""
    text = (ROOT / "tests" / "search_queries.toml").read_text(encoding="utf-8")
    return tomllib.loads(text[text.index("# Generic intents") :])


@pytest.mark.parametrize("lang", CODES)
def test_generic_intents_land_first_on_a_channel_page(page, server: str, lang: str) -> None:
    queries = generic_intents()[lang]
    assert len(queries) >= 8
    page.goto(f"{server}{lang}/index.html")
    load_search_engine(page)
    misses = []
    for case in queries:
        urls = page.evaluate("q => window.helpcenterSearch.search(q, 10).then(found => found.results.map(r => r.url))", case["query"])
        assert all(e.startswith("channels/") for e in case["expect"])
        if rank(urls, case["expect"]) != 1:
            misses.append(f"{case['query']!r}: expected {case['expect']} first, got {urls[:3]}")
    assert not misses, "\n".join(misses)
