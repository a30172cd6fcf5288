"""Every ``helpcenter_*`` setting, declared once: type, default, help text and check.

``conf.py`` (or ``-D name=value``) sets them; a wrong value stops the build at
``config-inited`` with one message naming the setting and what to write.
Paths never come from settings: the locale folder is Sphinx's
``locale_dirs``, and the source language is the first entry of the
languages file beside it (``locales/languages.toml``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from .. import languages, settings, urls


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    #: What Sphinx rebuilds when it changes: "env" (re-read every page) or "html" (rewrite them).
    rebuild: str
    types: tuple[type, ...]
    help: str
    #: Returns what is wrong with a value, or None.
    check: Callable[[Any], str | None] | None = None


def _url_or_empty(value: str) -> str | None:
    if not value:
        return None
    try:
        settings.check_url(value, "helpcenter_base_url")
    except settings.SettingsError as exc:
        return str(exc).split(": ", 1)[1]
    return None


def _is_host(host: object) -> bool:
    """A plain lower-case host name, as a browser would read it (no port, path or user name)."""
    if not isinstance(host, str) or not host or host != host.lower() or any(c in host for c in "/:@\\?#% "):
        return False
    return urls.hostname_of(f"https://{host}/") == host


def _hosts(value: list[str]) -> str | None:
    bad = [host for host in value if not _is_host(host)]
    return f"list host names only, in lower case, such as 'nordvpn.com' (not {bad[0]!r})" if bad else None


def _one_of(*choices: str) -> Callable[[str], str | None]:
    return lambda value: None if value in choices else f"use one of {', '.join(map(repr, choices))}, not {value!r}"


def _csp_hash(value: str) -> str | None:
    ok = not value or re.fullmatch(r"sha256-[A-Za-z0-9+/]{43}=", value) is not None
    return None if ok else f"give a CSP source hash 'sha256-<44 base64 characters>', not {value!r}"


SETTINGS = (
    Setting(
        "helpcenter_base_url", "", "html", (str,),
        "The public address of the whole site, ending with a slash (site.toml's base_url): "
        "canonical and hreflang links, the sitemap and the 404 pages use it.",
        _url_or_empty,
    ),
    Setting(
        "helpcenter_link_hosts", ["nordvpn.com", "nordpass.com"], "env", (list, tuple),
        "The only other hosts that pages may link to (and www. of each); any other link stops the build.",
        _hosts,
    ),
    Setting(
        "helpcenter_optimize", True, "html", (bool,),
        "Link only the CSS and JavaScript a page uses, trimmed to the rules it can match, and keep "
        "the sidebar to the reader's branch (sidebar_tree); False keeps the theme's own files and "
        "its whole site tree in every sidebar (the benchmark's stock build).",
    ),
    Setting(
        "helpcenter_search", "helpcenter", "html", (str,),
        "'helpcenter': this site's per-question search; 'sphinx': Sphinx's own (the benchmark's stock build).",
        _one_of("helpcenter", "sphinx"),
    ),
    Setting(
        "helpcenter_preview_untranslated", False, "env", (bool,),
        "Preview a translation: publish English where it is missing, highlighted, instead of failing.",
    ),
    Setting(
        "helpcenter_preview_script_hash", "", "html", (str,),
        "The CSP hash of the live-reload script that `make serve` adds; empty for a published build.",
        _csp_hash,
    ),
)  # fmt: skip


def check(app: Sphinx, config: Config) -> None:
    for setting in SETTINGS:
        value = config[setting.name]
        if not isinstance(value, setting.types):
            expected = " or ".join(t.__name__ for t in setting.types)
            raise ConfigError(f"{setting.name} must be a {expected}, not {value!r}: {setting.help}")
        problem = setting.check(value) if setting.check else None
        if problem:
            raise ConfigError(f"{setting.name}: {problem}. ({setting.help})")


# Each takes the configuration and the folder of conf.py (``app.confdir``; in
# transforms, ``self.env.srcdir``: this project keeps conf.py in the source folder).


def locales_dir(config: Config, confdir: str | Path) -> Path:
    """The translations folder: Sphinx's first ``locale_dirs`` entry, from the configuration folder."""
    return (Path(confdir) / config.locale_dirs[0]).resolve()


def languages_file(config: Config, confdir: str | Path) -> Path:
    return locales_dir(config, confdir) / "languages.toml"


def source_language(config: Config, confdir: str | Path) -> str:
    """The language the pages are written in: the first entry of the languages file."""
    return languages.source(languages_file(config, confdir)).code


def is_source(config: Config, confdir: str | Path) -> bool:
    return config.language == source_language(config, confdir)


def setup(app: Sphinx) -> dict[str, Any]:
    for setting in SETTINGS:
        app.add_config_value(setting.name, setting.default, setting.rebuild, types=setting.types, description=setting.help)
    app.connect("config-inited", check, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
