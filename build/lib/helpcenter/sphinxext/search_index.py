"""The search index: one entry per question (section) and per page.

Sphinx's own index needs every word to match, folds no accents and knows no
synonyms. This one is written for readers' questions: it folds accents,
drops French elisions (``l'abonnement``), stems with the same Snowball
stemmers as Sphinx (the browser runs Sphinx's JavaScript port of them), adds
each question's ``keywords`` and ranks questions that match more of the
query's words first. The browser side is ``_static/helpcenter-search.js``.

Written to ``_static/search-index.json`` and ``_static/search-stemmer.js``
in each language's output, only when their content changes. The index is
fetched with revalidation (its content follows every edit); the stemmer and
the engine are linked by content hash.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
import weakref
from collections import defaultdict
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

import sphinx.search
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.search import SearchLanguage

from . import navigation
from ..files import write_if_changed
from .faq import squash
from .keywords import search_keywords

#: Field weights: a word in a question's title counts most, then its keywords.
TITLE, KEYWORDS, PAGE_TITLE, TEXT = 10, 8, 2, 1
SNIPPET_CHARS = 160
_TOKEN = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower case without accents: 'Résiliation' -> 'resiliation'."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_language(code: str) -> SearchLanguage:
    """Sphinx's search language (stemmer, stop words) for a code; English if none."""
    target = sphinx.search.languages.get(code.split("_")[0], sphinx.search.languages["en"])
    if isinstance(target, str):
        module, _, name = target.rpartition(".")
        target = getattr(import_module(module), name)
    return target({})


@dataclass
class Analyzer:
    """Text to index terms; the browser repeats these steps exactly."""

    language: SearchLanguage
    stopwords: frozenset[str] = field(init=False)
    _stems: dict[str, str] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.stopwords = frozenset(fold(word) for word in self.language.stopwords)

    def terms(self, text: str) -> list[str]:
        # Apostrophes split words, so the elided "l" of "l'abonnement" is a
        # one-letter token and is dropped with the stop words.
        words = [w for w in _TOKEN.findall(fold(text)) if len(w) > 1 and w not in self.stopwords]
        return [self.stem(word) for word in words]

    def stem(self, word: str) -> str:
        # The pure-Python Snowball stemmer is slow and pages repeat their words.
        if word not in self._stems:
            self._stems[word] = self.language.stem(word)
        return self._stems[word]


@dataclass
class Entry:
    url: str
    title: str
    crumb: str
    snippet: str
    weights: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def add(self, analyzer: Analyzer, text: str, weight: int, once: bool = False) -> None:
        for term in analyzer.terms(text):
            if once:
                self.weights[term] = max(self.weights[term], weight)
            else:
                self.weights[term] += weight


def _text(node: nodes.Node) -> str:
    return squash(node.astext())


def _own_blocks(section: nodes.Element) -> list[nodes.Element]:
    """The section's own content: not its title nor its subsections."""
    return [child for child in section.children[1:] if not isinstance(child, nodes.section)]


def _snippet(blocks: list[nodes.Element]) -> str:
    for block in blocks:
        for paragraph in block.findall(nodes.paragraph):
            if not isinstance(paragraph.parent, search_keywords):
                text = _text(paragraph)
                return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + "…"
    return ""


def _index_blocks(entry: Entry, analyzer: Analyzer, blocks: list[nodes.Element]) -> None:
    for block in blocks:
        if isinstance(block, search_keywords):
            entry.add(analyzer, _text(block), KEYWORDS, once=True)
            continue
        for keywords in block.findall(search_keywords):  # keywords inside tabs or dropdowns
            entry.add(analyzer, _text(keywords), KEYWORDS, once=True)
        entry.add(analyzer, _text(block), TEXT)


def page_entries(builder: Any, docname: str, doctree: nodes.document, analyzer: Analyzer) -> list[Entry]:
    """One entry for the page (its title, description, intro) and one per section.

    Entries carry the page's address (``faq/billing.html#refund``) but not its
    breadcrumb, which depends on other pages and is added when the index is
    assembled.
    """
    env = builder.env
    page_url = builder.get_target_uri(docname)
    page_title = _text(env.titles[docname])
    top = next(iter(doctree.findall(nodes.section)), None)
    if top is None:
        return []
    description = str(env.metadata[docname].get("description", ""))
    page = Entry(page_url, page_title, "", description or _snippet(_own_blocks(top)))
    page.add(analyzer, page_title, TITLE, once=True)
    page.add(analyzer, description, TEXT)
    _index_blocks(page, analyzer, _own_blocks(top))
    entries = [page]
    for section in top.findall(nodes.section):
        if section is top or not section["ids"]:
            continue
        title = _text(section[0])
        entry = Entry(f"{page_url}#{section['ids'][0]}", title, "", _snippet(_own_blocks(section)))
        entry.add(analyzer, title, TITLE, once=True)
        entry.add(analyzer, page_title, PAGE_TITLE, once=True)
        _index_blocks(entry, analyzer, _own_blocks(section))
        entries.append(entry)
    return entries


def parent_titles(app: Sphinx) -> dict[str, str]:
    """Each page's breadcrumb text: the titles of the pages above it (home excluded), and its own."""
    env, up = app.env, navigation.parents(app.env)
    return {
        docname: " › ".join(
            _text(env.titles[d]) for d in [*navigation.trail(env, docname, up), docname] if d != app.config.root_doc
        )
        for docname in env.found_docs
    }


class EntryCache:
    """Each page's entries, kept between builds next to the doctrees.

    Entries are made when Sphinx writes a page (its doctree is resolved then,
    so link texts are in it); a page that an incremental build does not
    write keeps the entries of the build that did.
    """

    def __init__(self, app: Sphinx) -> None:
        self.path = Path(app.doctreedir) / f"helpcenter-search-{app.config.language}.json"
        try:
            self.pages: dict[str, list[list[Any]]] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.pages = {}

    def put(self, docname: str, entries: list[Entry]) -> None:
        self.pages[docname] = [[e.url, e.title, e.snippet, dict(e.weights)] for e in entries]

    def get(self, docname: str) -> list[Entry]:
        return [Entry(url, title, "", snippet, defaultdict(float, weights)) for url, title, snippet, weights in self.pages[docname]]

    def save(self, docnames: set[str]) -> None:
        self.pages = {d: e for d, e in self.pages.items() if d in docnames}
        write_if_changed(self.path, json.dumps(self.pages, ensure_ascii=False, sort_keys=True))


#: Per build (the Sphinx application): the entry cache and the analyzer.
_builds: weakref.WeakKeyDictionary[Any, tuple[EntryCache, Analyzer]] = weakref.WeakKeyDictionary()


def _enabled(app: Sphinx) -> bool:
    return app.builder.format == "html" and app.config.helpcenter_search == "helpcenter"


def start_cache(app: Sphinx) -> None:
    if _enabled(app):
        _builds[app] = (EntryCache(app), Analyzer(search_language(app.config.language)))
        # Before any page is written, so that pages link it by content hash.
        write_if_changed(Path(app.outdir) / "_static" / "search-stemmer.js", stemmer_script(app.config.language))


def index_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if _enabled(app) and app in _builds:
        cache, analyzer = _builds[app]
        cache.put(docname, page_entries(app.builder, docname, doctree, analyzer))


def build_index(app: Sphinx) -> dict[str, Any]:
    cache, analyzer = _builds[app]
    env = app.env
    for docname in sorted(env.found_docs - set(cache.pages)):  # e.g. the cache file was deleted
        cache.put(docname, page_entries(app.builder, docname, env.get_and_resolve_doctree(docname, app.builder), analyzer))
    cache.save(env.found_docs)
    crumbs = parent_titles(app)
    searchable = [d for d in sorted(env.found_docs) if "nosearch" not in env.metadata[d]]
    entries = []
    for docname in searchable:
        for entry in cache.get(docname):
            entry.crumb = crumbs[docname]
            entries.append(entry)
    # Postings: [gap to the previous entry number, weight x 10, ...], small integers to keep the file small.
    postings: dict[str, list[int]] = defaultdict(list)
    last: dict[str, int] = {}
    for number, entry in enumerate(entries):
        for term, weight in sorted(entry.weights.items()):
            postings[term] += [number - last.get(term, 0), round(10 * (1 + math.log(weight)))]
            last[term] = number
    # Entries name their page by number: a page's URL and breadcrumb are stored once.
    pages: dict[str, int] = {}
    page_rows: list[list[str]] = []
    docs = []
    for entry in entries:
        url, _, anchor = entry.url.partition("#")
        if url not in pages:
            pages[url] = len(page_rows)
            page_rows.append([url, entry.crumb])
        docs.append([pages[url], anchor, entry.title, entry.snippet])
    return {
        "language": app.config.language,
        "stopwords": sorted(analyzer.stopwords),
        "pages": page_rows,
        "docs": docs,
        "terms": dict(sorted(postings.items())),
    }


def stemmer_script(code: str) -> str:
    """Sphinx's JavaScript Snowball stemmer for the language, as ``helpcenterStem(word)``."""
    language = search_language(code)
    directory = Path(sphinx.search.__file__).parent / "minified-js"
    if not language.js_stemmer_rawcode:
        return "window.helpcenterStem = function (word) { return word; };\n"
    base = (directory / "base-stemmer.js").read_text(encoding="utf-8")
    code_js = (directory / language.js_stemmer_rawcode).read_text(encoding="utf-8")
    name = re.search(r"var (\w+Stemmer)\s*=\s*function", code_js).group(1)
    return f"{base}\n{code_js}\n(function () {{ var s = new {name}(); window.helpcenterStem = function (w) {{ return s.stemWord(w); }}; }})();\n"


def write_index(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not _enabled(app):
        return
    static = Path(app.outdir) / "_static"
    index = json.dumps(build_index(app), ensure_ascii=False, separators=(",", ":"))
    write_if_changed(static / "search-index.json", index)


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
