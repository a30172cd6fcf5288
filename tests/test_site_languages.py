"""The built site in every language: pages, <html lang>, switcher, hreflang,
canonical URLs, the root page, and a French interface on French pages."""

from __future__ import annotations

import re

import polib
import pytest
from bs4 import BeautifulSoup

from helpcenter.testing import BASE_URL, CODES, LANGUAGES, ROOT, SOURCE, TRANSLATIONS, Build, local_target


def soup(build: Build, lang: str, page: str) -> BeautifulSoup:
    return BeautifulSoup(build.read(lang, page), "html.parser")


def test_the_build_prints_no_warning(site: Build) -> None:
    if not site.output:
        pytest.skip("the site was given (HELPCENTER_SITE): its build output is not known here")
    assert "built en" in site.output, site.output  # the output is the build's, not empty
    assert "WARNING" not in site.output and "ERROR" not in site.output, site.output


def test_every_page_exists_in_every_language(site: Build) -> None:
    english = site.pages(SOURCE)
    assert {"index", "channels/index", "faq/index"} <= set(english)
    for lang in TRANSLATIONS:
        assert site.pages(lang) == english
        assert site.redirects(lang) == site.redirects(SOURCE)


@pytest.mark.parametrize("lang", CODES)
def test_html_lang_matches_the_language(site: Build, lang: str) -> None:
    expected = next(language.hreflang for language in LANGUAGES if language.code == lang)
    for page in [*site.pages(lang), *site.redirects(lang)]:
        assert soup(site, lang, page).html["lang"] == expected, page


@pytest.mark.parametrize("lang", CODES)
def test_switcher_links_to_the_same_page_in_each_language(site: Build, lang: str) -> None:
    for page in site.pages(lang):
        switcher = soup(site, lang, page).select_one("nav.language-switcher")
        assert switcher is not None, f"{lang}/{page} has no language switcher"
        links = {a["hreflang"]: a["href"] for a in switcher.select("a[hreflang]")}
        assert set(links) == {code for code in CODES if code != lang}, page
        for code, href in links.items():
            target = local_target(site, lang, page, href)
            assert target == site.path(code, page), f"{lang}/{page}: {href} is not the same page"
            assert target.is_file()
        assert switcher.select_one('[aria-current="page"]').get_text(strip=True)


@pytest.mark.parametrize("lang", CODES)
def test_hreflang_and_canonical_resolve(site: Build, lang: str) -> None:
    for page in site.pages(lang):
        head = soup(site, lang, page).head
        alternates = {link["hreflang"]: link["href"] for link in head.select('link[rel="alternate"][hreflang]')}
        assert set(alternates) == {*CODES, "x-default"}, page
        for code in CODES:
            assert local_target(site, lang, page, alternates[code]) == site.path(code, page)
        assert local_target(site, lang, page, alternates["x-default"]) == site.path(SOURCE, page)
        canonical = head.select_one('link[rel="canonical"]')["href"]
        assert canonical == f"{BASE_URL}{lang}/{page}.html"


def visible_text(document: BeautifulSoup) -> str:
    main = document.select_one("article") or document
    for hidden in main.select("script, style"):
        hidden.decompose()
    return " ".join(main.get_text(" ").split())


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_translated_pages_are_translated(site: Build, lang: str) -> None:
    for page in site.pages(lang):
        if page in {"genindex", "search"}:
            continue
        english, translated = soup(site, SOURCE, page), soup(site, lang, page)
        assert translated.title.get_text() != english.title.get_text(), f"{lang}/{page}: title not translated"
        assert visible_text(translated) != visible_text(english), f"{lang}/{page}: body not translated"


def interface_strings() -> set[str]:
    """English interface text: our interface catalog plus Furo's and Sphinx's strings on pages."""
    catalog = ROOT / "locales" / "fr" / "LC_MESSAGES" / "sphinx.po"
    entries = polib.pofile(str(catalog)) if catalog.exists() else []
    # A word that French writes the same way ("Menu") is not a leftover.
    strings = {entry.msgid for entry in entries if entry.msgstr != entry.msgid}
    strings |= {
        "Skip to content", "Back to top", "On this page", "Next", "Previous", "Home", "Search",
        "Toggle site navigation sidebar", "Toggle table of contents sidebar",
        "Toggle Light / Dark / Auto color theme", "Link to this heading", "Made with", "Copyright",
        "Contents", "Index", "Last updated on", "Hide Search Matches", "Search Results",
    }  # fmt: skip
    return {s for s in strings if s and s not in {"Navigation", "Index", "FAQ"}}


@pytest.mark.parametrize("lang", TRANSLATIONS)
def test_translated_pages_show_no_english_interface_text(site: Build, lang: str) -> None:
    strings = interface_strings()
    for page in site.pages(lang):
        document = soup(site, lang, page)
        for node in document.select("script, style, code, pre"):
            node.decompose()
        texts = [" ".join(t.split()) for t in document.find_all(string=True)]
        for element in document.find_all(True):
            texts += [element.get(attr, "") for attr in ("aria-label", "title", "placeholder", "alt", "content")]
        leftovers = sorted({t for t in texts if t.strip().rstrip(":") in strings})
        assert not leftovers, f"{lang}/{page} shows English interface text: {leftovers}"


def test_root_page_links_every_language(site: Build) -> None:
    root = BeautifulSoup((site.html / "index.html").read_text(encoding="utf-8"), "html.parser")
    hrefs = {a["hreflang"]: a["href"] for a in root.select("main a[hreflang]")}
    assert hrefs == {code: f"{code}/index.html" for code in CODES}
    script = root.select_one("script[src]")["src"]
    assert re.search(r"navigator\.languages", (site.html / script).read_text(encoding="utf-8"))


def test_english_terms_on_french_pages_are_marked_for_screen_readers(site: Build) -> None:
    import tomllib

    terms = tomllib.loads((ROOT / "locales" / "fr" / "terminology.toml").read_text(encoding="utf-8"))["english_terms"]
    found = 0
    for page in site.pages("fr"):
        document = soup(site, "fr", page)
        article = document.select_one("article")
        if article is None:
            continue
        marked = {span.get_text() for span in article.select('span[lang="en"]')}
        for node in article.find_all(string=True):
            if node.parent.name in {"code", "pre", "script", "style"} or node.find_parent(attrs={"lang": "en"}):
                continue
            for term in terms:
                assert not re.search(rf"(?<![\w-]){re.escape(term)}(?![\w-])", node), f"fr/{page}: {term!r} not marked lang=en"
        found += len(marked)
    assert found > 0
