"""Text to search terms: what the help center's search index holds for each page.

Sphinx's own index needs every word to match, folds no accents and knows no
synonyms. This one is written for readers' questions: it folds accents,
drops French elisions (``l'abonnement``), stems with the same Snowball
stemmers as Sphinx (the browser runs Sphinx's JavaScript port of them,
``stemmer_script``), adds each question's ``keywords`` and weighs a title's
words above the text's. The browser repeats ``Analyzer``'s steps exactly
(``_static/helpcenter-search.js``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

import sphinx.search
from docutils import nodes
from sphinx.search import SearchLanguage

from .faq import squash
from .keywords import search_keywords

#: Field weights: a word in a question's title counts most, then its keywords.
TITLE, KEYWORDS, PAGE_TITLE, TEXT = 10, 8, 2, 1
#: Keywords placed before a page's first section say what the whole page is
#: for ("contact support", "customer service" on the channels overview): they
#: count twice a title word, so the page a reader means outranks a section of
#: another page whose heading merely repeats the words ("When to contact support").
PAGE_KEYWORDS = 20
SNIPPET_CHARS = 160
_TOKEN = re.compile(r"[a-z0-9]+")
#: Snowball's stop words that a support question turns on: a service that is down,
#: an app that is not working, no internet, a setting turned off, logging out,
#: setting up. They are searched like any word (Snowball's list is for prose).
MEANINGFUL = {"en": frozenset({"down", "up", "off", "out", "not", "no", "cannot"})}
#: Keyword phrases are separated by commas (or semicolons).
_PHRASES = re.compile(r"[,;]")


def fold(text: str) -> str:
    """Lower case without accents: 'Résiliation' -> 'resiliation'."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def search_language(code: str) -> SearchLanguage:
    """Sphinx's search language (stemmer, stop words) for a code; English if none."""
    target = sphinx.search.languages.get(code.split("_")[0], sphinx.search.languages["en"])
    if isinstance(target, str):
        module, _, name = target.rpartition(".")
        target = getattr(import_module(module), name)
    return target({})


@dataclass
class Analyzer:
    """Text to index terms; the browser repeats these steps exactly."""

    language: SearchLanguage
    stopwords: frozenset[str] = field(init=False)
    _stems: dict[str, str] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        kept = MEANINGFUL.get(self.language.lang, frozenset())
        self.stopwords = frozenset(fold(word) for word in self.language.stopwords) - kept

    def terms(self, text: str) -> list[str]:
        # Apostrophes split words, so the elided "l" of "l'abonnement" is a
        # one-letter token and is dropped with the stop words.
        words = [w for w in _TOKEN.findall(fold(text)) if len(w) > 1 and w not in self.stopwords]
        return [self.stem(word) for word in words]

    def stem(self, word: str) -> str:
        # The pure-Python Snowball stemmer is slow and pages repeat their words.
        if word not in self._stems:
            self._stems[word] = self.language.stem(word)
        return self._stems[word]


@dataclass
class Entry:
    url: str
    title: str
    crumb: str
    snippet: str
    weights: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    def add(self, analyzer: Analyzer, text: str, weight: int, once: bool = False) -> None:
        for term in analyzer.terms(text):
            if once:
                self.weights[term] = max(self.weights[term], weight)
            else:
                self.weights[term] += weight

    def add_phrases(self, analyzer: Analyzer, phrases: Iterable[str], weight: int) -> None:
        """A title or keyword phrases: each word counted once, and each two words that
        follow each other (stop words left out) as one term ``"first second"``, so a
        query with the same two words in a row ("smart dns", "share a password") ranks
        this entry above one that merely holds both words apart ("the custom DNS
        setting on a smart TV")."""
        for phrase in phrases:
            stems = analyzer.terms(phrase)
            for term in {*stems, *(f"{a} {b}" for a, b in zip(stems, stems[1:]) if a != b)}:
                self.weights[term] = max(self.weights[term], weight)


def plain_text(node: nodes.Node) -> str:
    return squash(node.astext())


def _own_blocks(section: nodes.Element) -> list[nodes.Element]:
    """The section's own content: not its title nor its subsections."""
    return [child for child in section.children[1:] if not isinstance(child, nodes.section)]


def _snippet(blocks: list[nodes.Element]) -> str:
    for block in blocks:
        for paragraph in block.findall(nodes.paragraph):
            if not isinstance(paragraph.parent, search_keywords):
                text = plain_text(paragraph)
                return text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + "…"
    return ""


def _index_blocks(entry: Entry, analyzer: Analyzer, blocks: list[nodes.Element], keywords: int = KEYWORDS) -> None:
    for block in blocks:
        if isinstance(block, search_keywords):
            entry.add_phrases(analyzer, _PHRASES.split(plain_text(block)), keywords)
            continue
        for inner in block.findall(search_keywords):  # keywords inside tabs or dropdowns
            entry.add_phrases(analyzer, _PHRASES.split(plain_text(inner)), KEYWORDS)
        entry.add(analyzer, plain_text(block), TEXT)


def page_entries(builder: Any, docname: str, doctree: nodes.document, analyzer: Analyzer) -> list[Entry]:
    """One entry for the page (its title, description, intro) and one per section.

    Entries carry the page's address (``faq/billing.html#refund``) but not its
    breadcrumb, which depends on other pages and is added when the index is
    assembled.
    """
    env = builder.env
    page_url = builder.get_target_uri(docname)
    page_title = plain_text(env.titles[docname])
    top = next(iter(doctree.findall(nodes.section)), None)
    if top is None:
        return []
    description = str(env.metadata[docname].get("description", ""))
    page = Entry(page_url, page_title, "", description or _snippet(_own_blocks(top)))
    page.add_phrases(analyzer, [page_title], TITLE)
    page.add(analyzer, description, TEXT)
    _index_blocks(page, analyzer, _own_blocks(top), PAGE_KEYWORDS)
    entries = [page]
    for section in top.findall(nodes.section):
        if section is top or not section["ids"]:
            continue
        title = plain_text(section[0])
        entry = Entry(f"{page_url}#{section['ids'][0]}", title, "", _snippet(_own_blocks(section)))
        entry.add_phrases(analyzer, [title], TITLE)
        entry.add(analyzer, page_title, PAGE_TITLE, once=True)
        _index_blocks(entry, analyzer, _own_blocks(section))
        entries.append(entry)
    return entries


def stemmer_script(code: str) -> str:
    """Sphinx's JavaScript Snowball stemmer for the language, as ``helpcenterStem(word)``."""
    language = search_language(code)
    directory = Path(sphinx.search.__file__).parent / "minified-js"
    if not language.js_stemmer_rawcode:
        return "window.helpcenterStem = function (word) { return word; };\n"
    base = (directory / "base-stemmer.js").read_text(encoding="utf-8")
    code_js = (directory / language.js_stemmer_rawcode).read_text(encoding="utf-8")
    name = re.search(r"var (\w+Stemmer)\s*=\s*function", code_js).group(1)
    return f"{base}\n{code_js}\n(function () {{ var s = new {name}(); window.helpcenterStem = function (w) {{ return s.stemWord(w); }}; }})();\n"
