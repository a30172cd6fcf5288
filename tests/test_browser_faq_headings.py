"""In Chromium, on a phone: every question heading fits in two lines.

A question heading (an h2 or h3 of the article ending with "?") that wraps
onto three lines or more on a 390 px wide screen pushes the answer below the
fold and is hard to scan. Every page of the site that has question headings is
loaded in every language, at the width of a common phone.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from helpcenter.testing import CODES, Build

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

#: Each question heading of the page: its text, its height, and one line's height.
MEASURE = """() => [...document.querySelectorAll('article h2, article h3')].flatMap(h => {
  const copy = h.cloneNode(true);
  copy.querySelectorAll('.headerlink').forEach(a => a.remove());
  const text = copy.textContent.replace(/\\s+/g, ' ').trim();
  if (!text.endsWith('?')) return [];
  const style = getComputedStyle(h);
  let line = parseFloat(style.lineHeight);
  if (Number.isNaN(line)) {  // "normal": measure one line of the same heading
    const probe = h.cloneNode(false);
    probe.textContent = 'M';
    h.parentNode.insertBefore(probe, h);
    line = probe.getBoundingClientRect().height;
    probe.remove();
  }
  return [{text, height: h.getBoundingClientRect().height, line}];
})"""


def pages_with_questions(site: Build, lang: str) -> list[str]:
    found = []
    for name in site.pages(lang):
        article = BeautifulSoup(site.read(lang, name), "html.parser").select_one("article")
        if article is None:
            continue
        for link in article.select("a.headerlink"):
            link.decompose()
        if any(h.get_text(" ", strip=True).endswith("?") for h in article.select("h2, h3")):
            found.append(name)
    return found


@pytest.mark.parametrize("lang", CODES)
def test_question_headings_take_at_most_two_lines_on_a_phone(browser, server: str, site: Build, lang: str) -> None:
    pages = pages_with_questions(site, lang)
    assert len(pages) >= 6, f"{lang}: only {pages} have question headings"
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    phone = context.new_page()
    too_tall, measured = [], 0
    for name in pages:
        phone.goto(f"{server}{lang}/{name}.html")
        phone.wait_for_load_state("load")
        assert phone.evaluate("document.documentElement.clientWidth") <= PHONE["width"]
        for heading in phone.evaluate(MEASURE):
            measured += 1
            lines = heading["height"] / heading["line"]
            if heading["height"] > 2 * heading["line"] + 1:
                too_tall.append(f"{lang}/{name}.html: {lines:.0f} lines: {heading['text']!r}")
    context.close()
    assert measured >= 30, f"{lang}: only {measured} question headings measured"
    assert not too_tall, (
        f"{len(too_tall)} question headings take more than two lines at {PHONE['width']} px; "
        "shorten them (the translation too):\n" + "\n".join(too_tall)
    )
