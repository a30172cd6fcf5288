"""FAQ pages: their questions, "related questions" and FAQPage JSON-LD.

A question is a section of an FAQ page (``faq/...``) whose title ends with
a question mark. They are collected from the translated doctree, so every
language lists its own questions; the anchors are the same in all.

Related questions come from the same product and topic: only from FAQ pages
whose products (front matter ``products``) are among this page's, ranked by
the words they share with this page's questions and keywords, the pages of
the same section first.
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..markup import script_json
from .docstore import DocStore
from .foreign_terms import mark_html
from .keywords import search_keywords
from .navigation import parents

RELATED_PER_PAGE = 2
RELATED_MAX = 6
#: Words too common to say two questions share a topic (both languages).
_COMMON = frozenset(
    "about after also does doing from have into more must need that their them then there these they this what when "
    "where which will with your yours nordvpn nordpass avec dans est-ce pour quoi quand comment votre vous faire "
    "sont elle être peut puis-je faut contact support help problem problems guide question questions".split()
)
_WORD = re.compile(r"[^\W\d_]{4,}")


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


def topic_words(text: str) -> list[str]:
    """The words that say what a question is about (lower case, common words left out)."""
    return sorted({w for w in _WORD.findall(text.lower()) if w not in _COMMON})


#: Each FAQ page's questions: [{"id": anchor, "title": question, "words": [topic words of the anchor]}].
QUESTIONS = DocStore("helpcenter_faq")


def collect(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    if is_faq_page(docname):
        found = []
        for section, title in _questions(doctree):
            anchor = section["ids"][0]
            # The anchor is the same in every language, so related questions are too.
            found.append({"id": anchor, "title": title, "words": topic_words(anchor.replace("-", " "))})
        QUESTIONS.set(app.env, docname, found)




def _questions(doctree: nodes.document) -> list[tuple[nodes.section, str]]:
    found = []
    for section in doctree.findall(nodes.section):
        title = squash(section[0].astext())
        if section["ids"] and title.endswith("?"):
            found.append((section, title))
    return found


def related(env: BuildEnvironment, docname: str) -> list[tuple[str, dict[str, Any]]]:
    """Questions of other FAQ pages on the same product and topic.

    A candidate page must be about no product this page is not about, and a
    candidate question must not name such a product (a NordPass page never
    suggests a NordVPN question). Candidates are ranked by the topic words
    their anchors share with this page's anchors (anchors are the same in
    every language, so every language suggests the same questions); pages of
    the same section (toctree parent) come first, and a question sharing no
    word with this page is suggested only from the same section.
    """
    from .channel_data import PRODUCTS
    from .channels import page_products

    up = parents(env)
    faq = QUESTIONS.all(env)
    products = set(page_products(env, docname))
    own = {w for q in faq.get(docname, []) for w in q.get("words", [])}
    order = {d: i for i, d in enumerate(sorted(faq))}
    scored = []
    others = [p.lower() for p in PRODUCTS if p not in products]
    for other, questions in faq.items():
        if other == docname or not set(page_products(env, other)) <= products:
            continue
        same_section = up.get(other) == up.get(docname)
        for position, question in enumerate(questions):
            if any(p in question["id"] or p in question["title"].lower() for p in others):
                continue  # a question about the other product
            shared = len(own & set(question.get("words", [])))
            if shared or same_section:
                scored.append((-(shared + (3 if same_section else 0)), order[other], position, other, question))
    picked: list[tuple[str, dict[str, Any]]] = []
    per_page: dict[str, int] = {}
    for *_, other, question in sorted(scored, key=lambda s: s[:3]):
        if per_page.get(other, 0) < RELATED_PER_PAGE:
            per_page[other] = per_page.get(other, 0) + 1
            picked.append((other, question))
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
    context["helpcenter_faq_jsonld"] = script_json(
        {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "inLanguage": app.config.language,
            "mainEntity": [
                {"@type": "Question", "name": q["title"], "acceptedAnswer": {"@type": "Answer", "text": q["answer"]}}
                for q in questions
            ],
        }
    )


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", collect)
    QUESTIONS.connect(app)
    app.connect("html-page-context", add_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
