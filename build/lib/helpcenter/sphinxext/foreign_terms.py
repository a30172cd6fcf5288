"""English words on translated pages, marked ``lang="en"`` for screen readers.

A French voice reads "SmartPlay" or "Help Center" as French and mangles it;
``<span lang="en">`` switches the voice for the word. The words are listed
once, in ``locales/<lang>/terminology.toml`` (``english_terms``), and marked
wherever they occur in the page's text after translation.
"""

from __future__ import annotations

import functools
import re
import tomllib
from typing import Any
from pathlib import Path

from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

from .config import is_source, locales_dir

#: Where a foreign word needs no marking: code, and text already marked.
SKIPPED_PARENTS = (nodes.literal, nodes.literal_block, nodes.raw, nodes.comment)


class foreign(nodes.inline):
    """Text in another language than the page's."""


@functools.cache
def _terms(path: Path, mtime: float) -> re.Pattern[str] | None:
    terms = tomllib.loads(path.read_text(encoding="utf-8")).get("english_terms", [])
    if not terms:
        return None
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def terms_pattern(lang: str, locales: Path) -> re.Pattern[str] | None:
    path = locales / lang / "terminology.toml"
    return _terms(path, path.stat().st_mtime) if path.is_file() else None


def mark(document: nodes.document, config: Config, confdir: str) -> None:
    if is_source(config, confdir):
        return
    pattern = terms_pattern(config.language, locales_dir(config, confdir))
    if pattern is None:
        return
    for text in list(document.findall(nodes.Text)):
        parent = text.parent
        if parent is None or isinstance(parent, (*SKIPPED_PARENTS, foreign)) or not pattern.search(text):
            continue
        pieces: list[nodes.Node] = []
        position = 0
        for match in pattern.finditer(text):
            if match.start() > position:
                pieces.append(nodes.Text(text[position : match.start()]))
            pieces.append(foreign(match.group(0), match.group(0)))
            position = match.end()
        if position < len(text):
            pieces.append(nodes.Text(text[position:]))
        index = parent.index(text)
        parent[index : index + 1] = pieces


class MarkEnglishTerms(SphinxTransform):
    """At reading: titles carry the marks into tables of contents."""

    default_priority = 30  # after the page is translated (sphinx.transforms.i18n.Locale is 20)

    def apply(self, **kwargs: object) -> None:
        mark(self.document, self.config, self.env.srcdir)


class MarkResolvedEnglishTerms(SphinxPostTransform):
    """At writing: link texts that references took from titles."""

    default_priority = 900

    def run(self, **kwargs: object) -> None:
        mark(self.document, self.config, self.env.srcdir)


def mark_html(text: str, app: Sphinx) -> Markup:
    """Escaped text, its English terms wrapped like the page's (for template-made lists)."""
    pattern = None if is_source(app.config, app.confdir) else terms_pattern(app.config.language, locales_dir(app.config, app.confdir))
    if pattern is None:
        return Markup.escape(text)
    parts, position = [], 0
    for match in pattern.finditer(text):
        parts += [Markup.escape(text[position : match.start()]), Markup('<span lang="en">%s</span>') % match.group(0)]
        position = match.end()
    parts.append(Markup.escape(text[position:]))
    return Markup("").join(parts)


def visit_foreign(self, node: foreign) -> None:  # type: ignore[no-untyped-def]
    self.body.append(self.starttag(node, "span", "", lang="en"))


def depart_foreign(self, node: foreign) -> None:  # type: ignore[no-untyped-def]
    self.body.append("</span>")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(foreign, html=(visit_foreign, depart_foreign))
    app.add_transform(MarkEnglishTerms)
    app.add_post_transform(MarkResolvedEnglishTerms)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
