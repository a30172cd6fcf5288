"""Stable anchors: a section's explicit label is its first id.

Docutils makes a section's first id from its title, which differs between
languages; a label written before the heading (``(refund)=`` in MyST,
``.. _refund:`` in rst) is the same in every language. Putting the label
first makes it the id that the table of contents, search results and shared
links use, so a link survives a language switch.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform


class ExplicitIdsFirst(SphinxTransform):
    # After docutils' PropagateTargets (260), which moves labels onto sections.
    default_priority = 261

    def apply(self, **kwargs: object) -> None:
        document = self.document
        for section in self.document.findall(nodes.section):
            explicit = [
                document.nameids[name]
                for name in section["names"]
                if document.nametypes.get(name) and document.nameids.get(name) in section["ids"]
            ]
            if explicit:
                section["ids"] = explicit + [i for i in section["ids"] if i not in explicit]


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_transform(ExplicitIdsFirst)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
