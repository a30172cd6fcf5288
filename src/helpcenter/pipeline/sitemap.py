"""``sitemap.xml`` and ``robots.txt`` for the whole published site.

Every page is listed once per language, each with its alternates in every
language (``hreflang``) and ``x-default`` (the source language), as search
engines expect for a multilingual site.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from html import escape
from pathlib import Path
from urllib.parse import quote

from ..files import is_redirect, walk
from ..languages import Language

#: Pages that are not content: no point in a search engine listing them.
#: Nor are the redirect pages left at old addresses.
NOT_LISTED = {"search.html", "404.html", "offline.html"}


def pages(site: Path, lang: Language, files: Collection[str] | None = None, redirect: Callable[[str], bool] | None = None) -> list[str]:
    """The language's listed pages; files (the site's, 'en/a.html') and redirect (whether
    one of them is a redirect page) if the caller knows them, else read from site."""
    files = files if files is not None else [f"{lang.code}/{name}" for name in walk(site / lang.code)]
    redirect = redirect or (lambda name: is_redirect(site / name))
    inside = f"{lang.code}/"
    return sorted(
        name[len(inside) :]
        for name in files
        if name.startswith(inside) and name.endswith(".html")
        and name[len(inside) :] not in NOT_LISTED
        and not name[len(inside) :].startswith("_")
        and not redirect(name)
    )  # fmt: skip


def render(site: Path, languages: list[Language], base_url: str, files: Collection[str] | None = None,
           redirect: Callable[[str], bool] | None = None) -> str:  # fmt: skip
    source = languages[0]
    present_files = set(files) if files is not None else None

    def present_in(lang: Language, page: str) -> bool:
        name = f"{lang.code}/{page}"
        return name in present_files if present_files is not None else (site / name).is_file()

    def url(lang: Language, page: str) -> str:
        # Non-ASCII page names are percent-encoded, as the sitemap protocol requires.
        return escape(f"{base_url}{lang.code}/{quote(page)}")

    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for page in pages(site, source, files, redirect):
        urls = {lang.code: url(lang, page) for lang in languages if present_in(lang, page)}  # each once: a large site has thousands
        present = [lang for lang in languages if lang.code in urls]
        alternates = [
            f'    <xhtml:link rel="alternate" hreflang="{lang.hreflang}" href="{urls[lang.code]}"/>'
            for lang in present
        ]
        alternates.append(
            f'    <xhtml:link rel="alternate" hreflang="x-default" href="{urls.get(source.code) or url(source, page)}"/>'
        )
        for lang in present:
            lines += ["  <url>", f"    <loc>{urls[lang.code]}</loc>", *alternates, "  </url>"]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(base_url: str) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {base_url}sitemap.xml\n"
