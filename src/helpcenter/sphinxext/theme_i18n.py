"""French (or any language's) interface text for the Furo theme.

Furo ships no translations and Sphinx's catalogs miss some of its strings, so
they go in the project's own ``locales/<lang>/LC_MESSAGES/sphinx.po``, which
Sphinx merges in front of its own. A few of Furo's labels are hard-coded
English outside any template block; the ``localize_furo`` template filter
swaps them for translations, and stops the build (a warning, fatal under
``-W``) naming Furo's version when one of them is no longer there to swap.
"""

from __future__ import annotations

import re
from importlib.metadata import version
from typing import Any

from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.builders.gettext import MsgOrigin
from sphinx.util import logging

from . import patches

patches.register(patches.Patch(
    "theme_i18n", "Furo", "three aria-labels hard-coded in English in Furo's `page.html`, swapped by the `localize_furo` filter",
    "each label must be found to be swapped, else a warning naming Furo's version (fatal under -W); furo capped in pyproject.toml",
    "French (and any language's) labels on every control: WCAG 3.1.2, not speed",
    "when Furo's templates translate those labels (upstream.md)",
    "sphinxext/theme_i18n.py",
))  # fmt: skip

logger = logging.getLogger(__name__)


#: Furo's hard-coded aria-labels (page.html).
HARDCODED_LABELS = (
    "Toggle site navigation sidebar",
    "Toggle table of contents sidebar",
    "Toggle Light / Dark / Auto color theme",
)
#: Furo's hard-coded SVG titles (partials/icons.html).
HARDCODED_TITLES = (
    "Contents",
    "Menu",
    "Expand",
    "Light mode",
    "Dark mode",
    "Auto light/dark, in light mode",
    "Auto light/dark, in dark mode",
)
#: Furo's navigation tree labels each expander "Toggle navigation of <title>" (navigation.py).
NAVIGATION_TOGGLE = "Toggle navigation of %(title)s"
_NAVIGATION_TOGGLE = re.compile(r'aria-label="Toggle navigation of ([^"]*)"')

#: Strings Furo translates with ``_()`` / ``{% trans %}`` that Sphinx's catalogs lack,
#: plus the site title, which Sphinx takes from ``html_title`` untranslated.
THEME_MESSAGES = ("Skip to content", "Back to top", "On this page", "Next", "Previous", "Home")


_warned: list[bool] = []


def localize_furo(app: Sphinx, html: str) -> Markup:
    """Replace Furo's hard-coded English labels in rendered markup."""
    gettext = app.translator.gettext
    missing = []
    for label in HARDCODED_LABELS:
        missing += [label] if f'aria-label="{label}"' not in html else []
        html = html.replace(f'aria-label="{label}"', f'aria-label="{Markup.escape(gettext(label))}"')
    for title in HARDCODED_TITLES:
        missing += [title] if f"<title>{title}</title>" not in html else []
        html = html.replace(f"<title>{title}</title>", f"<title>{Markup.escape(gettext(title))}</title>")
    if missing and not _warned:
        _warned.append(True)  # once per build: the same on every page
        logger.warning(
            "furo %s no longer writes %s: its labels would stay in English; update "
            "HARDCODED_LABELS/HARDCODED_TITLES in helpcenter/sphinxext/theme_i18n.py or pin furo",
            version("furo"), ", ".join(map(repr, missing)), type="helpcenter", subtype="furo",
        )  # fmt: skip
    toggle = gettext(NAVIGATION_TOGGLE)
    # The page title inside is already escaped markup: keep it as it is.
    html = _NAVIGATION_TOGGLE.sub(lambda m: f'aria-label="{Markup.escape(toggle) % {"title": Markup(m.group(1))}}"', html)
    return Markup(html)


def register_filter(app: Sphinx) -> None:
    templates = getattr(app.builder, "templates", None)
    environment = getattr(templates, "environment", None)
    if environment is not None:
        environment.filters["localize_furo"] = lambda html: localize_furo(app, html)
    # The gettext builder extracts only our templates: give it Furo's strings too.
    if app.builder.name == "gettext":
        origin = MsgOrigin(__file__, 1)
        for message in (*HARDCODED_LABELS, *HARDCODED_TITLES, NAVIGATION_TOGGLE, *THEME_MESSAGES, app.config.html_title):
            app.builder.catalogs["sphinx"].add(message, origin)


def translate_title(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    context["docstitle"] = app.translator.gettext(app.config.html_title)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", register_filter)
    app.connect("html-page-context", translate_title)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
