"""Every page's other languages: the switcher links, hreflang and canonical URLs.

Each language is published in its own folder (``en/``, ``fr/``) with the same
page names, so the same page in another language is ``../<code>/<page>.html``
from the folder root.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from .. import languages
from .config import languages_file


def site_url(config: Config) -> str:
    """The base URL of the whole site (all languages), ending with a slash (checked by config)."""
    return config.helpcenter_base_url


def check_language(app: Sphinx, config: Config) -> None:
    """Refuse a language that is not in the list, and give each language its canonical root."""
    try:
        languages.get(config.language, languages_file(config, app.confdir))
    except languages.LanguageError as exc:
        raise ConfigError(str(exc)) from None
    if config.helpcenter_base_url:
        config.html_baseurl = f"{site_url(config)}{config.language}/"


def page_alternates(app: Sphinx, pagename: str) -> list[dict[str, Any]]:
    """The page in every language: relative link, absolute URL, and whether it is this one."""
    config = app.config
    up = "../" * (pagename.count("/") + 1)
    base = site_url(config) if config.helpcenter_base_url else ""
    page = quote(f"{pagename}.html")  # non-ASCII page names, percent-encoded
    return [
        {
            "code": lang.code,
            "hreflang": lang.hreflang,
            "name": lang.name,
            "url": f"{up}{lang.code}/{page}",
            "absolute_url": f"{base}{lang.code}/{page}",
            "current": lang.code == config.language,
        }
        for lang in languages.load(languages_file(config, app.confdir))
    ]


def add_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    alternates = page_alternates(app, pagename)
    context["helpcenter_alternates"] = alternates
    context["helpcenter_default_alternate"] = alternates[0]
    context["helpcenter_lang_tag"] = next(alt["hreflang"] for alt in alternates if alt["current"])


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", check_language)
    app.connect("html-page-context", add_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
