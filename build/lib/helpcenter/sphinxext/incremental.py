"""Incremental builds see the sources as they are now, all at once.

When Sphinx reads changed pages one after another, it forgets each page just
before reading it again, so a label (or any name) that moved from one changed
page to another is still held by the page not yet re-read: the build fails
with "duplicate label" although the sources are right, and only a second
build passes. Forgetting every changed page before reading any, as Sphinx's
parallel reading already does, makes the first build right.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


def forget_changed_pages(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    for docname in docnames:
        if docname in env.all_docs:
            app.events.emit("env-purge-doc", env, docname)
            env.clear_doc(docname)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-before-read-docs", forget_changed_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
