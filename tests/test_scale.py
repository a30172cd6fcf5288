"""A help center three times today's size (a synthetic knowledge base, as
``make bench scale=3`` grows it) keeps the per-page and first-search budgets:
neither the sidebar nor the search download may grow with the site. Not timed:
the timings are ``make bench scale=50``'s."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpcenter import testing
from bench import growth
from helpcenter.testing import CODES, MAX_FIRST_SEARCH_BYTES, MAX_PAGE_BYTES, MAX_PAGE_REQUESTS, REPORT, Build, first_view, transferred

#: Each test reads one grown site, built once: its tests run in one make test worker, and
#: the fixtures last the session (a module's fixtures are torn down whenever the worker
#: runs another module's test in between, which would build the site again).
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("grown-site")]

FACTOR = 3


@pytest.fixture(scope="session")
def grown(tmp_path_factory: pytest.TempPathFactory) -> Build:
    scratch = tmp_path_factory.mktemp("grown")
    root = testing.copy_sources(testing.checkout().root, scratch / "src")
    added = growth.grow(root, FACTOR)
    assert added == (FACTOR - 1) * growth.today_pages(root)
    run = testing.run_build(scratch / "work", root=root)
    assert run.returncode == 0, f"the grown site does not build:\n{run.stdout}\n{run.stderr}"
    return Build(scratch / "work" / "html", run.stdout + run.stderr)


@pytest.fixture(scope="session")
def grown_server(grown: Build) -> Iterator[str]:
    with testing.serve(grown.html) as base:
        yield base


def test_the_synthetic_pages_are_there_in_both_languages(grown: Build) -> None:
    for lang in CODES:
        pages = [name for name in grown.pages(lang) if name.startswith("kb/")]
        assert len(pages) == (FACTOR - 1) * growth.today_pages(testing.checkout().root), lang
    article = grown.read("fr", "kb/c00/s0/a00")
    assert 'lang="fr"' in article and "<h2>" in article


def test_every_grown_page_is_within_the_weight_budget(grown: Build) -> None:
    weights = []
    for lang in CODES:
        for page in [*grown.pages(lang), *grown.redirects(lang)]:
            files = first_view(grown, lang, page)
            weights.append((sum(f.stat().st_size for f in files), len(files), f"{lang}/{page}"))
    heaviest = max(weights)
    REPORT.append(f"page weight at {FACTOR}×: {len(weights)} pages, heaviest {heaviest[2]} {heaviest[0] / 1000:.1f} KB in {heaviest[1]} requests")
    over = [f"{name}: {size / 1000:.1f} KB in {requests} requests" for size, requests, name in weights
            if size > MAX_PAGE_BYTES or requests > MAX_PAGE_REQUESTS]  # fmt: skip
    assert not over, f"pages over {MAX_PAGE_BYTES / 1000:.0f} KB or {MAX_PAGE_REQUESTS} requests at {FACTOR}×:\n" + "\n".join(over)


def test_a_page_does_not_carry_every_page_in_its_sidebar(grown: Build) -> None:
    def sidebar(page: str) -> list[str]:
        tree = grown.read("en", page).split('<div class="sidebar-tree">', 1)[1].split("</div>", 1)[0]
        return re.findall(r'href="([^"]*)"', tree)

    # A page outside the knowledge base: its top categories, none of its articles.
    assert not [href for href in sidebar("faq/billing") if re.search(r"kb/c\d+/s\d", href)]
    # An article: its own subcategory's articles, not another's (those would be ../sN/aNN.html).
    links = sidebar("kb/c00/s0/a00")
    assert "a01.html" in links and not [href for href in links if re.search(r"s\d/a\d+\.html", href)]


# Typed into the sidebar's search field, as a reader does; the first is a real page's question.
FIRST_QUERIES = {"en": "cancel my subscription", "fr": "resilier mon abonnement"}


@pytest.mark.browser
@pytest.mark.parametrize("lang", CODES)
def test_a_first_search_downloads_at_most_the_budget(browser, grown_server: str, lang: str) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{grown_server}{lang}/index.html", wait_until="networkidle")
    sent: list[tuple[str, int]] = []
    page.on("response", lambda r: sent.append((r.url, transferred(r))))
    field = page.locator("#sidebar-search-input")
    field.focus()
    field.press_sequentially(FIRST_QUERIES[lang], delay=20)
    page.locator("#sidebar-search-results a").first.wait_for()
    page.wait_for_load_state("networkidle")
    context.close()
    total = sum(size for _, size in sent)
    REPORT.append(f"first search at {FACTOR}× [{lang}]: {total / 1000:.1f} KB in {len(sent)} requests")
    assert sent, "the search downloaded nothing: is it still loaded on demand?"
    assert total <= MAX_FIRST_SEARCH_BYTES, f"a first search downloads {total / 1000:.1f} KB at {FACTOR}×: " + ", ".join(
        f"{Path(url).name} {size / 1000:.1f} KB" for url, size in sent
    )
