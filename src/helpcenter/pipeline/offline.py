"""Reading offline: each language's service worker and the files it keeps, written at publish time.

After one online visit to any page of a language, its worker (``<lang>/sw.js``,
scope: the language's folder) downloads that language's pages, stylesheets,
scripts and search files in the background, so that every page and search
work without a connection. The page registers the other languages' workers
too, which keep only the offline page and what it needs, then each page of
theirs the reader opens: a link to the other language shows the page if it
was read, the offline page if not, never the browser's error. The list (the manifest) is made here, from the
published files themselves, each with its SHA-256 (the worker's fetch checks
it, and a file whose hash did not change is not downloaded again after a new
deployment). The manifest is part of ``sw.js``, so any change to the site
changes the worker's bytes: the browser installs the new worker at the next
online visit, and it drops what the new deployment no longer has.

The background download is capped by ``offline_budget_kb`` (site.toml,
gzipped kilobytes per language): the files every page needs and the offline
page always, then pages (shallowest first) while they fit, then search.
What does not fit is kept as the reader opens it.
"""

from __future__ import annotations

import base64
import functools
import gzip
import hashlib
import json
import os
import pickle
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..files import is_redirect, walk

WORKER = "sw.js"
#: The page the worker shows for a page it does not have (sphinxext/offline.py).
PAGE = "offline"
#: The worker's code; publishing puts the manifest in place of this marker.
SOURCE = Path(__file__).with_name("offline-worker.js")
MARKER = "/*MANIFEST*/null"
#: How much the site may grow: the size estimate for a site this many times bigger.
GROWTH = 50

# Files a page loads: stylesheets, scripts, images, and the search box's engine, index and
# stemmer, and the script that marks the words searched for on the page a result opens.
_LOADED = re.compile(r'<(?:link[^>]*\brel="stylesheet"[^>]*\bhref|script[^>]*\bsrc|img[^>]*\bsrc)="([^"]+)"')
_SEARCH = re.compile(r'\bdata-(?:engine|index|stemmer|highlight)="([^"]+)"')
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


@dataclass(frozen=True)
class Entry:
    url: str  # relative to the language's folder, with the ?v= hash the pages link
    integrity: str  # "sha256-<base64>", as fetch() checks it
    gzipped: int  # bytes over the wire (hosts send the .gz copies)
    kind: str  # "shell" (every page needs it), "page" or "search"


class Known:
    """What publishing learnt of each file (its digest, a page's links), kept between
    builds in a file of the work folder and trusted while the file's size and
    modification time are the same: a publish reads only the files that changed,
    not the whole site (unchanged files are hard links with their old times).
    A pickle, like Sphinx's own caches beside it: at 50× today's size it holds
    15,000 records, which JSON took a tenth of a second to read and write."""

    VERSION = 2

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.records: dict[str, dict[str, object]] = {}
        self.used: set[str] = set()
        self.learnt = False  # a record added or changed: save() writes
        if path is not None and path.is_file():
            try:
                data = pickle.loads(path.read_bytes())
                if data["version"] == self.VERSION:
                    self.records = data["files"]
            except Exception:  # a cache spoilt (a build killed while writing it) is never worth failing for: start afresh
                self.records = {}

    def get(self, stat: os.stat_result, key: str, what: str, compute: Callable[[], object]) -> Any:
        """compute()'s value for the file key (whose stat is given), or the one kept while it is unchanged."""
        record = self.records.get(key)
        if record is None or record.get("stat") != (stat.st_size, stat.st_mtime_ns):
            record = self.records[key] = {"stat": (stat.st_size, stat.st_mtime_ns)}
            self.learnt = True
        self.used.add(key)
        if what not in record:
            record[what] = compute()
            self.learnt = True
        return record[what]

    def page(self, stat: os.stat_result, key: str, path: Callable[[], Path]) -> dict[str, Any]:
        """What a page (at path()) links (files it loads, search files) and whether it is a redirect page."""
        return self.get(stat, key, "links", lambda: _page_links(path()))  # type: ignore[no-any-return]

    def save(self) -> None:
        """Keep the records of the files still published (written whole, then renamed);
        nothing is written when nothing was learnt and no file left."""
        if self.path is None or (not self.learnt and self.used == self.records.keys() and self.path.is_file()):
            return
        files = {key: self.records[key] for key in sorted(self.used)}
        partial = self.path.with_name(self.path.name + ".partial")
        partial.write_bytes(pickle.dumps({"version": self.VERSION, "files": files}, pickle.HIGHEST_PROTOCOL))
        os.replace(partial, self.path)


def _digest(path: Path) -> list[object]:
    data = path.read_bytes()
    return [f"sha256-{base64.b64encode(hashlib.sha256(data).digest()).decode()}", len(gzip.compress(data, compresslevel=9, mtime=0))]


def _page_links(path: Path) -> dict[str, object]:
    html = path.read_text(encoding="utf-8")
    return {"loaded": _LOADED.findall(html), "search": _SEARCH.findall(html), "redirect": is_redirect(path)}


def _local(page: str, link: str, language_path: str) -> str | None:
    """A link on a page as a path in the language's folder (with its query), or None if elsewhere."""
    return _resolve(posixpath.dirname(page), link, language_path)


@functools.lru_cache(maxsize=65536)
def _resolve(folder: str, link: str, language_path: str) -> str | None:
    # Pages in one folder link the same files: each (folder, link) is worked out once.
    if re.match(r"[a-z][a-z0-9+.-]*:|#|//", link):
        return None
    if link.startswith("/"):  # the 404 and offline pages link from the site's root
        if not link.startswith(language_path):
            return None
        return link[len(language_path) :]
    path, _, query = link.partition("?")
    joined = posixpath.normpath(posixpath.join(folder, path))
    if joined.startswith(".."):
        return None
    return joined + (f"?{query}" if query else "")


def collect(root: Path, language_path: str, known: Known | None = None, files: dict[str, os.stat_result] | None = None) -> list[Entry]:
    """Every file of one language worth keeping offline, in the order they are kept:
    what every page needs and the offline page, then the pages by depth, then search.
    language_path is the folder's absolute path on the site ('/help/fr/'); known,
    what earlier publishes learnt of the files; files, the folder's files if known."""
    known = known or Known()
    files = files if files is not None else walk(root)
    prefix = f"{root.name}/"
    names = [name for name in files if name.endswith(".html") and posixpath.basename(name) != "404.html"]
    links = {name: known.page(files[name], prefix + name, lambda name=name: root / name) for name in names}
    pages = sorted(
        names, key=lambda name: (name != f"{PAGE}.html", name.count("/"), name != "index.html", links[name]["redirect"], name)
    )
    shell: dict[str, None] = {}
    search: dict[str, None] = {}
    is_file = files.__contains__
    for page in pages:
        folder = posixpath.dirname(page)
        for found, urls in ((shell, links[page]["loaded"]), (search, links[page]["search"])):
            for link in urls:
                url = _resolve(folder, link, language_path)
                if url is not None and url not in found and is_file(url.split("?")[0]):
                    found[url] = None
    for css in [url for url in shell if url.split("?")[0].endswith(".css")]:
        for inner in _CSS_URL.findall((root / css.split("?")[0]).read_text(encoding="utf-8")):
            url = _local(css, inner.split("#")[0], language_path)
            if url is not None and is_file(url.split("?")[0]):
                shell[url] = None
    # The search index is sharded: its term shards and entry chunks sit in a search/
    # folder beside it and are fetched per query, so offline search needs them all.
    for index in [url for url in search if url.split("?")[0].endswith(".json")]:
        inside = posixpath.join(posixpath.dirname(index.split("?")[0]), "search") + "/"
        for name in sorted(n for n in files if n.startswith(inside) and not n.endswith((".gz", ".br"))):
            search[name] = None

    def entry(url: str, kind: str) -> Entry:
        name = url.partition("?")[0]
        integrity, gzipped = known.get(files[name], prefix + name, "digest", lambda: _digest(root / name))
        return Entry(url, integrity, gzipped, kind)

    return [
        *(entry(url, "shell") for url in shell),
        *(entry(page, "page") for page in pages),
        *(entry(url, "search") for url in search if url not in shell),
    ]


def within_budget(entries: list[Entry], budget: int) -> list[Entry]:
    """What the background download takes: the shell (and offline page) always, then pages
    while they fit, then search if it fits whole; the rest is kept as the reader opens it."""
    kept = [e for e in entries if e.kind == "shell" or e.url == f"{PAGE}.html"]
    total = sum(e.gzipped for e in kept)
    for entry in entries:
        if entry.kind == "page" and entry.url != f"{PAGE}.html":
            if total + entry.gzipped > budget:
                break
            kept.append(entry)
            total += entry.gzipped
    else:
        search = [e for e in entries if e.kind == "search"]
        if total + sum(e.gzipped for e in search) <= budget:
            kept += search
    return kept


@dataclass(frozen=True)
class Size:
    """The background download of one language, in gzipped bytes."""

    today: int  # everything, at today's size
    grown: int  # everything, with GROWTH times the pages and search index
    kept: int  # what the budget lets the worker download up front
    files: int
    budget: int


def size(entries: list[Entry], kept: list[Entry], budget: int) -> Size:
    engine = {e.url for e in entries if e.kind == "search" and not e.url.split("?")[0].endswith(".json")}
    grows = sum(e.gzipped for e in entries if e.kind == "page" or (e.kind == "search" and e.url not in engine))
    today = sum(e.gzipped for e in entries)
    return Size(today, today + (GROWTH - 1) * grows, sum(e.gzipped for e in kept), len(kept), budget)


def worker(kept: list[Entry]) -> str:
    """sw.js: the worker's code with its manifest; the version changes with any file.
    The manifest's first ``shell`` files (what every page needs, and the offline page)
    are all a worker keeps when it is installed from another language's page."""
    first = [e for e in kept if e.kind == "shell" or e.url == f"{PAGE}.html"]
    ordered = first + [e for e in kept if e not in first]
    files = [[e.url, e.integrity] for e in ordered]
    version = hashlib.sha256(json.dumps(files).encode()).hexdigest()[:16]
    manifest = json.dumps({"version": version, "offline": f"{PAGE}.html", "shell": len(first), "files": files}, separators=(",", ":"))
    source = SOURCE.read_text(encoding="utf-8")
    if MARKER not in source:
        raise RuntimeError(f"{SOURCE} has lost its manifest marker {MARKER!r}")
    return source.replace(MARKER, manifest)
