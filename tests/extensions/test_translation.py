"""Extensions that shape a translated page or its build: literal blocks, untranslated text, English terms,
MyST's parser cache, small French doctrees, the catalogs listed once."""

from __future__ import annotations

import pickle
import re
import shutil
from pathlib import Path

import pytest

from helpcenter.testing import SphinxProject as Project

PAGE = """
---
description: A page.
reviewed: 2026-12-01
---
# Write to support

Use this template:

```text
Hello, my subscription reference is ...
```

Ask in live chat.
"""

CATALOG = """
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Write to support"
msgstr "Écrire au support"

msgid "Use this template:"
msgstr "Utilisez ce modèle :"

msgid "Hello, my subscription reference is ..."
msgstr "Bonjour, la référence de mon abonnement est ..."

msgid "Ask in live chat."
msgstr "Demandez dans le live chat."
"""


def test_a_literal_block_in_a_myst_page_is_translated_from_the_catalog(project: Project) -> None:
    project.write({"docs/index.md": PAGE, "locales/fr/LC_MESSAGES/index.po": CATALOG})
    html = project.build("helpcenter.sphinxext.literal_i18n", language="fr").html("index")
    assert "Bonjour, la référence de mon abonnement est ..." in html
    assert "Hello, my" not in html and "::" not in html


def test_untranslated_text_is_an_error_or_highlighted_in_preview(project: Project) -> None:
    missing = CATALOG.replace('msgstr "Demandez dans le live chat."', 'msgstr ""')
    project.write({"docs/index.md": PAGE, "locales/fr/LC_MESSAGES/index.po": missing})
    built = project.build("helpcenter.sphinxext.literal_i18n", "helpcenter.sphinxext.untranslated", language="fr")
    assert re.search(r"index\.md:\d+: WARNING: not translated in locales/fr/LC_MESSAGES/index\.po: 'Ask in live chat\.'", built.warnings), built.warnings
    preview = project.build(
        "helpcenter.sphinxext.literal_i18n", "helpcenter.sphinxext.untranslated", language="fr", helpcenter_preview_untranslated=True
    )
    assert "not translated" not in preview.warnings
    assert re.search(r'<p class="untranslated">Ask in live chat\.</p>', preview.html("index")), preview.html("index")


def test_english_terms_on_a_french_page_are_marked_lang_en(project: Project) -> None:
    project.write({
        "docs/index.md": PAGE,
        "locales/fr/LC_MESSAGES/index.po": CATALOG,
        "locales/fr/terminology.toml": 'english_terms = ["live chat"]\n',
    })  # fmt: skip
    html = project.build("helpcenter.sphinxext.literal_i18n", "helpcenter.sphinxext.foreign_terms", language="fr").html("index")
    assert '<span lang="en">live chat</span>' in html
    english = project.build("helpcenter.sphinxext.foreign_terms").html("index")
    assert 'lang="en">live chat' not in english


def test_the_myst_parser_cache_renders_translated_pages_as_myst_does(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same French page with the patched MyST and with MyST as it comes: the patch stays
    installed for the rest of the process once a build applied it, so it is undone here."""
    from myst_parser.mdit_to_docutils import base
    from myst_parser.parsers import sphinx_ as myst_sphinx

    from helpcenter.sphinxext import myst_speed, patches

    project.write({"docs/index.md": PAGE, "locales/fr/LC_MESSAGES/index.po": CATALOG})
    fast = project.build("helpcenter.sphinxext.literal_i18n", "helpcenter.sphinxext.myst_speed", language="fr")
    assert "myst_speed" not in fast.warnings, fast.warnings
    assert isinstance(myst_sphinx.create_md_parser, myst_speed._ParserCache)

    monkeypatch.setenv(patches.OFF_VARIABLE, "myst_speed")
    patches.off.cache_clear()
    try:
        myst_speed.uninstall()
        shutil.rmtree(project.root / "_build")
        plain = project.build("helpcenter.sphinxext.literal_i18n", "helpcenter.sphinxext.myst_speed", language="fr")
        assert not isinstance(myst_sphinx.create_md_parser, myst_speed._ParserCache)
        assert not getattr(base.get_default_settings, "helpcenter_cached", False)
    finally:
        monkeypatch.delenv(patches.OFF_VARIABLE)
        patches.off.cache_clear()
    body = lambda html: re.search(r"<body.*</body>", html, re.S).group(0)  # noqa: E731
    assert "Écrire au support" in body(plain.html("index"))
    assert body(fast.html("index")) == body(plain.html("index"))


def test_a_translated_doctree_does_not_carry_the_build_environment(project: Project) -> None:
    """Sphinx leaves translated nodes pointing at the document their message was parsed
    in, whose settings hold the environment: each French doctree pickled all of it.
    (Smart quotes would replace the text nodes; French is typed with its own quotes.)"""
    project.write({"docs/index.md": PAGE, "locales/fr/LC_MESSAGES/index.po": CATALOG})
    built = project.build("helpcenter.sphinxext.translated_nodes", language="fr", smartquotes=False)
    assert "Écrire au support" in built.html("index")
    pickled = (Path(built.app.doctreedir) / "index.doctree").read_bytes()
    carries_environment = b"BuildEnvironment" in pickled
    assert not carries_environment, f"the French doctree pickles the build environment ({len(pickled)} bytes)"
    doctree = pickle.loads(pickled)
    assert all(node.document is doctree for node in doctree.findall())
