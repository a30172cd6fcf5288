"""The help center's Sphinx extensions: ``extensions = [..., "helpcenter.sphinxext"]``.

One feature per module, each an extension of its own with ``setup(app)``
and its metadata; :func:`setup` imports each and has Sphinx load them in order.
``config`` comes first: it declares and checks every ``helpcenter_*`` setting.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: The package's modules, besides these extensions, whose code shapes the pages.
SHARED = ("catalogs.py", "errors.py", "files.py", "languages.py", "markup.py", "project.py", "settings.py", "urls.py")


#: The extensions, in this order (it orders handlers of the same priority); config comes
#: first: it declares and checks the settings. One a line, so that adding one is one line.
FEATURES = (
    "config",
    "alternates",
    "anchors",
    "assets",
    "change_detection",
    "channels",
    "chooser",
    "claims",
    "confinement",
    "copy_button",
    "csp",
    "faq",
    "foreign_terms",
    "incremental",
    "keywords",
    "literal_i18n",
    "myst_speed",
    "navigation",
    "notfound",
    "offline",
    "outputs",
    "pagemeta",
    "pickled_tocs",
    "redirects",
    "safe_markup",
    "search_index",
    "searchbox",
    "sidebar_tree",
    "theme_css",
    "theme_i18n",
    "translated_nodes",
    "untranslated",
)


def setup(app: Sphinx) -> dict[str, Any]:
    for feature in FEATURES:
        # Sphinx loads each module once, records its metadata (parallel safety)
        # and lets a project or a test load any of them on its own.
        app.setup_extension(f"{__name__}.{feature}")
    return {"version": __version__, "env_version": code_version(), "parallel_read_safe": True, "parallel_write_safe": True}


def code_version() -> int:
    """A number that changes with the code that makes the pages: Sphinx then reads and
    writes every page again, so no page keeps what older code made of it. The
    commands, checks and benchmark are not part of it."""
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for path in [*sorted(here.glob("*.py")), *(here.parent / name for name in SHARED)]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return int(digest.hexdigest()[:12], 16)
