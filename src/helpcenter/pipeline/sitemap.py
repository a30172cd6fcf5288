"""``sitemap.xml`` and ``robots.txt`` for the whole published site.

Every page is listed once per language, each with its alternates in every
language (``hreflang``) and ``x-default`` (the source language), as search
engines expect for a multilingual site.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import quote

from ..files import is_redirect
from ..languages import Language

#: Pages that are not content: no point in a search engine listing them.
#: Nor are the redirect pages left at old addresses.
NOT_LISTED = {"search.html", "404.html", "offline.html"}


def pages(site: Path, lang: Language) -> list[str]:
    root = site / lang.code
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*.html")
        if p.relative_to(root).as_posix() not in NOT_LISTED
        and not p.relative_to(root).parts[0].startswith("_")
        and not is_redirect(p)
    )


def render(site: Path, languages: list[Language], base_url: str) -> str:
    source = languages[0]

    def url(lang: Language, page: str) -> str:
        # Non-ASCII page names are percent-encoded, as the sitemap protocol requires.
        return escape(f"{base_url}{lang.code}/{quote(page)}")

    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for page in pages(site, source):
        present = [lang for lang in languages if (site / lang.code / page).is_file()]
        alternates = [
            f'    <xhtml:link rel="alternate" hreflang="{lang.hreflang}" href="{url(lang, page)}"/>'
            for lang in present
        ]
        alternates.append(
            f'    <xhtml:link rel="alternate" hreflang="x-default" href="{url(source, page)}"/>'
        )
        for lang in present:
            lines += ["  <url>", f"    <loc>{url(lang, page)}</loc>", *alternates, "  </url>"]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(base_url: str) -> str:
    return f"User-agent: *\nAllow: /\nSitemap: {base_url}sitemap.xml\n"
