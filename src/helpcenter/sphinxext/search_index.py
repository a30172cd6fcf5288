"""The search index: one entry per question (section) and per page.

Sphinx's own index needs every word to match, folds no accents and knows no
synonyms. This one is written for readers' questions: it folds accents,
drops French elisions (``l'abonnement``), stems with the same Snowball
stemmers as Sphinx (the browser runs Sphinx's JavaScript port of them), adds
each question's ``keywords`` and ranks questions that match more of the
query's words first. The browser side is ``_static/helpcenter-search.js``.

Written per language, each file only when its content changes: a small
manifest (``_static/search-index.json``), term shards and entry chunks
(``_static/search/``, see ``index_files``) and the stemmer
(``_static/search-stemmer.js``). The browser fetches only the shards of the
words typed and the entries it shows, with revalidation (their content follows
every edit); the stemmer and the engine are linked by content hash.
"""

from __future__ import annotations

import json
import math
import os
import re
import unicodedata
import weakref
from collections import defaultdict
from collections.abc import Iterable
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
#: Keywords placed before a page's first section say what the whole page is
#: for ("contact support", "customer service" on the channels overview): they
#: count twice a title word, so the page a reader means outranks a section of
#: another page whose heading merely repeats the words ("When to contact support").
PAGE_KEYWORDS = 20
SNIPPET_CHARS = 160
_TOKEN = re.compile(r"[a-z0-9]+")
#: Snowball's stop words that a support question turns on: a service that is down,
#: an app that is not working, no internet, a setting turned off, logging out,
#: setting up. They are searched like any word (Snowball's list is for prose).
MEANINGFUL = {"en": frozenset({"down", "up", "off", "out", "not", "no", "cannot"})}
#: Keyword phrases are separated by commas (or semicolons).
_PHRASES = re.compile(r"[,;]")


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
        kept = MEANINGFUL.get(self.language.lang, frozenset())
        self.stopwords = frozenset(fold(word) for word in self.language.stopwords) - kept

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

    def add_phrases(self, analyzer: Analyzer, phrases: Iterable[str], weight: int) -> None:
        """A title or keyword phrases: each word counted once, and each two words that
        follow each other (stop words left out) as one term ``"first second"``, so a
        query with the same two words in a row ("smart dns", "share a password") ranks
        this entry above one that merely holds both words apart ("the custom DNS
        setting on a smart TV")."""
        for phrase in phrases:
            stems = analyzer.terms(phrase)
            for term in {*stems, *(f"{a} {b}" for a, b in zip(stems, stems[1:]) if a != b)}:
                self.weights[term] = max(self.weights[term], weight)


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


def _index_blocks(entry: Entry, analyzer: Analyzer, blocks: list[nodes.Element], keywords: int = KEYWORDS) -> None:
    for block in blocks:
        if isinstance(block, search_keywords):
            entry.add_phrases(analyzer, _PHRASES.split(_text(block)), keywords)
            continue
        for inner in block.findall(search_keywords):  # keywords inside tabs or dropdowns
            entry.add_phrases(analyzer, _PHRASES.split(_text(inner)), KEYWORDS)
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
    page.add_phrases(analyzer, [page_title], TITLE)
    page.add(analyzer, description, TEXT)
    _index_blocks(page, analyzer, _own_blocks(top), PAGE_KEYWORDS)
    entries = [page]
    for section in top.findall(nodes.section):
        if section is top or not section["ids"]:
            continue
        title = _text(section[0])
        entry = Entry(f"{page_url}#{section['ids'][0]}", title, "", _snippet(_own_blocks(section)))
        entry.add_phrases(analyzer, [title], TITLE)
        entry.add(analyzer, page_title, PAGE_TITLE, once=True)
        _index_blocks(entry, analyzer, _own_blocks(section))
        entries.append(entry)
    return entries


def parent_titles(app: Sphinx) -> dict[str, str]:
    """Each page's breadcrumb text: the titles of the pages above it (home excluded), and its own."""
    env, up = app.env, navigation.parents(app.env)
    texts: dict[str, str] = {}  # each title once, not once per page below it
    text = lambda d: texts[d] if d in texts else texts.setdefault(d, _text(env.titles[d]))  # noqa: E731
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


def _scan(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def posting_weight(weight: float) -> int:
    """A term's weight in an entry as the index stores it (x 10, logarithmic)."""
    return round(10 * (1 + math.log(weight)))


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


# -- The index as published: a small manifest, term shards and entry chunks ----------------
#
# A first search downloads the manifest, the shards of the query's words and
# the entries of the results it shows, not the whole index: the bytes depend
# on the query, not on the size of the site.

#: The manifest: what every search needs (stop words, entry count, shard names).
MANIFEST = "search-index.json"
#: The folder of term shards (``t/<key>.json``) and entry chunks (``d/<n>.json``).
FOLDER = "search"
#: A term's shard is named by its first characters: a word typed with at least
#: this many letters finds every term it begins (prefix search) and every term
#: one typo away after them (typo tolerance) in one shard.
SHARD_KEY = 3
#: Entries (title, address, breadcrumb, snippet) per chunk. Each keystroke's
#: results fetch their chunks, and on a large site the eight results of a query
#: are mostly in different chunks: 4 (a question and its neighbours, about 1 KB)
#: halved the first search's bytes at 50x against 16.
CHUNK = 4


@dataclass
class Index:
    """Every entry ([url, title, breadcrumb, snippet]) and each term's postings ((entry number, weight x 10))."""

    language: str
    stopwords: list[str]
    docs: list[list[str]] = field(default_factory=list)
    terms: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))


def shard_key(term: str) -> str:
    """A word's first letters; a pair of words ("smart dns") goes with its first word,
    whose shard a query with that word loads anyway."""
    return term.split(" ", 1)[0][:SHARD_KEY]


def _gaps(postings: Iterable[tuple[int, int]]) -> list[int]:
    """[gap to the previous entry number, weight x 10, ...]: small integers keep shards small."""
    flat, last = [], 0
    for number, weight in sorted(postings):
        flat += [number - last, weight]
        last = number
    return flat


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def index_files(index: Index) -> dict[str, str]:
    """The published files (path relative to ``_static``: text), a pure function of the index.

    Entries are numbered in page order, so an edit inside one page changes
    only the shards of the terms it adds, drops or reweighs, and its chunk.
    """
    shards: dict[str, dict[str, list[int]]] = defaultdict(dict)
    for term in sorted(index.terms):
        shards[shard_key(term)][term] = _gaps(index.terms[term])
    files = {f"{FOLDER}/t/{key}.json": _dump(terms) for key, terms in shards.items()}
    for start in range(0, len(index.docs), CHUNK):
        files[f"{FOLDER}/d/{start // CHUNK}.json"] = _dump(index.docs[start : start + CHUNK])
    files[MANIFEST] = _dump(
        {
            "language": index.language,
            "stopwords": index.stopwords,
            "count": len(index.docs),
            "chunk": CHUNK,
            "key": SHARD_KEY,
            "shards": " ".join(sorted(shards)),
        }
    )
    return files


def write_files(static: Path, index: Index) -> list[str]:
    """Write the index under ``static`` (only files whose content changed), remove shards
    and chunks it no longer has; the names of the files written."""
    files = index_files(index)
    written = [name for name, text in sorted(files.items()) if write_if_changed(static / name, text)]
    folder = static / FOLDER
    if folder.is_dir():
        for stale in sorted(p for p in folder.rglob("*.json") if p.relative_to(static).as_posix() not in files):
            stale.unlink()
    return written


def read_index(static: Path) -> Index:
    """The index published under ``static`` (the inverse of index_files): for tests and the benchmark."""
    manifest = json.loads((static / MANIFEST).read_text(encoding="utf-8"))
    index = Index(manifest["language"], manifest["stopwords"])
    for number in range(math.ceil(manifest["count"] / manifest["chunk"])):
        index.docs += json.loads((static / FOLDER / "d" / f"{number}.json").read_text(encoding="utf-8"))
    for key in manifest["shards"].split():
        for term, postings in json.loads((static / FOLDER / "t" / f"{key}.json").read_text(encoding="utf-8")).items():
            doc = 0
            for i in range(0, len(postings), 2):
                doc += postings[i]
                index.terms[term].append((doc, postings[i + 1]))
    return index


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
    if pages != cache.layout["pages"] or not patch_files(static, cache, pages):
        write_files(static, build_index(app, pages))
    cache.save(found, pages)


def patch_files(static: Path, cache: EntryCache, pages: list[list[Any]]) -> bool:
    """Patch the published index for the pages indexed in this build, whose entry numbers
    did not move; False (nothing written) if what it needs is missing."""
    manifest_path = static / MANIFEST
    starts, number = {}, 0
    for docname, count, crumb in pages:
        starts[docname] = (number, crumb)
        number += count
    written = [d for d in cache.new if d in starts]
    if not manifest_path.is_file() or any(len(cache.old.get(d) or []) != len(cache.new[d]) for d in written):
        return False
    postings: dict[str, dict[str, dict[int, int | None]]] = defaultdict(lambda: defaultdict(dict))
    rows: dict[int, dict[int, list[str]]] = defaultdict(dict)
    for docname in written:
        start, crumb = starts[docname]
        for offset, (old_row, new_row) in enumerate(zip(cache.old[docname] or [], cache.new[docname], strict=True)):
            number = start + offset
            before = {term: posting_weight(w) for term, w in old_row[3].items()}
            after = {term: posting_weight(w) for term, w in new_row[3].items()}
            for term in before.keys() | after.keys():
                if before.get(term) != after.get(term):
                    postings[shard_key(term)][term][number] = after.get(term)
            if old_row[:3] != new_row[:3]:
                rows[number // CHUNK][number % CHUNK] = [new_row[0], new_row[1], crumb, new_row[2]]
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("stopwords") != sorted(cache.analyzer.stopwords):
        return False  # the words left out changed: every entry's terms may have
    shards = set(manifest["shards"].split())
    # Patch only a whole index: a shard or chunk deleted by hand is written again by a full rewrite.
    present = {f"t/{entry.name}" for entry in _scan(static / FOLDER / "t")} | {f"d/{entry.name}" for entry in _scan(static / FOLDER / "d")}
    if not {f"t/{key}.json" for key in shards} | {f"d/{n}.json" for n in range(math.ceil(manifest["count"] / CHUNK))} <= present:
        return False
    for key, terms in sorted(postings.items()):
        path = static / FOLDER / "t" / f"{key}.json"
        data = json.loads(path.read_text(encoding="utf-8")) if key in shards else {}
        for term, changes in terms.items():
            entries, doc = {}, 0
            flat = data.get(term, [])
            for i in range(0, len(flat), 2):
                doc += flat[i]
                entries[doc] = flat[i + 1]
            for number, weight in changes.items():
                if weight is None:
                    entries.pop(number, None)
                else:
                    entries[number] = weight
            data[term] = _gaps(entries.items())
            if not data[term]:
                del data[term]
        if data:
            write_if_changed(path, _dump(data))
            shards.add(key)
        else:
            path.unlink(missing_ok=True)
            shards.discard(key)
    for chunk, changed in sorted(rows.items()):
        path = static / FOLDER / "d" / f"{chunk}.json"
        docs = json.loads(path.read_text(encoding="utf-8"))
        for position, row in changed.items():
            docs[position] = row
        write_if_changed(path, _dump(docs))
    manifest["shards"] = " ".join(sorted(shards))
    write_if_changed(manifest_path, _dump(manifest))
    return True


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
