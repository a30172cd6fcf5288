"""``search-box``: a prominent search field for the home page.

It submits to the search page, so it works without scripts; its labels are
interface text, translated through the project's ``sphinx.po``.
"""

from __future__ import annotations

from html import escape

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

LABEL = "Search the help center"
BUTTON = "Search"
MESSAGES = (LABEL, BUTTON)


class search_box(nodes.General, nodes.Element):
    """Rendered only in HTML; other builders skip it."""


class SearchBox(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        return [search_box()]


def visit_search_box(self, node: search_box) -> None:
    gettext = self.builder.app.translator.gettext
    action = self.builder.get_relative_uri(self.builder.current_docname, "search")
    self.body.append(
        f'<form class="home-search" action="{escape(action)}" method="get" role="search">'
        f'<label for="home-search-input">{escape(gettext(LABEL))}</label>'
        f'<input id="home-search-input" type="search" name="q" autocomplete="off">'
        f'<button type="submit">{escape(gettext(BUTTON))}</button></form>'
    )
    raise nodes.SkipNode


def skip(self, node: search_box) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> None:
    app.add_node(search_box, html=(visit_search_box, None), latex=(skip, None), text=(skip, None), man=(skip, None), texinfo=(skip, None))
    app.add_directive("search-box", SearchBox)
