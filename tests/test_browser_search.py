"""Search in Chromium: the query suite, the widget, the results page, safety."""

from __future__ import annotations

import re

import tomllib

import pytest

from helpcenter.testing import CODES, REPORT, ROOT, SOURCE
from helpcenter import budgets
from helpcenter.testing import load_search_engine, rank, summary

pytestmark = pytest.mark.browser

QUERIES = tomllib.loads((ROOT / "tests" / "search_queries.toml").read_text(encoding="utf-8"))
MINIMUM_TOP3 = budgets.SEARCH_TOP3


@pytest.mark.parametrize("lang", CODES)
def test_query_suite_finds_the_expected_answer_in_the_top_3(page, server: str, lang: str) -> None:
    queries = QUERIES[lang]
    assert len(queries) >= 40
    page.goto(f"{server}{lang}/index.html")
    load_search_engine(page)
    ranks, misses = [], []
    for case in queries:
        urls = page.evaluate("q => window.helpcenterSearch.search(q, 10).then(found => found.results.map(r => r.url))", case["query"])
        position = rank(urls, case["expect"])
        ranks.append(position)
        if not position or position > 3:
            misses.append(f"{case['query']!r}: expected {case['expect']}, got {urls[:3]}")
    top3, mrr = summary(ranks)
    REPORT.append(f"search [{lang}]: {len(ranks)} queries, top-3 hit rate {top3:.1%}, MRR {mrr:.3f}")
    assert top3 >= MINIMUM_TOP3, f"top-3 {top3:.1%} < {MINIMUM_TOP3:.0%}; misses:\n" + "\n".join(misses)


@pytest.mark.parametrize("lang", CODES)
def test_typing_shows_results_in_the_page_language_and_opens_the_question(page, server: str, lang: str) -> None:
    case = QUERIES[lang][0]
    page.goto(f"{server}{lang}/channels/index.html")
    field = page.locator("#sidebar-search-input")
    field.fill(case["query"])
    results = page.locator("#sidebar-search-results a")
    results.first.wait_for()
    assert field.get_attribute("aria-controls") == "sidebar-search-results"
    assert page.locator("#sidebar-search-status").inner_text().strip()
    first = results.first
    assert f"/{lang}/" in first.evaluate("a => a.href")
    assert first.locator(".search-result-title").inner_text()
    assert first.locator(".search-result-crumb, .search-result-snippet").count() >= 1
    assert page.locator("#sidebar-search-results mark").count() >= 1
    # Keyboard only: arrow down into the results, Enter opens the question's anchor.
    field.press("ArrowDown")
    assert page.evaluate("document.activeElement.closest('#sidebar-search-results') !== null")
    href = page.evaluate("document.activeElement.href")
    address = re.sub(r"\?[^#]*", "", href)  # the ?highlight= words the page marks
    expected = case["expect"][0]
    assert address.split(f"/{lang}/", 1)[1] in case["expect"] or address.endswith(expected.split("#")[0]), (href, case["expect"])
    page.keyboard.press("Enter")
    page.wait_for_url(href)
    # The question itself: the anchor's section is on the page it opened.
    anchor = href.partition("#")[2]
    assert not anchor or page.locator(f"[id='{anchor}']").count() == 1, href


@pytest.mark.parametrize("lang", CODES)
def test_the_results_page_works_from_a_shared_link(page, server: str, lang: str) -> None:
    query = QUERIES[lang][1]["query"]
    page.goto(f"{server}{lang}/search.html?q={query}")
    page.locator("#page-search-results a").first.wait_for()
    assert page.locator("#page-search-input").input_value() == query
    assert page.locator("#page-search-results li").count() >= 3


def test_home_page_search_box_searches_as_you_type(page, server: str) -> None:
    page.goto(f"{server}{SOURCE}/index.html")
    case = QUERIES[SOURCE][2]
    page.locator("#home-search-input").fill(case["query"])
    results = page.locator("#home-search-results a")
    results.first.wait_for()
    hrefs = [link.evaluate("a => a.href") for link in results.all()[:3]]
    assert any(re.sub(r"\?[^#]*", "", href).split(f"/{SOURCE}/", 1)[1] in case["expect"] for href in hrefs), (hrefs, case["expect"])
    assert page.locator("#home-search-status").inner_text().strip()


@pytest.mark.parametrize("lang", CODES)
def test_reading_a_page_downloads_no_search_files(page, server: str, lang: str) -> None:
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{server}{lang}/faq/billing.html")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "search" in url.rsplit("/", 1)[-1] and "loader" not in url]
    page.locator("#sidebar-search-input").focus()
    wanted = {"helpcenter-search.js", "search-index.json", "search-stemmer.js"}
    for _ in range(100):
        if wanted <= {url.rsplit("/", 1)[-1].split("?")[0] for url in requested}:
            break
        page.wait_for_timeout(50)
    assert wanted <= {url.rsplit("/", 1)[-1].split("?")[0] for url in requested}


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [("en", "cnacel", "cancel-subscription"), ("en", "rfeund", "refund"), ("fr", "érsilier", "cancel-subscription"), ("fr", "rmeboursement", "refund")],
)
def test_a_typo_among_the_first_letters_still_finds_the_answer(page, server: str, lang: str, query: str, expected: str) -> None:
    """The first letters name a word's shard: swapped first letters look in the shard they would name."""
    page.goto(f"{server}{lang}/index.html")
    load_search_engine(page)
    urls = page.evaluate("q => window.helpcenterSearch.search(q, 3).then(found => found.results.map(r => r.url))", query)
    assert f"faq/billing.html#{expected}" in urls, urls


@pytest.mark.parametrize("lang", CODES)
def test_a_search_fetches_only_the_shards_of_its_words_and_the_entries_it_shows(page, server: str, lang: str) -> None:
    requested = []
    page.on("request", lambda request: requested.append(request.url.split("?")[0]))
    page.goto(f"{server}{lang}/faq/billing.html")
    page.locator("#sidebar-search-input").fill("nordpass")
    page.locator("#sidebar-search-results a").first.wait_for()
    page.wait_for_load_state("networkidle")
    shards = sorted(url.rsplit("/", 1)[1] for url in requested if "/_static/search/t/" in url)
    chunks = [url for url in requested if "/_static/search/d/" in url]
    assert shards == ["nor.json"]
    assert 1 <= len(chunks) <= page.locator("#sidebar-search-results a").count()


@pytest.mark.parametrize("query", ['<img src=x onerror=alert(1)>', '"><script>alert(1)</script>', "<b>refund</b>"])
def test_markup_in_a_query_is_shown_as_text_and_runs_nothing(page, server: str, query: str) -> None:
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{server}{SOURCE}/search.html?q={query}")
    page.locator("#page-search-input").fill(query)
    page.wait_for_timeout(300)
    assert page.locator("#page-search-input").input_value() == query
    assert page.locator("#page-search-results img, #page-search-results script, #page-search-results b").count() == 0
    page.locator("#sidebar-search-input").fill(query)
    page.wait_for_timeout(300)
    assert page.locator("#sidebar-search-results img, #sidebar-search-results script").count() == 0
    assert not dialogs


@pytest.mark.parametrize("lang", CODES)
def test_404_page_works_at_any_depth(page, server: str, lang: str) -> None:
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    response = page.goto(f"{server}{lang}/no/such/deep/page.html")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("#notfound-search-input").is_visible()
    page.locator("nav.search-sections a").first.click()
    page.wait_for_url(f"{server}{lang}/index.html")
    assert not failed
