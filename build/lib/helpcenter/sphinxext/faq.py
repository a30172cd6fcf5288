"""FAQ pages: their questions, "related questions" and FAQPage JSON-LD.

A question is a section of an FAQ page (``faq/...``) whose title ends with
a question mark. They are collected from the translated doctree, so every
language lists its own questions; the anchors are the same in all.
"""

from __future__ import annotations

import json
import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .docstore import DocStore
from .foreign_terms import mark_html
from .keywords import search_keywords
from .navigation import parents

RELATED_PER_PAGE = 2
RELATED_MAX = 6


def squash(text: str) -> str:
    """Collapse line breaks and runs of spaces, keeping non-breaking spaces (French typography)."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def is_faq_page(docname: str) -> bool:
    return docname.startswith(("faq/", "platforms/")) and not docname.endswith("index")


def _answer(section: nodes.section) -> str:
    parts = []
    for child in section.children[1:]:
        if isinstance(child, (nodes.section, search_keywords, nodes.target)):
            continue
        parts.append(squash(child.astext()))
    return " ".join(p for p in parts if p)


#: Each FAQ page's questions: [{"id": anchor, "title": question}].
QUESTIONS = DocStore("helpcenter_faq")


def collect(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    if is_faq_page(docname):
        QUESTIONS.set(app.env, docname, [{"id": s["ids"][0], "title": title} for s, title in _questions(doctree)])


def _questions(doctree: nodes.document) -> list[tuple[nodes.section, str]]:
    found = []
    for section in doctree.findall(nodes.section):
        title = squash(section[0].astext())
        if section["ids"] and title.endswith("?"):
            found.append((section, title))
    return found


def related(env: BuildEnvironment, docname: str) -> list[tuple[str, dict[str, str]]]:
    """The first questions of the FAQ pages beside this one (same parent)."""
    up = parents(env)
    faq = QUESTIONS.all(env)
    siblings = [d for d in env.toctree_includes.get(up.get(docname, ""), []) if d != docname and faq.get(d)]
    picked = [(d, q) for d in siblings for q in faq[d][:RELATED_PER_PAGE]]
    return picked[:RELATED_MAX]


def add_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if not QUESTIONS.get(app.env, pagename) or doctree is None:
        return
    # The answers come from the page as written (links resolved to their titles).
    questions = [{"title": title, "answer": _answer(section)} for section, title in _questions(doctree)]
    pathto = context["pathto"]
    context["helpcenter_related"] = [
        {"title": mark_html(q["title"], app), "url": f"{pathto(d)}#{q['id']}"}
        for d, q in related(app.env, pagename)
    ]
    context["helpcenter_faq_jsonld"] = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "inLanguage": app.config.language,
            "mainEntity": [
                {"@type": "Question", "name": q["title"], "acceptedAnswer": {"@type": "Answer", "text": q["answer"]}}
                for q in questions
            ],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).replace("</", "<\\/")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", collect)
    QUESTIONS.connect(app)
    app.connect("html-page-context", add_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
