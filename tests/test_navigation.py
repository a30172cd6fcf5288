"""Finding one's way without search: breadcrumbs, previous/next, related
questions, the 404 pages, the sitemap and the structured data."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from helpcenter.testing import BASE_URL, CODES, SOURCE, Build
from helpcenter.testing import local_target

CONTENT_PAGES = lambda site, lang: [p for p in site.pages(lang) if p not in {"search", "404", "offline"}]  # noqa: E731


def parse(site: Build, lang: str, page: str) -> BeautifulSoup:
    return BeautifulSoup(site.read(lang, page), "html.parser")


@pytest.mark.parametrize("lang", CODES)
def test_breadcrumbs_lead_home_through_existing_pages(site: Build, lang: str) -> None:
    for page in CONTENT_PAGES(site, lang):
        crumbs = parse(site, lang, page).select("nav.breadcrumbs a")
        if page == "index":
            assert not crumbs
            continue
        assert crumbs, f"{lang}/{page} has no breadcrumbs"
        assert local_target(site, lang, page, crumbs[0]["href"]) == site.path(lang, "index")
        for crumb in crumbs:
            assert local_target(site, lang, page, crumb["href"]).is_file()


@pytest.mark.parametrize("lang", CODES)
def test_breadcrumb_jsonld_matches_the_trail(site: Build, lang: str) -> None:
    document = parse(site, lang, "platforms/windows")
    data = next(
        json.loads(s.string) for s in document.select('script[type="application/ld+json"]') if "BreadcrumbList" in s.string
    )
    names = [item["name"] for item in data["itemListElement"]]
    visible = [a.get_text(strip=True) for a in document.select("nav.breadcrumbs a")]
    assert names[:-1] == visible and len(names) == 3
    assert data["itemListElement"][-1]["item"] == f"{BASE_URL}{lang}/platforms/windows.html"


@pytest.mark.parametrize("lang", CODES)
def test_faq_pages_have_related_questions_and_faqpage_jsonld(site: Build, lang: str) -> None:
    faq_pages = [p for p in site.pages(lang) if p.startswith(("faq/", "platforms/")) and not p.endswith("index")]
    assert sum(p.startswith("platforms/") for p in faq_pages) == 8
    for page in faq_pages:
        document = parse(site, lang, page)
        related = document.select("nav.related-questions a")
        assert len(related) >= 2, f"{lang}/{page}"
        for link in related:
            target = local_target(site, lang, page, link["href"])
            anchor = link["href"].split("#")[1]
            assert target.is_file() and f'id="{anchor}"' in target.read_text(encoding="utf-8")
        data = next(
            json.loads(s.string) for s in document.select('script[type="application/ld+json"]') if "FAQPage" in s.string
        )
        headings = [h.get_text().replace("#", "").strip() for h in document.select("article section > h2")]
        names = [q["name"] for q in data["mainEntity"]]
        assert names and all(name in headings for name in names), f"{lang}/{page}: {names} vs {headings}"
        assert all(len(q["acceptedAnswer"]["text"]) > 30 for q in data["mainEntity"])


@pytest.mark.parametrize("lang", CODES)
def test_pages_have_previous_next_and_open_graph(site: Build, lang: str) -> None:
    for page in CONTENT_PAGES(site, lang):
        document = parse(site, lang, page)
        assert document.select("footer .related-pages a"), f"{lang}/{page} has no previous/next"
        og = {m["property"]: m["content"] for m in document.select("meta[property^='og:']")}
        assert {"og:title", "og:description", "og:url", "og:type"} <= set(og), f"{lang}/{page}"
        assert og["og:url"] == f"{BASE_URL}{lang}/{page}.html"


def test_sitemap_lists_every_page_in_every_language_with_alternates(site: Build) -> None:
    tree = ET.parse(site.html / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = tree.getroot().findall("s:url", ns)
    locs = {u.find("s:loc", ns).text for u in urls}
    for lang in CODES:
        for page in CONTENT_PAGES(site, lang):
            assert f"{BASE_URL}{lang}/{page}.html" in locs
    for url in urls:
        links = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        assert set(links) == {*CODES, "x-default"}
        for href in links.values():
            assert (site.html / href[len(BASE_URL) :]).is_file()
    assert "sitemap.xml" in (site.html / "robots.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", CODES)
def test_404_page_uses_absolute_links(site: Build, lang: str) -> None:
    document = parse(site, lang, "404")
    assert document.select_one("form[data-search-form]")
    for element in document.select("[href], [src]"):
        url = element.get("href") or element.get("src")
        assert url.startswith(("/", "#", "http", "data:", "mailto:")), f"{lang}/404 has a relative link {url}"
    assert (site.html / "404.html").read_text(encoding="utf-8") == site.read(SOURCE, "404")


@pytest.mark.parametrize("lang", CODES)
def test_offline_page_uses_absolute_links_and_is_not_listed(site: Build, lang: str) -> None:
    """The service worker shows it at the address of any page it has not kept."""
    document = parse(site, lang, "offline")
    for element in document.select("[href], [src], [data-root]"):
        url = element.get("href") or element.get("src") or element.get("data-root")
        assert url.startswith(("/", "#", "http", "data:", "mailto:")), f"{lang}/offline has a relative link {url}"
    assert document.select_one('meta[name="robots"]')["content"] == "noindex"
    assert f"/{lang}/offline.html" not in (site.html / "sitemap.xml").read_text(encoding="utf-8")
