"""Issue 23, point 6, offline: after reading one language only, a link to the other language
shows that language's offline page, never the browser's error (its worker downloads only
the offline page and what that needs); once a page of the other language is read, all of
that language opens offline, the page read included. Each test serves the site itself and stops the
server before going offline."""

from __future__ import annotations

import json
import re

import polib
import pytest

from helpcenter.pipeline import offline
from helpcenter.testing import ROOT, SOURCE, TRANSLATIONS, Build, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STYLED = "[...document.querySelectorAll('link[rel=stylesheet]')].every(l => l.sheet && l.sheet.cssRules.length > 0)"
#: The worker of the language folder given is active, and what it keeps (URLs without their hash).
WORKER = """async (scope) => {
  for (let i = 0; i < 200; i++) {
    const registration = await navigator.serviceWorker.getRegistration(scope);
    if (registration && registration.active && registration.active.state === 'activated') {
      const cache = await caches.open('helpcenter-precache ' + scope);
      return (await cache.keys()).map(r => { const u = new URL(r.url); u.searchParams.delete('helpcenter-sha256'); return u.href.slice(scope.length); });
    }
    await new Promise(r => setTimeout(r, 50));
  }
  return null;
}"""


def offline_title(lang: str) -> str:
    return polib.pofile(str(ROOT / "locales" / lang / "LC_MESSAGES" / "sphinx.po")).find("You are offline").msgstr


def manifest(site: Build, lang: str) -> dict:
    text = (site.html / lang / offline.WORKER).read_text(encoding="utf-8")
    return json.loads(re.search(r"var MANIFEST = (\{.*?\});", text).group(1))


def wait_until_controlled(page) -> None:  # type: ignore[no-untyped-def]
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    for _ in range(200):
        if page.evaluate("navigator.serviceWorker.controller !== null"):
            return
        page.wait_for_timeout(50)
    raise AssertionError("the service worker never took control of the page")


@pytest.mark.parametrize("width", [390, 1440])
@pytest.mark.parametrize("other", TRANSLATIONS)
def test_a_link_to_the_other_language_offline_shows_its_offline_page(browser, site: Build, other: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, service_workers="allow")
    page = context.new_page()
    with serve(site.html) as base:
        page.goto(f"{base}{SOURCE}/index.html")
        wait_until_controlled(page)
        kept = page.evaluate(WORKER, f"{base}{other}/")
        assert kept is not None, f"reading {SOURCE} did not install the {other} worker"
        light = manifest(site, other)
        shell = {url for url, _ in light["files"][: light["shell"]]}
        assert "offline.html" in kept and set(kept) <= shell, "the other language's worker downloads more than its offline page needs"
    context.set_offline(True)
    # A page of the reader's language (kept), then its link to the other language (never opened).
    page.goto(f"{base}{SOURCE}/complaints/write.html")
    page.locator(f'nav.page-languages a[hreflang="{other}"]').click()
    page.wait_for_url(f"{base}{other}/complaints/write.html")
    assert page.locator("h1").inner_text() == offline_title(other)
    assert page.evaluate("document.documentElement.lang").startswith(other)
    assert page.evaluate(STYLED), "the offline page lost its stylesheet"
    context.close()


@pytest.mark.parametrize("other", TRANSLATIONS)
def test_reading_the_other_language_later_keeps_all_of_it(browser, site: Build, other: str) -> None:
    """A worker first installed from another language's page downloads the rest of its
    language once a page of that language is read."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, service_workers="allow")
    page = context.new_page()
    with serve(site.html) as base:
        page.goto(f"{base}{SOURCE}/index.html")
        wait_until_controlled(page)
        assert page.evaluate(WORKER, f"{base}{other}/") is not None
        page.goto(f"{base}{other}/index.html")
        wait_until_controlled(page)
        wanted = {url for url, _ in manifest(site, other)["files"]}
        for _ in range(200):
            if wanted <= set(page.evaluate(WORKER, f"{base}{other}/")):
                break
            page.wait_for_timeout(100)
        else:
            raise AssertionError(f"the {other} worker did not keep its whole language after a page of it was read")
    context.set_offline(True)
    for name in ("index", "complaints/write"):  # the page read, and one never opened
        response = page.goto(f"{base}{other}/{name}.html")
        assert response is not None and response.from_service_worker
        assert page.locator("h1").first.inner_text() != offline_title(other), name
        assert page.evaluate(STYLED), name
    context.close()
