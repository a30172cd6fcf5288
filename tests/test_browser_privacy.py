"""Private by design: every page, searched and switched in Chromium, asks
nothing of any other host, sets no cookie and breaks no rule of its
Content-Security-Policy."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

from helpcenter.testing import CODES, REPORT, Build
from helpcenter.testing import search_queries

QUERIES = search_queries(Path(__file__).parent / "search_queries.toml")

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def test_no_request_leaves_the_site_and_no_cookie_is_set(browser, server: str, site: Build) -> None:
    context = browser.new_context(service_workers="allow")
    context.add_init_script(RECORD_VIOLATIONS)
    requests, foreign, errors, violations = [], [], [], []
    host = urlparse(server).netloc

    def on_request(request) -> None:  # type: ignore[no-untyped-def]
        requests.append(request.url)
        if urlparse(request.url).scheme in {"http", "https"} and urlparse(request.url).netloc != host:
            foreign.append(request.url)

    context.on("request", on_request)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "404" not in m.text else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    pages = [(lang, p) for lang in CODES for p in site.pages(lang)]
    for lang, name in pages:
        page.goto(f"{server}{lang}/{name}.html")
        violations += page.evaluate("window.__cspViolations")
    # An old address: its page leaves for the new one by script (a blocked script or
    # inline code would show as a console error, collected above); the other redirect
    # pages are the same page with another target (Build.one_redirect).
    redirects = [(lang, site.one_redirect(lang)[0]) for lang in CODES]
    for lang, name in redirects:
        page.goto(f"{server}{lang}/{name}.html")
        page.wait_for_url(lambda url, old=f"/{lang}/{name}.html": old not in url)
        page.wait_for_load_state()
        violations += page.evaluate("window.__cspViolations")
    # Use what runs scripts: search, the results page, the switcher, the root redirect.
    for lang in CODES:
        page.goto(f"{server}{lang}/index.html")
        page.locator("#sidebar-search-input").fill(QUERIES[lang][0]["query"])
        page.locator("#sidebar-search-results a").first.wait_for()
        violations += page.evaluate("window.__cspViolations")
        page.goto(f"{server}{lang}/search.html?q={QUERIES[lang][1]['query']}")
        page.locator("#page-search-results a").first.wait_for()
        page.locator("nav.language-switcher a[hreflang]").first.click()
        page.wait_for_load_state()
        violations += page.evaluate("window.__cspViolations")
    page.goto(server)
    page.wait_for_url(f"{server}*/index.html")
    cookies = context.cookies()
    context.close()
    REPORT.append(f"privacy: {len(pages)} pages and {len(redirects)} redirect pages (one a language) loaded, {len(requests)} requests, {len(foreign)} to other hosts, {len(cookies)} cookies")
    assert not foreign, foreign
    assert not cookies, cookies
    assert not violations, violations
    assert not errors, errors


def test_every_page_declares_the_policy(site: Build) -> None:
    for lang in CODES:
        for name in [*site.pages(lang), *site.redirects(lang)]:
            html = site.read(lang, name)
            assert 'http-equiv="Content-Security-Policy"' in html, f"{lang}/{name}"
            assert "<script>" not in html, f"{lang}/{name} has an inline script"
    headers = (site.html / "_headers").read_text(encoding="utf-8")
    assert "Content-Security-Policy:" in headers and "unsafe-inline" not in headers.split("script-src")[1].split(";")[0]
