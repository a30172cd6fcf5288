"""A rebuild rereads the pages whose content changed, and rewrites every page when the site's structure did.

Sphinx rereads a page when its source, or a file it depends on (its
catalog's ``.mo``, an included file), is newer than the page's last reading:
a page edited and given an older modification time was never reread. Here
each page's digest (its source and every file it depends on) is kept in the
environment, and a page whose digest differs is reread whatever its times.

And Sphinx writes only the pages it reread, while every page shows the site's
structure: the sidebar (each page's title and toctree entries), the
breadcrumbs, and the purged sphinx-design stylesheet's hash (it holds the
components every page uses). A digest of that structure is kept too; when it
changes (a page added, removed, retitled or moved, a component used for the
first time), every page is written again, as a clean build would write it.
Links to other pages' titles and labels are ``incremental``'s; site-wide
inputs (templates, static files, data, languages, settings) start the
language afresh before Sphinx runs (``pipeline/freshness.py``).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from . import assets, sidebar_tree

#: In the environment: each page's digest, the pages this build reads, the structure's digest.
DIGESTS, READING, STRUCTURE = "helpcenter_source_digests", "helpcenter_reading", "helpcenter_structure"


def _file(path: str, cache: dict[str, bytes]) -> bytes:
    if path not in cache:
        try:
            with open(path, "rb") as source:
                cache[path] = hashlib.sha256(source.read()).digest()
        except OSError:
            cache[path] = b"missing"
    return cache[path]


def page_digest(env: BuildEnvironment, docname: str, cache: dict[str, bytes]) -> str:
    """The digest of a page's source and of every file it depends on (an included file may
    be shared by several pages: cache holds each file's once).

    Not the compiled catalogs (.mo): Sphinx adds them to every page's dependencies before
    each build and drops them when it reads the page again, so they would make the digest
    differ from one build to the next. The page's .po stands for its .mo (``pagemeta`` notes
    it; ``pipeline/freshness.py`` has the .mo compiled again whenever its .po changes)."""
    digest = hashlib.sha256(_file(os.fspath(env.doc2path(docname)), cache))
    srcdir = os.fspath(env.srcdir)
    for dependency in sorted(d for d in map(os.fspath, env.dependencies.get(docname, ())) if not d.endswith(".mo")):
        digest.update(dependency.encode() + b"\0" + _file(os.path.join(srcdir, dependency), cache))
    return digest.hexdigest()


def pages_whose_content_changed(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    cache: dict[str, bytes] = {}
    before: dict[str, str] = getattr(env, DIGESTS, None) or {}
    now = {docname: page_digest(env, docname, cache) for docname in env.found_docs}
    setattr(env, DIGESTS, now)
    # A page never recorded (an environment from before this extension) is reread too.
    return sorted(d for d in env.found_docs & env.all_docs.keys() if before.get(d) != now[d] and d not in changed)


def note_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    setattr(env, READING, set(docnames))


def record_read_pages(app: Sphinx, env: BuildEnvironment) -> None:
    """A page just read may depend on other files than before (an include added): its digest now."""
    cache: dict[str, bytes] = {}
    digests = getattr(env, DIGESTS)
    for docname in getattr(env, READING, None) or ():
        if docname in env.found_docs:
            digests[docname] = page_digest(env, docname, cache)
    setattr(env, READING, set())


def structure(app: Sphinx, env: BuildEnvironment) -> str:
    """What every page shows of the others: the pages, their titles and toctree entries,
    and the purged stylesheet (written before the pages, linked with its hash)."""
    digest = hashlib.sha256()
    entries = getattr(env, "helpcenter_toctree_entries", {})
    for docname in sorted(env.found_docs):
        title = env.titles[docname].astext() if docname in env.titles else ""
        digest.update(repr((docname, title, entries.get(docname), env.toctree_includes.get(docname))).encode() + b"\0")
    digest.update(_file(os.fspath(Path(app.outdir) / "_static" / assets.PURGED_CSS), {}))
    return digest.hexdigest()


def pages_showing_a_changed_structure(app: Sphinx, env: BuildEnvironment) -> list[str]:
    if app.builder.format != "html":
        return []
    now = structure(app, env)
    before = getattr(env, STRUCTURE, None)
    setattr(env, STRUCTURE, now)
    return sorted(env.found_docs) if before != now else []


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension(sidebar_tree.__name__)  # its toctree entries are part of the structure
    app.connect("env-get-outdated", pages_whose_content_changed)
    app.connect("env-before-read-docs", note_reading)
    # Late: after assets writes the purged stylesheet.
    app.connect("env-updated", record_read_pages, priority=900)
    app.connect("env-get-updated", pages_showing_a_changed_structure, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
