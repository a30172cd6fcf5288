"""``search-box``: a prominent search field for the home page.

It renders the same form as the sidebar (``partials/search-form.html``), so
it searches as you type, and submits to the search page without scripts.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


class search_box(nodes.General, nodes.Element):
    """Rendered only in HTML; other builders skip it."""


class SearchBox(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        return [search_box()]


def visit_search_box(self, node: search_box) -> None:
    from .notfound import has_template

    builder = self.builder
    if not has_template(builder, "partials/search-form.html"):
        raise nodes.SkipNode  # the benchmark's stock build: Furo's own sidebar search only
    context = {
        "search_id": "home-search",
        "search_class": "home-search",
        "search_action": builder.get_relative_uri(builder.current_docname, "search"),
        "search_visible_label": True,
    }
    self.body.append(builder.templates.render("partials/search-form.html", context))
    raise nodes.SkipNode


def skip(self, node: search_box) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(
        search_box,
        html=(visit_search_box, None), latex=(skip, None), text=(skip, None), man=(skip, None), texinfo=(skip, None),
    )  # fmt: skip
    app.add_directive("search-box", SearchBox)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
