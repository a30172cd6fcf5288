"""``keywords``: the words readers use that a page or question does not.

Placed under a heading, it adds search keywords (synonyms, everyday words,
common misspellings) to that question; placed before the first heading's
sections, to the page. The text is translatable like any paragraph, so each
language has its own readers' words; it is never shown on the page::

    ```{keywords}
    refund, money back, reimbursement
    ```
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


class search_keywords(nodes.General, nodes.Element):
    """Holds one translatable paragraph of keywords; not rendered."""


class Keywords(SphinxDirective):
    has_content = True

    def run(self) -> list[nodes.Node]:
        text = " ".join(line.strip() for line in self.content if line.strip())
        if not text:
            raise self.error("keywords: write the keywords in the directive's content, separated by commas")
        paragraph = nodes.paragraph(text, text)
        paragraph.source, paragraph.line = self.get_source_info()
        return [search_keywords("", paragraph)]


def skip(self: object, node: search_keywords) -> None:
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(
        search_keywords,
        html=(skip, None), latex=(skip, None), text=(skip, None), man=(skip, None), texinfo=(skip, None),
    )  # fmt: skip
    app.add_directive("keywords", Keywords)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
