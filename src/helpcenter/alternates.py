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

from . import languages


def site_url(config: Config) -> str:
    """The base URL of the whole site (all languages), ending with a slash."""
    base = config.helpcenter_base_url
    if not base.startswith(("https://", "http://")):
        raise ConfigError(f"helpcenter_base_url must be an absolute http(s) URL, not {base!r} (docs/conf.py)")
    return base if base.endswith("/") else base + "/"


def check_language(app: Sphinx, config: Config) -> None:
    """Refuse a language that is not in the list, and give each language its canonical root."""
    try:
        languages.get(config.language)
    except languages.LanguageError as exc:
        raise ConfigError(str(exc)) from None
    if config.helpcenter_base_url:
        config.html_baseurl = f"{site_url(config)}{config.language}/"


def page_alternates(config: Config, pagename: str) -> list[dict[str, Any]]:
    """The page in every language: relative link, absolute URL, and whether it is this one."""
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
        for lang in languages.load()
    ]


def add_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    alternates = page_alternates(app.config, pagename)
    context["helpcenter_alternates"] = alternates
    context["helpcenter_default_alternate"] = alternates[0]
    context["helpcenter_lang_tag"] = next(alt["hreflang"] for alt in alternates if alt["current"])


def setup(app: Sphinx) -> None:
    app.connect("config-inited", check_language)
    app.connect("html-page-context", add_context)
