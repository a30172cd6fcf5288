"""Translated code blocks (templates, example messages) in MyST pages.

Sphinx translates a literal block by re-parsing ``"::\\n\\n" + msgstr`` as
reStructuredText; in a Markdown page the MyST parser reads that as a
paragraph, and the page shows ``::`` (MyST-Parser issue #444). Just before
Sphinx's Locale transform, this sets each translated block's text from the
catalog directly, which is right for every parser, and tells Locale to leave
the block alone.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import docname_to_domain

from .. import catalogs
from .config import is_source, locales_dir


class TranslateLiteralBlocks(SphinxTransform):
    default_priority = 19  # sphinx.transforms.i18n.Locale is 20

    def apply(self, **kwargs: object) -> None:
        config = self.config
        if "literal-block" not in config.gettext_additional_targets or is_source(config, self.env.srcdir):
            return
        domain = docname_to_domain(self.env.docname, config.gettext_compact)
        translations = catalogs.messages(config.language, domain, locales_dir(config, self.env.srcdir))
        for block in self.document.findall(nodes.literal_block):
            # MyST keeps the fence's last line break in rawsource; gettext extracts the text without it.
            translated = translations.get(block.rawsource) or translations.get(block.rawsource.rstrip("\n"))
            if translated:
                block.children = []
                block += nodes.Text(translated)
                block.rawsource = translated  # else Sphinx takes it for a parsed literal
                block["translatable"] = False


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_transform(TranslateLiteralBlocks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
