"""Light pages: every page's first view within the weight budget, search loaded
only on demand, and the cut-down stylesheets styling pages as the originals do."""

from __future__ import annotations

import re

import pytest

from helpcenter.testing import CODES, REPORT, Build, first_view
from helpcenter.testing import MAX_PAGE_BYTES as MAX_BYTES
from helpcenter.testing import MAX_PAGE_REQUESTS as MAX_REQUESTS


def test_every_page_is_within_the_weight_budget(site: Build) -> None:
    weights = []
    for lang in CODES:
        for page in [*site.pages(lang), *site.redirects(lang)]:
            files = first_view(site, lang, page)
            names = {f.name for f in files}
            assert not names & {"search-index.json", "helpcenter-search.js", "search-stemmer.js"}, f"{lang}/{page} loads search up front"
            weights.append((sum(f.stat().st_size for f in files), len(files), f"{lang}/{page}"))
    heaviest = max(weights)
    REPORT.append(f"page weight: {len(weights)} pages, heaviest {heaviest[2]} {heaviest[0] / 1000:.1f} KB in {heaviest[1]} requests")
    over = [
        f"{name} loads {size / 1000:.1f} KB in {requests} requests (budget: {MAX_BYTES / 1000:.0f} KB, {MAX_REQUESTS})"
        for size, requests, name in weights
        if size > MAX_BYTES or requests > MAX_REQUESTS
    ]
    assert not over, "split these pages or trim them:\n" + "\n".join(over)


def test_pages_link_the_cut_down_theme_stylesheet(site: Build) -> None:
    styles = site.html / CODES[0] / "_static" / "styles"
    trimmed, original = (styles / "furo-site.css").stat().st_size, (styles / "furo.css").stat().st_size
    assert trimmed < original * 0.8, (trimmed, original)
    for lang in CODES:
        for page in site.pages(lang):
            html = site.read(lang, page)
            assert re.search(r'furo-site\.css\?v=[0-9a-f]{8}"', html), f"{lang}/{page}"
            assert "styles/furo.css" not in html, f"{lang}/{page}"


#: Pages that together use every component: cards, tabs, tables, code, search results.
STYLED_PAGES = ["index", "faq/general", "channels/index", "channels/email", "platforms/index", "platforms/windows", "complaints/write", "search", "404"]

# The computed style of every element, kept in the page under a key and,
# the second time, compared there: the differing elements are returned. Only the
# properties Furo's whole stylesheet sets can differ between it and the cut-down
# one (longhands, read by the browser's own parser from its text, which is given
# as the second argument the first time); the others are not read, which halves
# the time. Custom properties are left out: the trimmed stylesheet writes their
# strings with other quotes (the same values), and the properties that use them
# are compared.
SNAPSHOT = """
([key, furo]) => {
  if (furo !== null) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(furo);
    const names = new Set();
    const walk = (rules) => { for (const rule of rules) {
      if (rule.style) for (let i = 0; i < rule.style.length; i++) names.add(rule.style[i]);
      if (rule.cssRules) walk(rule.cssRules);
    } };
    walk(sheet.cssRules);
    window.__properties = Array.from(names).filter((p) => !p.startsWith("--"));
  }
  const properties = window.__properties;
  const styles = Array.from(document.querySelectorAll("*")).map((element) => {
    const style = getComputedStyle(element);
    return element.tagName + "#" + element.id + " " + properties.map((p) => p + ":" + style.getPropertyValue(p)).join(";");
  });
  window.__styles = window.__styles || {};
  if (!(key in window.__styles)) { window.__styles[key] = styles; return [styles.length, properties.length]; }
  return styles.filter((s, i) => s !== window.__styles[key][i]).map((s) => s.slice(0, 300)).slice(0, 3);
}
"""

# Furo's whole stylesheet is added beside the cut-down one, then the cut-down
# one removed: if they differ in any rule that matches, a style changes.
SWAP_TO_ORIGINAL = """
(link) => new Promise((resolve, reject) => {
  const original = document.createElement("link");
  original.rel = "stylesheet";
  original.href = link.href.replace("furo-site.css", "furo.css").split("?")[0];
  original.onload = () => { link.remove(); resolve(); };
  original.onerror = reject;
  link.after(original);
})
"""
THEMES = ("light", "dark")


@pytest.mark.browser
def test_the_cut_down_stylesheet_styles_pages_as_furos_does(browser, server: str, site: Build) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    furo = (site.html / CODES[0] / "_static" / "styles" / "furo.css").read_text(encoding="utf-8")
    for lang in CODES:
        for name in STYLED_PAGES:
            if name == "search":
                page.goto(f"{server}{lang}/search.html?q=vpn")
                page.locator("#page-search-results a").first.wait_for()
            else:
                page.goto(f"{server}{lang}/{name}.html")
            # Switching themes must not leave colours halfway through a transition.
            page.add_style_tag(content="*, ::before, ::after { transition: none !important; }")
            for number, theme in enumerate(THEMES):
                page.evaluate("(theme) => { document.body.dataset.theme = theme; }", theme)
                elements, properties = page.evaluate(SNAPSHOT, [theme, None if number else furo])
                assert elements > 100 and properties > 100, (elements, properties)
            page.locator('link[href*="furo-site.css"]').evaluate(SWAP_TO_ORIGINAL)
            for theme in THEMES:
                page.evaluate("(theme) => { document.body.dataset.theme = theme; }", theme)
                assert page.evaluate(SNAPSHOT, [theme, None]) == [], f"{lang}/{name} [{theme}] is styled differently"
    context.close()
