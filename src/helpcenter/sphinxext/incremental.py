"""Incremental builds see the sources as they are now, all at once.

When Sphinx reads changed pages one after another, it forgets each page just
before reading it again, so a label (or any name) that moved from one changed
page to another is still held by the page not yet re-read: the build fails
with "duplicate label" although the sources are right, and only a second
build passes. Forgetting every changed page before reading any, as Sphinx's
parallel reading already does, makes the first build right.

And a page that links another by its title (``{doc}`/faq/billing```, a
``{ref}`` to a question) shows that title as its link text, resolved when the
page is written; Sphinx writes only the pages it read again, so retitling a
page or a question, or removing a label, left every page that links it with
the old text (or a broken link) until a full build. Each page's links are
kept; the pages whose targets' titles or labels changed are written again.
"""

from __future__ import annotations

import posixpath
from typing import Any

from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

#: Per page: the targets of its cross-references, both as pages and as labels.
LINKS = "helpcenter_links"
#: The titles and labels of the pages this build reads again or removes, as they were,
#: and the pages it reads.
BEFORE, READ = "helpcenter_titles_before", "helpcenter_pages_read"


def _titles(env: BuildEnvironment, docnames: set[str]) -> dict[str, str]:
    """What links to the pages show: each page's title ('doc:page') and, for each label in
    them ('label:name'), the page and section title it stands for."""
    found = {f"doc:{d}": env.titles[d].astext() for d in docnames if d in env.titles}
    std = env.get_domain("std")
    for name, (docname, anchor, title) in std.labels.items():  # type: ignore[attr-defined]
        if docname in docnames:
            found[f"label:{name}"] = f"{docname}#{anchor} {title}"
    for name, (docname, anchor) in std.anonlabels.items():  # type: ignore[attr-defined]
        if docname in docnames:
            found.setdefault(f"label:{name}", f"{docname}#{anchor}")
    return found


def note_removed_pages(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    # Before Sphinx forgets the removed pages: the pages linking them are written again (and fail).
    setattr(env, BEFORE, _titles(env, (changed | removed) & env.all_docs.keys()))
    return []


def forget_changed_pages(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    setattr(env, BEFORE, {**_titles(env, set(docnames) & env.all_docs.keys()), **(getattr(env, BEFORE, None) or {})})
    setattr(env, READ, set(docnames))
    for docname in docnames:
        if docname in env.all_docs:
            app.events.emit("env-purge-doc", env, docname)
            env.clear_doc(docname)


def note_links(app: Sphinx, doctree: Any) -> None:
    env = app.env
    docname = env.docname
    targets = set()
    for node in doctree.findall(addnodes.pending_xref):
        target = str(node.get("reftarget", ""))
        if target:
            # As a page (relative to this one, or from the root) and as a label: a link
            # may be either, and writing a page once too often costs little.
            page = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(posixpath.dirname(docname), target))
            targets |= {f"doc:{page.removesuffix('.md')}", f"label:{target.lower()}"}
    if not hasattr(env, LINKS):
        setattr(env, LINKS, {})
    getattr(env, LINKS)[docname] = targets


def purge_links(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, LINKS, {}).pop(docname, None)


def merge_links(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    links = getattr(env, LINKS, None) or {}
    setattr(env, LINKS, links)
    links.update({d: t for d, t in getattr(other, LINKS, {}).items() if d in docnames})


def pages_linking_changes(app: Sphinx, env: BuildEnvironment) -> list[str]:
    before, read = getattr(env, BEFORE, None) or {}, getattr(env, READ, None) or set()
    setattr(env, BEFORE, {})
    setattr(env, READ, set())
    after = _titles(env, read & env.all_docs.keys())
    moved = {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}
    if not moved:
        return []
    return sorted(d for d, targets in getattr(env, LINKS, {}).items() if targets & moved and d in env.all_docs)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-get-outdated", note_removed_pages)
    app.connect("env-before-read-docs", forget_changed_pages)
    app.connect("doctree-read", note_links)
    app.connect("env-purge-doc", purge_links)
    app.connect("env-merge-info", merge_links)
    app.connect("env-get-updated", pages_linking_changes)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
