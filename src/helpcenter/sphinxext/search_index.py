"""The search index: one entry per question (section) and per page.

The extension side of the site's search: entries are made as Sphinx writes
each page (``search_text``), kept between builds (``EntryCache``), and
written once per build as the published files (``search_files``), patched
in place when no entry moved. Sphinx's own index and search page are
replaced; the browser side is ``_static/helpcenter-search.js``.
"""

from __future__ import annotations

import json
import weakref
from collections import defaultdict
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from . import navigation
from ..files import write_if_changed
from .search_files import MANIFEST, Index, patch_files, posting_weight, write_files
from .search_text import Analyzer, Entry, page_entries, plain_text, search_language, stemmer_script

def parent_titles(app: Sphinx) -> dict[str, str]:
    """Each page's breadcrumb text: the titles of the pages above it (home excluded), and its own."""
    env, up = app.env, navigation.parents(app.env)
    texts: dict[str, str] = {}  # each title once, not once per page below it
    text = lambda d: texts[d] if d in texts else texts.setdefault(d, plain_text(env.titles[d]))  # noqa: E731
    return {
        docname: " › ".join(text(d) for d in [*navigation.trail(env, docname, up), docname] if d != app.config.root_doc)
        for docname in env.found_docs
    }


class EntryCache:
    """Each page's entries, kept between builds next to the doctrees: a file per
    page (``helpcenter-search-<lang>/<page>.json``) and the layout of the index
    (``helpcenter-search-<lang>.layout.json``: every page, and each searchable
    page's entry count and breadcrumb, in index order).

    Entries are made when Sphinx writes a page (its doctree is resolved then,
    so link texts are in it); a page that an incremental build does not
    write keeps the entries of the build that did. A build reads the files of
    the pages it wrote, and every page's only when the index must be made anew.
    """

    def __init__(self, app: Sphinx) -> None:
        doctrees = Path(app.doctreedir)
        self.folder = doctrees / f"helpcenter-search-{app.config.language}"
        self.layout_path = doctrees / f"helpcenter-search-{app.config.language}.layout.json"
        try:
            self.layout: dict[str, Any] = json.loads(self.layout_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.layout = {"found": [], "pages": []}
        (doctrees / f"helpcenter-search-{app.config.language}.json").unlink(missing_ok=True)  # the single file of earlier versions
        self.old: dict[str, list[list[Any]] | None] = {}
        self.new: dict[str, list[list[Any]]] = {}
        analyzer = Analyzer(search_language(app.config.language))
        self.analyzer = analyzer

        def index(docname: str) -> None:
            doctree = app.env.get_and_resolve_doctree(docname, app.builder)
            self.put(docname, page_entries(app.builder, docname, doctree, analyzer))

        self.index = index

    @property
    def indexed(self) -> bool:
        """Whether a page was indexed in this build; if none was, the index is as published."""
        return bool(self.new)

    def _path(self, docname: str) -> Path:
        return self.folder / f"{docname}.json"

    def _read(self, docname: str) -> list[list[Any]] | None:
        try:
            return json.loads(self._path(docname).read_text(encoding="utf-8"))  # type: ignore[no-any-return]
        except (OSError, ValueError):
            return None

    def put(self, docname: str, entries: list[Entry]) -> None:
        if docname not in self.old:
            self.old[docname] = self._read(docname)
        self.new[docname] = [[e.url, e.title, e.snippet, dict(e.weights)] for e in entries]

    def rows(self, docname: str) -> list[list[Any]]:
        if docname not in self.new:
            rows = self._read(docname)
            if rows is not None:
                return rows
            self.index(docname)  # never indexed, or its file was deleted
        return self.new[docname]

    def get(self, docname: str) -> list[Entry]:
        return [Entry(url, title, "", snippet, defaultdict(float, weights)) for url, title, snippet, weights in self.rows(docname)]

    def save(self, found: set[str], pages: list[list[Any]]) -> None:
        """Write the pages indexed in this build and the layout; forget the pages removed."""
        for docname, rows in self.new.items():
            write_if_changed(self._path(docname), json.dumps(rows, ensure_ascii=False, sort_keys=True))
        for docname in set(self.layout["found"]) - found:
            self._path(docname).unlink(missing_ok=True)
        self.layout = {"found": sorted(found), "pages": pages}
        write_if_changed(self.layout_path, json.dumps(self.layout, ensure_ascii=False))


#: Per build (the Sphinx application): the entry cache.
_builds: weakref.WeakKeyDictionary[Any, EntryCache] = weakref.WeakKeyDictionary()


def _enabled(app: Sphinx) -> bool:
    return app.builder.format == "html" and app.config.helpcenter_search == "helpcenter"


def start_cache(app: Sphinx) -> None:
    if _enabled(app):
        _builds[app] = EntryCache(app)
        # Before any page is written, so that pages link it by content hash.
        write_if_changed(Path(app.outdir) / "_static" / "search-stemmer.js", stemmer_script(app.config.language))


def index_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if _enabled(app) and app in _builds:
        cache = _builds[app]
        cache.put(docname, page_entries(app.builder, docname, doctree, cache.analyzer))


def layout(app: Sphinx) -> list[list[Any]]:
    """[page, entry count, breadcrumb] of each searchable page, in index order: entry
    numbers follow from it."""
    cache = _builds[app]
    env = app.env
    crumbs = parent_titles(app)
    counts = {page: count for page, count, _ in cache.layout["pages"]}
    searchable = [d for d in sorted(env.found_docs) if "nosearch" not in env.metadata[d]]
    return [[d, len(cache.rows(d)) if d in cache.new or d not in counts else counts[d], crumbs[d]] for d in searchable]


def build_index(app: Sphinx, pages: list[list[Any]]) -> Index:
    """The whole index, from every searchable page's entries; pages gets their counts as read."""
    cache = _builds[app]
    index = Index(app.config.language, sorted(cache.analyzer.stopwords))
    for page in pages:
        entries = cache.get(page[0])
        page[1] = len(entries)
        for entry in entries:
            number = len(index.docs)
            index.docs.append([entry.url, entry.title, page[2], entry.snippet])
            for term, weight in sorted(entry.weights.items()):
                index.terms[term].append((number, posting_weight(weight)))
    return index


def write_index(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not _enabled(app):
        return
    cache = _builds[app]
    static = Path(app.outdir) / "_static"
    found = app.env.found_docs
    # A build that wrote no page changed no entry, title or breadcrumb (a moved or
    # removed page rewrites the pages whose toctree listed it): reading every
    # shard back to find nothing changed would cost in proportion to the site.
    if not cache.indexed and cache.layout["found"] == sorted(found) and (static / MANIFEST).is_file():
        return
    pages = layout(app)
    # The same pages, entry counts and breadcrumbs: every entry keeps its number, so
    # the pages written patch their own shards and chunks; otherwise the index is made anew.
    if pages != cache.layout["pages"] or not patch_files(static, cache.old, cache.new, pages, sorted(cache.analyzer.stopwords)):
        write_files(static, build_index(app, pages))
    cache.save(found, pages)


def replace_stock_search(app: Sphinx) -> None:
    """Skip Sphinx's own index (and its page); this site's search page replaces it."""
    if app.builder.format == "html" and app.config.helpcenter_search == "helpcenter":
        app.builder.search = False


def search_page(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    from .notfound import unchanged_build

    if app.config.helpcenter_search == "helpcenter" and not unchanged_build(app, "search"):
        return [("search", {}, "search.html")]
    return []


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", replace_stock_search)
    app.connect("html-collect-pages", search_page)
    app.connect("builder-inited", start_cache)
    app.connect("doctree-resolved", index_page)
    app.connect("build-finished", write_index)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
