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

from .foreign_terms import mark_html
from .keywords import search_keywords
from .navigation import parents

RELATED_PER_PAGE = 2
RELATED_MAX = 6


def squash(text: str) -> str:
    """Collapse line breaks and runs of spaces, keeping non-breaking spaces (French typography)."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def is_faq_page(docname: str) -> bool:
    return docname.startswith("faq/") and not docname.endswith("index")


def _answer(section: nodes.section) -> str:
    parts = []
    for child in section.children[1:]:
        if isinstance(child, (nodes.section, search_keywords, nodes.target)):
            continue
        parts.append(squash(child.astext()))
    return " ".join(p for p in parts if p)


def collect(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    if not hasattr(env, "helpcenter_faq"):
        env.helpcenter_faq = {}
    docname = env.docname
    env.helpcenter_faq.pop(docname, None)
    if not is_faq_page(docname):
        return
    env.helpcenter_faq[docname] = [{"id": section["ids"][0], "title": title} for section, title in _questions(doctree)]


def _questions(doctree: nodes.document) -> list[tuple[nodes.section, str]]:
    found = []
    for section in doctree.findall(nodes.section):
        title = squash(section[0].astext())
        if section["ids"] and title.endswith("?"):
            found.append((section, title))
    return found


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, "helpcenter_faq", {}).pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    if not hasattr(env, "helpcenter_faq"):
        env.helpcenter_faq = {}
    env.helpcenter_faq.update({d: q for d, q in getattr(other, "helpcenter_faq", {}).items() if d in docnames})


def related(env: BuildEnvironment, docname: str) -> list[tuple[str, dict[str, str]]]:
    """The first questions of the FAQ pages beside this one (same parent)."""
    up = parents(env)
    faq = getattr(env, "helpcenter_faq", {})
    siblings = [d for d in env.toctree_includes.get(up.get(docname, ""), []) if d != docname and faq.get(d)]
    picked = [(d, q) for d in siblings for q in faq[d][:RELATED_PER_PAGE]]
    return picked[:RELATED_MAX]


def add_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if not getattr(app.env, "helpcenter_faq", {}).get(pagename) or doctree is None:
        return
    # The answers come from the page as written (links resolved to their titles).
    questions = [{"title": title, "answer": _answer(section)} for section, title in _questions(doctree)]
    pathto = context["pathto"]
    config = app.config
    context["helpcenter_related"] = [
        {"title": mark_html(q["title"], config.language, config.helpcenter_source_language), "url": f"{pathto(d)}#{q['id']}"}
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
    ).replace("</", "<\\/")


def setup(app: Sphinx) -> None:
    app.connect("doctree-read", collect)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("html-page-context", add_context)
