"""The "page not found" page of each language, and making it work at any depth.

Static hosts serve one 404 page for every missing URL, at whatever depth the
reader asked for, so its relative links would point nowhere. Sphinx writes
the page with relative links like every other; publishing rewrites them into
absolute paths under the site's path prefix (``/fr/_static/...``).
"""

from __future__ import annotations

import hashlib
import re
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateNotFound

from ..files import write_if_changed

if TYPE_CHECKING:  # publishing imports this module without starting Sphinx
    from sphinx.application import Sphinx

PAGE = "404"
# Links, and the asset paths that scripts read from data-* attributes (the search box's engine and index).
_RELATIVE_LINK = re.compile(r'(?<![\w-])(href|src|action|data-(?:engine|index|stemmer|root))="(?![a-z][a-z0-9+.-]*:|/|#)([^"]*)"')


def absolutize(html: str, base_path: str) -> str:
    """Every relative href/src/action and asset data-* path made absolute under base_path ('/fr/')."""

    def absolute(match: re.Match[str]) -> str:
        path = match.group(2)
        path = "" if path in (".", "./") else path  # data-root="./": the language's folder itself
        return f'{match.group(1)}="{base_path}{path}"'

    return _RELATIVE_LINK.sub(absolute, html)


def collect_page(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    if unchanged_build(app, PAGE) or not has_template(app.builder, "404.html"):
        return []  # unchanged; or a build with the theme's own templates only (the benchmark's stock build)
    return [(PAGE, {"title": app.translator.gettext("Page not found")}, "404.html")]


def has_template(builder: Any, name: str) -> bool:
    try:
        builder.templates.environment.get_template(name)
    except TemplateNotFound:
        return False
    return True


#: Per build (the Sphinx application): how many pages were read or written.
_changed: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()
_keys: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()


def note_docs_read(app: Sphinx, env: Any, docnames: list[str]) -> None:
    _changed[app] = len(docnames)
    _keys.pop(app, None)  # an app may build twice


def note_page_written(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if doctree is not None:
        _changed[app] = _changed.get(app, 0) + 1


def _inputs_key(app: Sphinx) -> str:
    """What the search and 404 pages show besides their own text: the page titles and
    tree (navigation, sections) and the channel data (the help block). Worked out once
    a build (the pages are all read by then), not once for each page that asks."""
    from .channel_data import channels_of

    if app not in _keys:
        env = app.env
        titles = sorted((d, env.titles[d].astext()) for d in env.found_docs if d in env.titles)
        tree = sorted((d, tuple(c)) for d, c in env.toctree_includes.items())
        _keys[app] = hashlib.sha256(repr((titles, tree, channels_of(env).digest())).encode()).hexdigest()
    return _keys[app]


def unchanged_build(app: Sphinx, page: str) -> bool:
    """Whether writing the page again would give the same file: it exists, and either
    nothing was read or written, or only page bodies changed (titles, tree and channel
    data as before, and not every page rewritten, as a template or setting change does)."""
    if not (Path(app.outdir) / f"{page}.html").is_file():
        return False
    changed = _changed.get(app, 1)
    if changed == 0:
        return True
    if changed >= len(app.env.found_docs):
        return False
    key_file = Path(app.doctreedir) / "helpcenter-extra-pages.key"
    key = _inputs_key(app)
    previous = key_file.read_text(encoding="utf-8") if key_file.is_file() else ""
    return previous == key


def remember_inputs(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        write_if_changed(Path(app.doctreedir) / "helpcenter-extra-pages.key", _inputs_key(app))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-before-read-docs", note_docs_read)
    app.connect("html-page-context", note_page_written)
    app.connect("html-collect-pages", collect_page)
    app.connect("build-finished", remember_inputs)
    # Counts the pages written, in this process: a parallel write would count in its children.
    return {"parallel_read_safe": True, "parallel_write_safe": False}
