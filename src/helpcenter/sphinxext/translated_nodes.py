"""Translated nodes belong to their page's doctree, so a French doctree stays small.

Sphinx's Locale transform parses each translation into a document of its own
and moves the new nodes into the page without re-parenting their document
(``sphinx.transforms.i18n``: ``node.children = patch.children``). Docutils
nodes keep that document in ``_document``, and its settings hold the whole
build environment; so every translated page pickled a copy of it: 5 MB per
doctree at 50× the site (3.4 GB for the French build), read back whenever
Sphinx loads the page. Once the page is read, every node is given back to
its own doctree, as ``Element.setup_child`` would have done.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from . import patches

PATCH = patches.register(patches.Patch(
    "translated_nodes", "Sphinx",
    "what `sphinx.transforms.i18n.Locale` leaves behind: translated nodes still pointing at the message's own document",
    "none needed: it sets `node.document`, docutils' public attribute; "
    "tests/extensions/test_translation.py fails if a French doctree carries the environment again",
    "50×, 5 December 2026 (make bench patches=50, quiet machine): full French build 50.5 s against 108.3 s "
    "(53 %, faster in 2 of 2); French doctrees of kilobytes, not megabytes each (5 MB at 50×); 2 % at 1×",
    "when Sphinx's Locale transform re-parents the nodes it moves (upstream.md)",
    "sphinxext/translated_nodes.py", switchable=True,
))  # fmt: skip


def adopt(app: Sphinx, doctree: nodes.document) -> None:
    for node in doctree.findall():
        if node.__dict__.get("_document", doctree) is not doctree:
            node.document = doctree


def setup(app: Sphinx) -> dict[str, Any]:
    if patches.enabled("translated_nodes"):
        # 100: before any handler that pickles or copies the doctree.
        app.connect("doctree-read", adopt, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
