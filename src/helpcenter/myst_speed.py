"""Halves the French build time: MyST builds docutils' default settings once.

MyST's renderer evaluates ``options.get("document", make_document())``, so
every parse builds docutils' default settings from scratch (an optparse
parser with ~70 options), even when Sphinx hands it a document. Sphinx's
translation transform parses each translated message on its own, so a
French build pays for it about 2,000 times: half of its time. The settings
depend only on the parser class, so they are built once per class and
copied. This is the only place the project changes another package's
behaviour; remove it when MyST no longer evaluates that default eagerly
(``myst_parser/mdit_to_docutils/base.py``, ``setup_render``).
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from sphinx.application import Sphinx


def install() -> bool:
    """Cache MyST's default settings; False if MyST changed and this no longer applies."""
    try:
        from myst_parser.mdit_to_docutils import base
    except ImportError:
        return False
    original = getattr(base, "get_default_settings", None)
    if original is None or getattr(original, "helpcenter_cached", False):
        return original is not None

    cached = functools.lru_cache(maxsize=8)(original)

    def get_default_settings(*components: Any) -> Any:
        # A copy: documents may change their settings, the cached ones must not.
        return copy.copy(cached(*components))

    get_default_settings.helpcenter_cached = True  # type: ignore[attr-defined]
    base.get_default_settings = get_default_settings
    return True


def setup(app: Sphinx) -> None:
    install()
