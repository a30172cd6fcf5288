"""One page per platform (issue 11, item 3): every address published on
1 December 2026 still answers in both languages, as a page or as a redirect
to an existing page that keeps the question's #anchor; redirect pages stay
out of the sitemap and the search index; the platform pages are FAQ pages
with one search entry per question; and no two pages of the site are
near-copies of each other once product and platform names are masked."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from helpcenter.testing import CODES, LANGUAGES, ROOT, Build
from helpcenter.sphinxext.csp import POLICY
from helpcenter.sphinxext.search_files import read_index
from helpcenter.files import is_redirect

#: Every .html of the en and fr builds on 1 December 2026, before the platform pages.
ADDRESSES = (ROOT / "tests" / "data" / "addresses-2026-12.txt").read_text(encoding="utf-8").split()
#: The question anchors of the connectivity pages of that day (en/..., fr/...).
QUESTION_ANCHORS = (ROOT / "tests" / "data" / "question-anchors-2026-12.txt").read_text(encoding="utf-8").split()
PLATFORMS = ["windows", "macos", "linux", "android", "iphone", "amazon-fire", "router", "browsers"]


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def redirect_target(site: Build, address: str) -> tuple[Path, str]:
    """The file and #fragment a redirect page sends readers to (its visible link)."""
    link = soup_of(site.html / address).select_one("a#redirect-target")
    assert link is not None, f"{address}: no visible link to the new page"
    url = urlparse(urljoin(f"http://site/{address}", link["href"]))
    return site.html / url.path.lstrip("/"), url.fragment


def ids(path: Path) -> set[str]:
    return {element["id"] for element in soup_of(path).select("[id]")}


# -- Old addresses ---------------------------------------------------------------


@pytest.mark.parametrize("lang", CODES)
def test_every_address_of_december_2026_answers_as_a_page_or_a_redirect(site: Build, lang: str) -> None:
    addresses = [a for a in ADDRESSES if a.startswith(f"{lang}/")]
    assert len(addresses) == 39
    hreflang = next(language.hreflang for language in LANGUAGES if language.code == lang)
    redirects = 0
    for address in addresses:
        path = site.html / address
        assert path.is_file(), f"{address} no longer answers"
        if not is_redirect(path):
            continue
        redirects += 1
        target, fragment = redirect_target(site, address)
        assert target.is_file() and not is_redirect(target), f"{address} sends readers to {target}, which is not a page"
        assert target.is_relative_to(site.html / lang), f"{address} leaves its language"
        assert not fragment or fragment in ids(target), f"{address}: no #{fragment} on {target.name}"
        page = soup_of(path)
        assert page.html["lang"] == hreflang, address
        assert page.select_one('meta[name="robots"]')["content"] == "noindex", address
        assert page.select_one('meta[http-equiv="Content-Security-Policy"]')["content"] == POLICY, address
        assert not [s for s in page.select("script") if not s.get("src")], f"{address} has an inline script"
        assert page.select_one("script[src]")["src"].split("?")[0].endswith("_static/redirect.js")
        refresh = page.select_one('noscript meta[http-equiv="refresh"]')["content"]
        assert refresh == f"0; url={page.select_one('a#redirect-target')['href']}", address
        # The link names the new page by its title, in the page's language.
        assert page.select_one("a#redirect-target").get_text(strip=True) == soup_of(target).h1.get_text(" ", strip=True).rstrip("#").strip()
    assert redirects == 17, f"{lang}: {redirects} redirects (9 guides, 7 connectivity pages, 1 index of each)"


@pytest.mark.parametrize("lang", CODES)
def test_old_question_anchors_land_on_the_same_question(site: Build, lang: str) -> None:
    anchors = [a for a in QUESTION_ANCHORS if a.startswith(f"{lang}/")]
    assert len(anchors) == 24
    for line in anchors:
        address, anchor = line.split("#")
        target, _ = redirect_target(site, address)
        section = soup_of(target).find(id=anchor)
        assert section is not None, f"{line}: the question is gone from {target.name}"
        heading = section.find(["h2", "h3"])
        assert heading is not None and heading.get_text().replace("#", "").strip().endswith("?"), f"{line} is not a question on {target.name}"


def test_redirect_pages_are_neither_in_the_sitemap_nor_in_search(site: Build) -> None:
    listed = re.findall(r"<loc>[^<]*?/((?:%s)/[^<]+)</loc>" % "|".join(CODES), (site.html / "sitemap.xml").read_text(encoding="utf-8"))
    assert f"{CODES[0]}/platforms/windows.html" in listed
    for lang in CODES:
        old = site.redirects(lang)
        assert len(old) == 17
        assert not {f"{lang}/{name}.html" for name in old} & set(listed)
        indexed = {doc[0].partition("#")[0] for doc in read_index(site.html / lang / "_static").docs}
        assert not indexed & {f"{name}.html" for name in old}
        assert {f"platforms/{p}.html" for p in PLATFORMS} <= indexed


# -- The platform pages ------------------------------------------------------------


def questions(site: Build, lang: str, page: str) -> list[str]:
    """The anchors of a page's questions (headings that end with '?')."""
    article = soup_of(site.path(lang, page)).select_one("article")
    return [h.parent["id"] for h in article.select("section > h2") if h.get_text().replace("#", "").strip().endswith("?")]


@pytest.mark.parametrize("lang", CODES)
def test_each_platform_question_has_its_own_search_entry(site: Build, lang: str) -> None:
    urls = [doc[0] for doc in read_index(site.html / lang / "_static").docs]
    for platform in PLATFORMS:
        page = f"platforms/{platform}"
        anchors = questions(site, lang, page)
        assert len(anchors) >= 3, page
        entries = {anchor for url, _, anchor in (u.partition("#") for u in urls) if url == f"{page}.html"}
        assert set(anchors) <= entries, f"{lang}/{page}: questions without a search entry: {set(anchors) - entries}"


def test_platform_questions_have_explicit_anchors_and_keywords() -> None:
    for platform in PLATFORMS:
        source = (ROOT / "docs" / "platforms" / f"{platform}.md").read_text(encoding="utf-8")
        blocks = re.findall(r"^(.*)\n## (.+\?)\n\n```\{keywords\}\n(.+)\n```", source, flags=re.MULTILINE)
        headings = re.findall(r"^## .+\?$", source, flags=re.MULTILINE)
        assert len(blocks) == len(headings) >= 3, platform
        for label, question, keywords in blocks:
            assert re.fullmatch(r"\([a-z0-9-]+\)=", label), f"{platform}: '{question}' has no explicit anchor"
            assert len(keywords.split(",")) >= 5, f"{platform}: '{question}' has few keywords"


# -- No near-copies ------------------------------------------------------------------

#: Product and platform names (and their device names), masked before comparing
#: pages: a page cloned from another with the name swapped must still be caught.
NAMES = re.compile(
    r"\b(?:nord ?vpn|nord ?pass|nord security|windows(?: 1[01])?|mac ?os|os ?x|macbook(?: air| pro)?|imac|mac mini|macs?"
    r"|linux|ubuntu|debian|fedora|android|iphones?|ipad|ios|ipados|amazon fire|fire tv stick|fire tv|fire tablets?"
    r"|tablettes? fire|fire|routers?|routeurs?|chrome|firefox|edge|safari|samsung|galaxy|pixel|pcs?"
    r"|browsers?|navigateurs?)\b",
    re.IGNORECASE,
)
#: Parts of every page that the templates write, not the page's own text.
TEMPLATE_PARTS = "a.headerlink, script, style, nav.breadcrumbs, nav.page-languages, nav.related-questions, .page-reviewed, .still-need-help, .channel-chooser"
MAX_SHARED = 0.5


def masked_words(html: str) -> list[str]:
    article = BeautifulSoup(html, "html.parser").select_one("article")
    for node in article.select(TEMPLATE_PARTS):
        node.decompose()
    text = NAMES.sub(" NAME ", " ".join(article.get_text(" ").split()))
    return re.findall(r"\w+", text.lower())


def shingles(words: list[str], size: int = 5) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def shared(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def test_the_measure_catches_a_page_cloned_with_the_name_swapped(site: Build) -> None:
    html = site.read("en", "platforms/windows")
    clone = html.replace("Windows", "macOS").replace("PC", "Mac")
    assert shared(shingles(masked_words(html)), shingles(masked_words(clone))) > 0.95
    other = shingles(masked_words(site.read("en", "platforms/router")))
    assert shared(shingles(masked_words(html)), other) < MAX_SHARED


@pytest.mark.parametrize("lang", CODES)
def test_no_two_pages_share_more_than_half_their_text(site: Build, lang: str) -> None:
    pages = {page: shingles(masked_words(site.read(lang, page))) for page in site.pages(lang)}
    assert len(pages) >= 30
    pairs = [(shared(pages[a], pages[b]), a, b) for a, b in itertools.combinations(sorted(pages), 2)]
    over = [f"{a} and {b}: {share:.0%} of 5-word shingles shared" for share, a, b in sorted(pairs, reverse=True) if share > MAX_SHARED]
    assert not over, "\n".join(over)


# -- In the browser ----------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("lang", CODES)
def test_an_old_connectivity_link_opens_the_new_page_at_the_question(browser, server: str, lang: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{server}{lang}/faq/connectivity/ios.html#ios-vpn-wont-connect")
    page.wait_for_url(f"{server}{lang}/platforms/iphone.html#ios-vpn-wont-connect")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == lang
    heading = page.locator("#ios-vpn-wont-connect > h2")
    heading.wait_for()
    page.wait_for_function("() => { const r = document.querySelector('#ios-vpn-wont-connect > h2').getBoundingClientRect(); return r.top >= 0 && r.top < 200; }")
    # An old setup-guide link without an anchor lands at the top of its page.
    page.goto(f"{server}{lang}/guides/chrome.html")
    page.wait_for_url(f"{server}{lang}/platforms/browsers.html")
    context.close()


@pytest.mark.browser
def test_without_javascript_the_old_address_still_leads_to_the_new_page(browser, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for lang in CODES:
        page.goto(f"{server}{lang}/faq/connectivity/router.html")
        page.wait_for_url(f"{server}{lang}/platforms/router.html")
    context.close()
