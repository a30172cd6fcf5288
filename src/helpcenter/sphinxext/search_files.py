"""The search index as published: a small manifest, term shards and entry chunks.

A first search downloads the manifest, the shards of the query's words and
the entries of the results it shows, not the whole index: the bytes depend
on the query, not on the size of the site. ``index_files`` is the format,
``write_files`` writes a whole index, ``patch_files`` patches one in place
for the pages a rebuild wrote, and ``read_index`` reads it back (tests, the
benchmark).
"""

from __future__ import annotations

import json
import math
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..files import write_if_changed


def posting_weight(weight: float) -> int:
    """A term's weight in an entry as the index stores it (x 10, logarithmic)."""
    return round(10 * (1 + math.log(weight)))


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


def _scan(folder: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            return list(entries)
    except OSError:
        return []


def patch_files(
    static: Path, old: dict[str, list[list[Any]] | None], new: dict[str, list[list[Any]]], pages: list[list[Any]], stopwords: list[str]
) -> bool:
    """Patch the published index for the pages indexed in this build (``new``: each
    page's entry rows; ``old``: the same pages' rows as published), whose entry
    numbers did not move; False (nothing written) if what it needs is missing."""
    manifest_path = static / MANIFEST
    starts, number = {}, 0
    for docname, count, crumb in pages:
        starts[docname] = (number, crumb)
        number += count
    written = [d for d in new if d in starts]
    if not manifest_path.is_file() or any(len(old.get(d) or []) != len(new[d]) for d in written):
        return False
    postings: dict[str, dict[str, dict[int, int | None]]] = defaultdict(lambda: defaultdict(dict))
    rows: dict[int, dict[int, list[str]]] = defaultdict(dict)
    for docname in written:
        start, crumb = starts[docname]
        for offset, (old_row, new_row) in enumerate(zip(old[docname] or [], new[docname], strict=True)):
            number = start + offset
            before = {term: posting_weight(w) for term, w in old_row[3].items()}
            after = {term: posting_weight(w) for term, w in new_row[3].items()}
            for term in before.keys() | after.keys():
                if before.get(term) != after.get(term):
                    postings[shard_key(term)][term][number] = after.get(term)
            if old_row[:3] != new_row[:3]:
                rows[number // CHUNK][number % CHUNK] = [new_row[0], new_row[1], crumb, new_row[2]]
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("stopwords") != stopwords:
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
