"""The help center's own Sphinx extensions, one feature per module.

``conf.py`` lists ``helpcenter`` in ``extensions``; :func:`setup` hands the
application to each feature's own ``setup``.
"""

from __future__ import annotations

import hashlib
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the command-line tool imports this package without Sphinx
    from sphinx.application import Sphinx

__version__ = "1.0.0"

#: The feature modules, each with its own setup(app), in the order they run.
FEATURES = (
    "alternates",
    "anchors",
    "assets",
    "channels",
    "copy_button",
    "csp",
    "faq",
    "foreign_terms",
    "keywords",
    "literal_i18n",
    "myst_speed",
    "navigation",
    "notfound",
    "pagemeta",
    "search_index",
    "searchbox",
    "stock",
    "theme_css",
    "theme_i18n",
    "untranslated",
)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("helpcenter_base_url", "", "html", types=[str])
    for name in FEATURES:
        import_module(f"{__name__}.{name}").setup(app)
    # Writing is serial: the search index collects each page as it is written.
    return {"version": __version__, "env_version": code_version(), "parallel_read_safe": True, "parallel_write_safe": False}


def code_version() -> int:
    """A number that changes with this package's code: Sphinx then reads and
    writes every page again, so no page keeps what older code made of it."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return int(digest.hexdigest()[:12], 16)
