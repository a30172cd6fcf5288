"""WCAG 2.2 AA (axe-core) in the states issue 23 adds, which a page scan at load never
sees: the sidebar's results panel open (results, and "no results" with its suggestions)
and a channel chooser answer shown, in both themes at phone and desktop width."""

from __future__ import annotations

import pytest

from helpcenter.testing import AXE_RUN, AXE_TAGS, CODES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

QUERIES = {"en": "refund", "fr": "remboursement"}


def scan(page, axe_source: str, where: str, problems: list[str]) -> None:  # type: ignore[no-untyped-def]
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; }")
    for theme in ("light", "dark"):
        page.evaluate("theme => { document.body.dataset.theme = theme; }", theme)
        for violation in page.evaluate(AXE_RUN, AXE_TAGS)["violations"]:
            targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
            problems.append(f"{where} [{theme}]: {violation['id']}: {violation['help']} at {targets}")


@pytest.mark.parametrize("width", [390, 1440])
@pytest.mark.parametrize("lang", CODES)
def test_open_search_panel_and_chosen_channel_have_no_violation(browser, server: str, axe_source: str, lang: str, width: int) -> None:
    # axe is injected as an inline script, which the site's own policy forbids.
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    problems: list[str] = []
    for query, shown in ((QUERIES[lang], "#sidebar-search-results a"), ("qwxzvkj", "#sidebar-search-panel .search-none a")):
        page.goto(f"{server}{lang}/faq/billing.html")
        if width < 1000:
            page.locator(".mobile-header label[for=__navigation]").click()
        page.locator("#sidebar-search-input").fill(query)
        page.locator(shown).first.wait_for()
        scan(page, axe_source, f"{lang}/faq/billing search {query!r} at {width}", problems)
    page.goto(f"{server}{lang}/index.html")
    page.locator("label[for=chooser-product-nordpass]").click()
    page.locator("label[for=chooser-situation-complaint]").click()
    assert page.locator("#chooser-nordpass-complaint").is_visible()
    scan(page, axe_source, f"{lang}/index chooser at {width}", problems)
    context.close()
    assert not problems, "\n".join(problems[:20])
