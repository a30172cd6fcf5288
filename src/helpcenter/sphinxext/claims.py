"""Where each answer's product facts come from: the ``sources`` directive.

Every question of the FAQ and platform pages (a section whose title ends
with "?"; the claims test extends this to every page of the site) carries one
``sources`` directive, with one line per passage of a seed
(``docs/_data/sources/<id>_*.txt``) that backs what the answer states, the
same check as ``channels.toml``'s ``source`` and ``quote``::

    ```{sources}
    001: Les conseillers répondent à toutes vos questions, quel que soit le motif.
    ```

or, when the seeds do not answer the question, one line ``none: <why>``; the
answer must then link an official route (an address of
``helpcenter_link_hosts``: the help center, the chat, the email address) so
the reader is never left with "unknown". Which sections are questions is decided on the English page (a translation
may turn a heading into a question); the directive carries over to every
language, where a ``none`` answer must still link an official route. Readers
see nothing of it; the
directive becomes a ``claim_sources`` node kept in the doctree, which the
claims test reads in every language. A quote not found in its seed, an
unknown seed, a question without the directive, or a ``none`` answer without
an official link is a warning at its file and line (fatal with ``-W``). A
project without seeds (``docs/_data/sources/*.txt``) has nothing to quote and
is not checked.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from . import sources
from .sources import SOURCES_DIR
from .config import is_source
from .faq import is_faq_page
from .safe_markup import link_problem

logger = logging.getLogger(__name__)

#: The first word of a line that says the seeds do not answer.
NONE = "none"
_LINE = re.compile(r"^\s*([0-9]{3}|none)\s*:\s*(\S.*)$")


class claim_sources(nodes.Element, nodes.Invisible):
    """The seeds and quotes behind one answer (``quotes``: [[seed, quote]]), or ``none`` (the reason)."""


def _skip(self: Any, node: nodes.Element) -> None:
    raise nodes.SkipNode


class SourcesDirective(SphinxDirective):
    """``sources``: the seed passages behind the answer of the question it sits in."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        seeds = sources.seeds(Path(self.env.srcdir) / SOURCES_DIR)
        quotes: list[list[str]] = []
        reason = ""
        # reStructuredText gives the content's own offset; MyST counts from the fence line.
        first = self.content_offset + 1 if self.content_offset >= self.lineno else self.lineno + 1
        for offset, line in enumerate(self.content):
            if not line.strip():
                continue
            lineno = first + offset
            match = _LINE.match(line)
            if not match:
                return self._warn(f"sources: write one line per passage, '001: the exact passage', or 'none: why', not {line.strip()[:40]!r}", lineno)
            seed, text = match.groups()
            if seed == NONE:
                reason = text
                continue
            if seed not in seeds:
                return self._warn(f"sources: {seed!r} is not a seed; the seeds are {', '.join(seeds) or 'none'} ({SOURCES_DIR.as_posix()})", lineno)
            path = seeds[seed]
            if sources.normalise(text) not in sources.seed_text(path, path.stat().st_mtime_ns):
                return self._warn(f"sources: the quote is not in seed {seed} ({SOURCES_DIR.as_posix()}/{path.name}): copy the passage exactly", lineno)
            quotes.append([seed, sources.normalise(text)])
        if not quotes and not reason:
            return self._warn("sources: empty; give '001: the exact passage' lines, or 'none: why' and link an official route", self.lineno)
        if quotes and reason:
            return self._warn("sources: has quotes and 'none': keep one or the other", self.lineno)
        node = claim_sources(quotes=quotes, none=reason)
        self.set_source_info(node)
        return [node]

    def _warn(self, message: str, line: int) -> list[nodes.Node]:
        logger.warning(message, location=(self.env.docname, line), type="helpcenter", subtype="claims")
        return []


def question_sections(doctree: nodes.Node) -> list[nodes.section]:
    """The sections whose title is a question."""
    return [s for s in doctree.findall(nodes.section) if s["ids"] and " ".join(s[0].astext().split()).endswith("?")]


def own_claims(section: nodes.section) -> list[claim_sources]:
    """The sources directives of this question, not of its sub-sections."""
    return [n for n in section.findall(claim_sources) if _owner(n) is section]


def _owner(node: nodes.Node) -> nodes.Node | None:
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    return parent


def official_links(section: nodes.section, allowed: list[str]) -> list[str]:
    """The official addresses (help center, chat, email) the answer links."""
    found = []
    for ref in section.findall(nodes.reference):
        uri = ref.get("refuri", "")
        if "://" in uri or uri.startswith("mailto:"):
            if link_problem(uri, allowed) is None:
                found.append(uri)
    return found


def check_questions(app: Sphinx, doctree: nodes.document) -> None:
    """Every question names its sources, or says it has none and links an official route."""
    if app.builder.name == "gettext":
        return  # extracting messages: the page builds check it, so a new question can be extracted before it is sourced
    if not is_faq_page(app.env.docname) or not sources.seeds(Path(app.srcdir) / SOURCES_DIR):
        return  # the FAQ and platform pages must; a project without source documents has nothing to quote
    allowed = app.config.helpcenter_link_hosts
    source_language = is_source(app.config, app.confdir)
    for section in question_sections(doctree):
        title = " ".join(section[0].astext().split())
        claims = own_claims(section)
        # A translation may phrase a heading as a question where the English does not:
        # which sections are questions is the English page's call, and its directives carry over.
        if not claims and source_language:
            logger.warning(
                "question %r has no sources directive: add ```{sources}``` with '001: the exact passage' lines "
                "(docs/_data/sources/), or 'none: why' and a link to an official route",
                title, location=section[0], type="helpcenter", subtype="claims",
            )  # fmt: skip
        elif any(c["none"] for c in claims) and not official_links(section, allowed):
            logger.warning(
                "question %r is marked 'none' (not in the sources) but links no official route: link %s",
                title, ", ".join(allowed), location=claims[0], type="helpcenter", subtype="claims",
            )  # fmt: skip


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_node(claim_sources, html=(_skip, None), text=(_skip, None), latex=(_skip, None), gettext=(_skip, None))
    app.add_directive("sources", SourcesDirective)
    # After the translation is applied, like the link policy: both languages are checked.
    app.connect("doctree-read", check_questions)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
