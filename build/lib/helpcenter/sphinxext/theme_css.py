"""Furo's stylesheet, cut down to the rules the written pages can match.

``furo.css`` (51 KB, on every page) styles everything Sphinx can write: API
signatures, footnotes, glossaries, code, and so on. Once the pages are
written, the rules whose selectors need a class that no page has and no
script names are dropped, into ``_static/styles/furo-site.css`` (about 37 KB),
which the pages link instead.

Pages link stylesheets with a hash of their content, for long-lived caching,
and this one's content is known only after every page is written. Pages are
written linking the previous build's file; if the new one differs (a page
started or stopped using a class), the link is updated in the pages then. A
build that changes no class rewrites no page.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import assets
from ..files import write_if_changed

if TYPE_CHECKING:
    from sphinx.application import Sphinx

THEME_CSS = "_static/styles/furo.css"
SITE_CSS = "_static/styles/furo-site.css"
_CLASS_ATTRIBUTE = re.compile(r'\sclass="([^"]*)"')
_NAME = re.compile(r"[A-Za-z_][\w-]*")
_LINK = re.compile(r'(/furo-site\.css)(\?v=[0-9a-f]+)?"')


def link_site_css(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if not app.config.helpcenter_optimize:
        return
    context["css_files"] = [
        type(css)(SITE_CSS, priority=css.priority, **css.attributes) if getattr(css, "filename", css) == THEME_CSS else css
        for css in context.get("css_files", [])
    ]


def used_classes(outdir: Path, pages: dict[Path, str]) -> set[str]:
    """Every class a page has, and every name a script could set as one."""
    used: set[str] = set()
    for html in pages.values():
        for value in _CLASS_ATTRIBUTE.findall(html):
            used.update(value.split())
    for script in (outdir / "_static").rglob("*.js"):
        used.update(_NAME.findall(script.read_text(encoding="utf-8")))
    return used


def checksum(css: str) -> str:
    """The hash Sphinx puts in the pages' links (``?v=``), of this content."""
    content = css.encode("utf-8").replace(b"\r", b"")
    return f"{zlib.crc32(content):08x}"


def write_site_css(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or not app.config.helpcenter_optimize:
        return
    outdir = Path(app.outdir)
    source = outdir / THEME_CSS
    if not source.is_file():
        return
    pages = {page: page.read_text(encoding="utf-8") for page in outdir.rglob("*.html")}
    css = assets.purge(source.read_text(encoding="utf-8"), used_classes(outdir, pages), prefix="")
    write_if_changed(outdir / SITE_CSS, css)
    link = rf'\1?v={checksum(css)}"'
    for page, html in pages.items():
        updated = _LINK.sub(link, html)
        if updated != html:
            page.write_text(updated, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", link_site_css, priority=600)
    # Late: after every other handler that writes pages or scripts.
    app.connect("build-finished", write_site_css, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
