"""Pages publish only what the project's markup makes: no raw HTML, no links to strangers.

An author's ``.md``/``.rst`` or a translator's msgstr may hold HTML (``<a
href=...>``, ``<span style="position:fixed">``) or an autolink; the CSP stops
scripts, not a phishing link or an overlay. So any raw HTML node, and any
link that the link policy refuses (``helpcenter.urls``: http(s) or mailto
only, to ``helpcenter_link_hosts``, read as a browser reads it), is an error
at its file and line (a warning, which ``-W`` makes fatal, like every other mistake in a page). The project's
own templates and directives build their HTML from nodes, never from raw HTML.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from ..urls import link_problem

logger = logging.getLogger(__name__)


def check_doctree(app: Sphinx, doctree: nodes.document) -> None:
    allowed = app.config.helpcenter_link_hosts
    for node in doctree.findall(nodes.raw):
        if "html" in node.get("format", "").split():
            logger.warning(
                "raw HTML is not published (%r): write it with Markdown or a directive instead",
                node.astext().strip()[:60], location=node, type="helpcenter", subtype="raw_html",
            )  # fmt: skip
    for node in doctree.findall(nodes.reference):
        uri = node.get("refuri")
        problem = uri and link_problem(uri, allowed)
        if problem:
            logger.warning(
                "%s is not published (%s): link this site's pages or %s only (helpcenter_link_hosts)",
                problem, uri[:80], ", ".join(allowed), location=node, type="helpcenter", subtype="link_host",
            )  # fmt: skip


def setup(app: Sphinx) -> dict[str, Any]:
    # After the translation is applied (doctree-read comes once the reading transforms ran).
    app.connect("doctree-read", check_doctree)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
