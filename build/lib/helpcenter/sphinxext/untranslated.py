"""Untranslated text: an error in a published build, highlighted in a preview.

After Sphinx's Locale transform, a message left in English has
``translated = False``. A complete language (every language in
``locales/languages.toml`` not marked ``draft = true``) fails the build on
it, naming the page and its catalog; with ``helpcenter_preview_untranslated``
(``make serve lang=fr preview=1``) the page builds and shows each such
passage highlighted, for translators.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

from .. import languages
from .config import languages_file, source_language

logger = logging.getLogger(__name__)

HIGHLIGHT_CLASS = "untranslated"


def in_page_metadata(node: nodes.Node) -> bool:
    """The page's field list (description, reviewed): handled by pagemeta, not by Locale."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.docinfo) or (isinstance(parent, nodes.field_list) and isinstance(parent.parent, nodes.document)):
            return True
        parent = parent.parent
    return False


class FlagUntranslated(SphinxTransform):
    default_priority = 25  # after sphinx.transforms.i18n.Locale (20)

    def apply(self, **kwargs: object) -> None:
        config = self.config
        if config.language == source_language(config, self.env.srcdir):
            return
        preview = config.helpcenter_preview_untranslated
        if not preview and languages.get(config.language, languages_file(config, self.env.srcdir)).draft:
            return
        catalog = f"locales/{config.language}/LC_MESSAGES/{docname_to_domain(self.env.docname, config.gettext_compact)}.po"
        for node, message in extract_messages(self.document):
            if node.get("translated", False) or not message.strip() or in_page_metadata(node):
                continue
            if preview:
                target = node.parent if isinstance(node, nodes.title) else node
                target["classes"].append(HIGHLIGHT_CLASS)
            else:
                logger.warning(
                    "not translated in %s: %r; translate it there (preview: make serve lang=%s preview=1)",
                    catalog, message[:70], config.language, location=node, type="i18n", subtype="untranslated",
                )  # fmt: skip


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_transform(FlagUntranslated)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
