"""The "page not found" page of each language, and making it work at any depth.

Static hosts serve one 404 page for every missing URL, at whatever depth the
reader asked for, so its relative links would point nowhere. Sphinx writes
the page with relative links like every other; publishing rewrites them into
absolute paths under the site's path prefix (``/fr/_static/...``).
"""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx

PAGE = "404"
_RELATIVE_LINK = re.compile(r'\b(href|src|action)="(?![a-z][a-z0-9+.-]*:|/|#)([^"]*)"')


def absolutize(html: str, base_path: str) -> str:
    """Every relative href/src/action made absolute under base_path ('/fr/')."""
    return _RELATIVE_LINK.sub(lambda m: f'{m.group(1)}="{base_path}{m.group(2)}"', html)


def collect_page(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    return [(PAGE, {"title": app.translator.gettext("Page not found")}, "404.html")]


def setup(app: Sphinx) -> None:
    app.connect("html-collect-pages", collect_page)
