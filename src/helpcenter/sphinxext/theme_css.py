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

Reading every page is proportional to the whole site, so each page's classes
are kept (in the doctree folder, by the page's size and modification time):
a build reads only the pages it wrote, and cuts the stylesheet again only
when the classes, the scripts' names or Furo's stylesheet changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import assets, patches
from ..files import walk, write_if_changed

patches.register(patches.Patch(
    "theme_css", "Furo", "the link to `_static/styles/furo.css` in every page, by `furo-site.css`: its rules that the written pages can match",
    "a build whose pages lose a style shows in the browser tests (axe contrast, layout); furo capped in pyproject.toml",
    "page weight: furo.css 51 KB → about 37 KB on every page; off with `helpcenter_optimize = False`",
    "never: the page-weight budget needs it",
    "sphinxext/theme_css.py",
))  # fmt: skip

if TYPE_CHECKING:
    from sphinx.application import Sphinx

THEME_CSS = "_static/styles/furo.css"
SITE_CSS = "_static/styles/furo-site.css"
_CLASS_ATTRIBUTE = re.compile(r'\sclass="([^"]*)"')
_NAME = re.compile(r"[A-Za-z_][\w-]*")
_LINK = re.compile(r'(/furo-site\.css)(\?v=[0-9a-f]+)?"')
#: In the doctree folder: each page's classes, and the digest of the last cut's inputs.
CACHE = "helpcenter-theme-css.json"


def link_site_css(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if not app.config.helpcenter_optimize:
        return
    context["css_files"] = [
        type(css)(SITE_CSS, priority=css.priority, **css.attributes) if getattr(css, "filename", css) == THEME_CSS else css
        for css in context.get("css_files", [])
    ]


def page_classes(html: str) -> list[str]:
    return sorted({name for value in _CLASS_ATTRIBUTE.findall(html) for name in value.split()})


def script_names(outdir: Path) -> set[str]:
    """Every name a script could set as a class."""
    names: set[str] = set()
    # os.walk, not rglob: _static holds the search index's thousands of files on a large site.
    for folder, _, files in os.walk(outdir / "_static"):
        for script in files:
            if script.endswith(".js"):
                names.update(_NAME.findall(Path(folder, script).read_text(encoding="utf-8")))
    return names


def classes_by_page(outdir: Path, cache: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """{page: [size, mtime_ns, classes]} of every written page, reading only those not in cache as they are."""
    pages = {}
    for name, stat in walk(outdir, ".html").items():
        known = cache.get(name)
        if known and known[0] == stat.st_size and known[1] == stat.st_mtime_ns:
            pages[name] = known
        else:
            pages[name] = [stat.st_size, stat.st_mtime_ns, page_classes((outdir / name).read_text(encoding="utf-8"))]
    return pages


def _load(cache_file: Path) -> dict[str, Any]:
    """The cache as written by _dump: each distinct list of classes is kept once (pages share them)."""
    try:
        data = json.loads(cache_file.read_text(encoding="utf-8"))
        lists = data["classes"]
        pages = {name: [size, mtime, lists[index]] for name, (size, mtime, index) in data["pages"].items()}
        return {"inputs": data["inputs"], "pages": pages}
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        return {}


def _dump(digest: str, pages: dict[str, list[Any]]) -> str:
    lists: dict[tuple[str, ...], int] = {}
    compact = {name: [size, mtime, lists.setdefault(tuple(classes), len(lists))] for name, (size, mtime, classes) in sorted(pages.items())}
    return json.dumps({"inputs": digest, "classes": [list(classes) for classes in lists], "pages": compact}, separators=(",", ":"))


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
    cache_file = Path(app.doctreedir) / CACHE
    cache = _load(cache_file)
    pages = classes_by_page(outdir, cache.get("pages", {}))
    used = {name for _, _, classes in pages.values() for name in classes} | script_names(outdir)
    theme = source.read_text(encoding="utf-8")
    # The cutting code is an input too: a new version of it cuts again.
    code = Path(assets.__file__).read_text(encoding="utf-8") + Path(__file__).read_text(encoding="utf-8")
    digest = hashlib.sha256("\0".join([code, theme, *sorted(used)]).encode()).hexdigest()
    if digest != cache.get("inputs") or not (outdir / SITE_CSS).is_file():
        css = assets.purge(theme, used, prefix="")
        write_if_changed(outdir / SITE_CSS, css)
        link = rf'\1?v={checksum(css)}"'
        for name in pages:
            page = outdir / name
            html = page.read_text(encoding="utf-8")
            updated = _LINK.sub(link, html)
            if updated != html:
                page.write_text(updated, encoding="utf-8")
                stat = page.stat()
                pages[name] = [stat.st_size, stat.st_mtime_ns, pages[name][2]]
    write_if_changed(cache_file, _dump(digest, pages))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", link_site_css, priority=600)
    # Late: after every other handler that writes pages or scripts.
    app.connect("build-finished", write_site_css, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
