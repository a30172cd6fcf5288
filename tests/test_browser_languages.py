"""In Chromium: the switcher keeps the reader on the same page, and the root
page opens the language the browser prefers."""

from __future__ import annotations

import pytest

from helpcenter.testing import SOURCE, TRANSLATIONS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_switcher_opens_the_same_page_in_the_other_language(page, server: str, lang: str) -> None:
    page.goto(f"{server}{SOURCE}/faq/index.html")
    page.locator(f'nav.language-switcher a[hreflang="{lang}"]').click()
    page.wait_for_url(f"{server}{lang}/faq/index.html")
    assert page.locator("html").get_attribute("lang") == lang
    page.locator(f'nav.language-switcher a[hreflang="{SOURCE}"]').click()
    page.wait_for_url(f"{server}{SOURCE}/faq/index.html")


def test_switcher_is_reachable_on_a_phone(browser, server: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto(f"{server}{SOURCE}/channels/index.html")
    link = phone.locator(f'nav.page-languages a[hreflang="{TRANSLATIONS[0]}"]')
    assert link.is_visible()
    link.tap()
    phone.wait_for_url(f"{server}{TRANSLATIONS[0]}/channels/index.html")
    context.close()


@pytest.mark.parametrize(("preferred", "expected"), [(["fr-FR", "fr"], "fr"), (["de-DE", "en-US"], "en"), (["es"], "en")])
def test_root_page_picks_the_preferred_language(browser, server: str, preferred: list[str], expected: str) -> None:
    context = browser.new_context(locale=preferred[0])
    page = context.new_page()
    languages = preferred
    page.add_init_script(f"Object.defineProperty(navigator, 'languages', {{get: () => {languages!r}}});")
    page.goto(server)
    page.wait_for_url(f"{server}{expected}/index.html")
    assert page.locator("html").get_attribute("lang") == expected
    context.close()
