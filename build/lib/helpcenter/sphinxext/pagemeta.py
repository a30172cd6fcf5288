"""Each page's description and "last reviewed" date, from its own metadata.

A page sets both at its top (MyST front matter or an rst field list)::

    description: One sentence that summarises the page.
    reviewed: 2026-11-23

The description becomes the meta description (and search snippet, social
preview); it is added to the page's catalog so translators translate it with
the page. A page without either field fails the build with its file name.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from babel.dates import format_date
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.gettext import MsgOrigin
from sphinx.util import logging
from sphinx.util.i18n import docname_to_domain

from .. import catalogs
from .config import is_source, locales_dir

logger = logging.getLogger(__name__)

REQUIRED = ("description", "reviewed")
_VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>\s*')


def _line_of(path: Path, field: str) -> int:
    try:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.lstrip(":").startswith(f"{field}:"):
                return number
    except OSError:
        pass
    return 1


def check_and_translate(app: Sphinx, doctree: nodes.document) -> None:
    """Warn about missing fields; translate the description into the build's language."""
    env = app.env
    docname = env.docname
    metadata = env.metadata[docname]
    path = Path(env.doc2path(docname))
    for field in REQUIRED:
        if not str(metadata.get(field, "")).strip():
            logger.warning(
                "page has no %r field: add `%s: ...` at the top (front matter in .md, field list in .rst)",
                field, field, location=(docname, 1),
            )  # fmt: skip
    reviewed = str(metadata.get("reviewed", ""))
    if reviewed:
        try:
            dt.date.fromisoformat(reviewed)
        except ValueError:
            logger.warning("reviewed: %r is not a date; write it as YYYY-MM-DD", reviewed, location=(docname, _line_of(path, "reviewed")))
    description = metadata.get("description")
    if description and not is_source(app.config, app.confdir):
        domain = docname_to_domain(docname, app.config.gettext_compact)
        locales = locales_dir(app.config, app.confdir)
        env.note_dependency(str(catalogs.catalog_dir(app.config.language, locales) / f"{domain}.po"))
        metadata["description"] = catalogs.messages(app.config.language, domain, locales).get(description, description)


def add_to_catalog(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give translators the description, in the page's own catalog."""
    if app.builder.name != "gettext":
        return
    description = app.env.metadata[docname].get("description")
    if description:
        path = Path(app.env.doc2path(docname))
        domain = docname_to_domain(docname, app.config.gettext_compact)
        app.builder.catalogs[domain].add(description, MsgOrigin(str(path), _line_of(path, "description")))


def add_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    # docutils' writer declares the viewport again after Furo's template: keep one.
    context["metatags"] = _VIEWPORT.sub("", context.get("metatags", ""))
    metadata = app.env.metadata.get(pagename, {})
    context["helpcenter_description"] = metadata.get("description", "")
    reviewed = str(metadata.get("reviewed", ""))
    try:
        date = dt.date.fromisoformat(reviewed)
    except ValueError:
        context["helpcenter_reviewed"] = None
        return
    context["helpcenter_reviewed"] = {
        "iso": date.isoformat(),
        "text": format_date(date, format="long", locale=app.config.language),
    }


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", check_and_translate, priority=900)
    app.connect("doctree-resolved", add_to_catalog)
    app.connect("html-page-context", add_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
