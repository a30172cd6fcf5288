"""The "page not found" page of each language, and making it work at any depth.

Static hosts serve one 404 page for every missing URL, at whatever depth the
reader asked for, so its relative links would point nowhere. Sphinx writes
the page with relative links like every other; publishing rewrites them into
absolute paths under the site's path prefix (``/fr/_static/...``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jinja2 import TemplateNotFound
from sphinx.application import Sphinx

PAGE = "404"
_RELATIVE_LINK = re.compile(r'\b(href|src|action)="(?![a-z][a-z0-9+.-]*:|/|#)([^"]*)"')


def absolutize(html: str, base_path: str) -> str:
    """Every relative href/src/action made absolute under base_path ('/fr/')."""
    return _RELATIVE_LINK.sub(lambda m: f'{m.group(1)}="{base_path}{m.group(2)}"', html)


def collect_page(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    if unchanged_build(app, PAGE) or not has_template(app, "404.html"):
        return []  # unchanged; or a build with the theme's own templates only (the benchmark's stock build)
    return [(PAGE, {"title": app.translator.gettext("Page not found")}, "404.html")]


def has_template(app: Sphinx, name: str) -> bool:
    try:
        app.builder.templates.environment.get_template(name)
    except TemplateNotFound:
        return False
    return True


def note_docs_read(app: Sphinx, env: Any, docnames: list[str]) -> None:
    app.helpcenter_docs_changed = len(docnames)  # type: ignore[attr-defined]


def note_page_written(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if doctree is not None:
        app.helpcenter_docs_changed = getattr(app, "helpcenter_docs_changed", 0) + 1  # type: ignore[attr-defined]


def unchanged_build(app: Sphinx, page: str) -> bool:
    """No page was read or written (no page, template, data or setting changed) and the
    page exists: writing it again would give the same file."""
    return getattr(app, "helpcenter_docs_changed", 1) == 0 and (Path(app.outdir) / f"{page}.html").is_file()


def setup(app: Sphinx) -> None:
    app.connect("env-before-read-docs", note_docs_read)
    app.connect("html-page-context", note_page_written)
    app.connect("html-collect-pages", collect_page)
