"""Reading offline (issue 14, point 1): after one online visit, every page and search of that
language work without a connection; the download stays within its budget; a new deployment
is picked up at the next online visit; a page not kept shows the localized offline page.

Each test serves the site itself and stops the server before going offline
(besides Playwright's offline mode): nothing can come from the network."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polib
import pytest

from helpcenter.pipeline import offline
from helpcenter.testing import CODES, REPORT, ROOT, SOURCE, Build, run_build, serve

pytestmark = pytest.mark.browser

TODAY_MAX_BYTES = 400_000
#: Every stylesheet the page links has loaded (from the worker's copies).
STYLED = "[...document.querySelectorAll('link[rel=stylesheet]')].every(l => l.sheet && l.sheet.cssRules.length > 0)"
QUERIES = {"en": "refund", "fr": "remboursement"}


def manifest(html: Path, lang: str) -> dict:
    text = (html / lang / offline.WORKER).read_text(encoding="utf-8")
    return json.loads(re.search(r"var MANIFEST = (\{.*?\});", text).group(1))


def kept_urls(html: Path, lang: str) -> set[str]:
    return {url for url, _ in manifest(html, lang)["files"]}


def wait_until_controlled(page) -> None:  # type: ignore[no-untyped-def]
    """The worker has installed (downloaded its files) and controls the page."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    for _ in range(200):
        if page.evaluate("navigator.serviceWorker.controller !== null"):
            return
        page.wait_for_timeout(50)
    raise AssertionError("the service worker never took control of the page")


def h1(html: Path, lang: str, page: str) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup((html / lang / f"{page}.html").read_text(encoding="utf-8"), "html.parser").h1.get_text(strip=True).rstrip("#")


def test_the_background_download_is_within_400_kb_per_language_today(site: Build) -> None:
    for lang in CODES:
        entries = offline.collect(site.html / lang, f"/{lang}/")
        kept = [e for e in entries if e.url in kept_urls(site.html, lang)]
        size = offline.size(entries, kept, 0)
        # Everything the language has is kept: every page, redirect, stylesheet, script and the search files.
        assert len(kept) == len(entries), sorted({e.url for e in entries} - {e.url for e in kept})
        assert {"index.html", "offline.html", "search.html", "faq/billing.html"} <= {e.url for e in kept}
        assert any(e.url.startswith("_static/search-index.json") for e in kept)
        assert size.today <= TODAY_MAX_BYTES, f"{lang}: {size.today} bytes gzipped"
        REPORT.append(
            f"offline [{lang}]: {len(kept)} files, {size.today / 1000:.0f} KB gzipped today; "
            f"x{offline.GROWTH}: {size.grown / 1e6:.1f} MB, capped at the budget"
        )


def offline_after_visiting(browser, site: Build, lang: str, first: str):  # type: ignore[no-untyped-def]
    """A reader's first visit (one page, until its worker controls it), then the connection cut:
    (context, page, the base URL the worker knows)."""
    context = browser.new_context(service_workers="allow")
    page = context.new_page()
    with serve(site.html) as base:
        page.goto(f"{base}{lang}/{first}.html")
        wait_until_controlled(page)
    context.set_offline(True)
    return context, page, base


@pytest.mark.parametrize("lang", CODES)
def test_after_one_visit_unopened_pages_and_search_work_offline(browser, site: Build, lang: str) -> None:
    context, page, base = offline_after_visiting(browser, site, lang, "index")
    for name in ("faq/billing", "complaints/write", "platforms/windows", "search"):
        response = page.goto(f"{base}{lang}/{name}.html")
        assert response is not None and response.from_service_worker, name
        assert page.locator("h1").first.inner_text().strip().rstrip("#").strip() == h1(site.html, lang, name)
        assert page.evaluate(STYLED), f"{name}: a stylesheet did not load offline"
    page.goto(f"{base}{lang}/platforms/windows.html")
    field = page.locator("#sidebar-search-input")
    field.fill(QUERIES[lang])
    results = page.locator("#sidebar-search-results a")
    results.first.wait_for(timeout=5000)
    href = results.first.evaluate("a => a.href")
    page.goto(href)
    assert page.locator("h1").first.inner_text() and page.title() != ""
    assert "offline" not in page.url
    context.close()


@pytest.mark.parametrize("lang", CODES)
def test_a_page_not_kept_shows_the_localized_offline_page_with_the_contact_routes(browser, site: Build, lang: str) -> None:
    context, page, base = offline_after_visiting(browser, site, lang, "about")
    page.goto(f"{base}{lang}/faq/no-such-question.html")
    title = "You are offline"
    if lang != SOURCE:
        title = polib.pofile(str(ROOT / "locales" / lang / "LC_MESSAGES" / "sphinx.po")).find(title).msgstr
        assert title and title != "You are offline"
    assert page.locator("h1").inner_text() == title
    assert page.evaluate("document.documentElement.lang").startswith(lang)
    routes = page.locator("ul.offline-routes li").all_inner_texts()
    assert len(routes) >= 4 and any("support@nordvpn.com" in route for route in routes), routes
    # Styled and linked from the site's root: it is shown at any depth.
    assert page.evaluate(STYLED)
    page.locator("a.offline-home").click()
    page.wait_for_url(f"{base}{lang}/index.html")
    assert page.locator("h1").first.inner_text().strip().rstrip("#").strip() == h1(site.html, lang, "index")
    context.close()


KEPT_UNDER = """async ([scope, url, integrity]) => {
  const key = new URL(url, scope);
  key.searchParams.set('helpcenter-sha256', integrity);
  const cache = await caches.open('helpcenter-precache ' + scope);
  return (await cache.keys()).map(r => r.url).includes(key.href);
}"""


def test_a_new_deployment_is_picked_up_at_the_next_online_visit(browser, built_copy_en: tuple[Path, Path]) -> None:
    repo_copy, work = built_copy_en
    html = work / "html"
    assert SOURCE == "en"
    context = browser.new_context(service_workers="allow")
    page = context.new_page()
    with serve(html) as base:
        scope = f"{base}{SOURCE}/"
        page.goto(f"{scope}faq/billing.html")
        wait_until_controlled(page)
        old = dict(manifest(html, SOURCE)["files"])
        assert page.evaluate(KEPT_UNDER, [scope, "about.html", old["about.html"]])
        # Version 2, published into the same folder: a sentence on the open page and on one never opened.
        added = "Version two of this help center."
        for name in ("faq/billing.md", "about.md"):
            path = repo_copy / "docs" / name
            path.write_text(path.read_text(encoding="utf-8") + f"\n{added}\n", encoding="utf-8")
        run = run_build(work, "--lang", SOURCE, root=repo_copy)
        assert run.returncode == 0, run.stdout + run.stderr
        new = dict(manifest(html, SOURCE)["files"])
        assert new["about.html"] != old["about.html"] and new["index.html"] == old["index.html"]
        page.reload()
        assert added in page.locator("article").inner_text()
        # The new worker installs and takes over; the old copy of the page is dropped.
        for _ in range(200):
            if page.evaluate(KEPT_UNDER, [scope, "about.html", new["about.html"]]) and not page.evaluate(
                KEPT_UNDER, [scope, "about.html", old["about.html"]]
            ):
                break
            page.wait_for_timeout(50)
        else:
            raise AssertionError("the new deployment's worker did not replace the old one")
    context.set_offline(True)
    response = page.goto(f"{scope}about.html")
    assert response is not None and response.from_service_worker
    assert added in page.locator("article").inner_text()
    context.close()


def test_beyond_the_budget_pages_are_kept_as_they_are_opened(browser, repo_copy: Path, tmp_path: Path) -> None:
    budget_kb = 45  # the shell, the offline page and the home page fit; most pages do not
    settings = repo_copy / "site.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + f"offline_budget_kb = {budget_kb}\n", encoding="utf-8")
    work, html = tmp_path / "w", tmp_path / "w" / "html"
    run = run_build(work, "--lang", SOURCE, root=repo_copy)
    assert run.returncode == 0, run.stdout + run.stderr
    entries = offline.collect(html / SOURCE, f"/{SOURCE}/")
    kept = kept_urls(html, SOURCE)
    assert sum(e.gzipped for e in entries if e.url in kept) <= budget_kb * 1000
    assert {"offline.html", "index.html"} <= kept
    opened, never = [e.url for e in entries if e.kind == "page" and e.url not in kept and e.url.startswith("faq/")][:2]
    context = browser.new_context(service_workers="allow")
    page = context.new_page()
    with serve(html) as base:
        page.goto(f"{base}{SOURCE}/index.html")
        wait_until_controlled(page)
        page.goto(f"{base}{SOURCE}/{opened}")
    context.set_offline(True)
    page.goto(f"{base}{SOURCE}/{opened}")
    assert page.locator("h1").first.inner_text().strip().rstrip("#").strip() == h1(html, SOURCE, opened[:-5])
    page.goto(f"{base}{SOURCE}/{never}")
    assert page.locator("h1").first.inner_text() == "You are offline"
    context.close()
