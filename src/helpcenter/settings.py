"""The site's settings that are not Sphinx's: ``site.toml`` at the repository root.

They are checked before Sphinx starts, so a mistake stops the build with one
message naming ``site.toml`` and its line (or the environment variable that
overrides it), not with Sphinx's configuration dump.
"""

from __future__ import annotations

import os
import re
import tomllib
from urllib.parse import urlsplit

from .errors import InputError
from .project import Project, current

ENVIRONMENT = "HELPCENTER_BASE_URL"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
#: http(s), a host (names or IPv4), an optional port, a path prefix of safe characters ending in "/".
_SAFE_URL = re.compile(rf"https?://{_LABEL}(?:\.{_LABEL})*\.?(?::[0-9]{{1,5}})?/(?:(?!\.\.?/)[A-Za-z0-9._~-]+/)*")
KNOWN = {"base_url", "offline_budget_kb"}
#: The background download for offline reading, per language, in gzipped KB (pipeline/offline.py).
OFFLINE_BUDGET_KB = 1000


class SettingsError(InputError, ValueError):
    """site.toml (or HELPCENTER_BASE_URL) is malformed; the message says where and what to write."""


def _line_of(text: str, key: str) -> int:
    match = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def _read(project: Project) -> tuple[dict[str, object], str]:
    try:
        text = project.settings_file.read_text(encoding="utf-8")
    except OSError as exc:
        raise SettingsError(f"site.toml: cannot be read ({exc.strerror}); it must set base_url = \"https://...\"") from None
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise SettingsError(f"site.toml:{line.group(1) if line else 1}: {exc}; fix the TOML syntax") from None


def check_url(url: object, where: str) -> str:
    """The base URL if it is usable in every canonical, sitemap and 404 link; else SettingsError."""
    example = 'write it as "https://help.example.org/" (or with a path prefix, "https://example.org/help/")'
    if not isinstance(url, str):
        raise SettingsError(f"{where}: base_url must be a quoted URL, not {type(url).__name__}; {example}")
    if url != url.strip() or re.search(r"\s", url):
        raise SettingsError(f"{where}: base_url {url!r} contains spaces; {example}")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise SettingsError(f"{where}: base_url {url!r} has no http:// or https:// scheme; {example}")
    if not parts.hostname:
        raise SettingsError(f"{where}: base_url {url!r} has no host name; {example}")
    if parts.query or parts.fragment or parts.username or parts.password:
        raise SettingsError(f"{where}: base_url {url!r} may not carry a query, fragment, user name or password; {example}")
    if not parts.path.endswith("/"):
        raise SettingsError(f"{where}: base_url {url!r} must end with a slash ({url}/); {example}")
    if not _SAFE_URL.fullmatch(url):
        # It is written into attributes, robots.txt and JSON: nothing in it may need escaping.
        raise SettingsError(
            f"{where}: base_url {url!r} may hold only a scheme, a host name, a port and a path of letters, "
            f"digits, '.', '-', '_' and '~' (no user name, quotes, angle brackets or percent signs); {example}"
        )
    return url


def base_url(project: Project | None = None) -> str:
    """The published site's base URL, ending with a slash (HELPCENTER_BASE_URL wins)."""
    if os.environ.get(ENVIRONMENT):
        return check_url(os.environ[ENVIRONMENT], f"the environment variable {ENVIRONMENT}")
    data, text = _read(project or current())
    unknown = sorted(set(data) - KNOWN)
    if unknown:
        raise SettingsError(f"site.toml:{_line_of(text, unknown[0])}: unknown setting {unknown[0]!r}; the settings are {', '.join(sorted(KNOWN))}")
    if "base_url" not in data:
        raise SettingsError('site.toml:1: base_url is missing; add base_url = "https://help.example.org/"')
    return check_url(data["base_url"], f"site.toml:{_line_of(text, 'base_url')}")


def path_prefix() -> str:
    """The path part of the base URL: '/' at a domain root, '/help/' under a prefix."""
    return urlsplit(base_url()).path


def offline_budget_kb(project: Project | None = None) -> int:
    """How much of a language (gzipped KB) its service worker downloads after the first visit;
    beyond it, pages are kept as they are opened. site.toml's offline_budget_kb, else OFFLINE_BUDGET_KB."""
    data, text = _read(project or current())
    value = data.get("offline_budget_kb", OFFLINE_BUDGET_KB)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SettingsError(
            f"site.toml:{_line_of(text, 'offline_budget_kb')}: offline_budget_kb must be a whole number of kilobytes, "
            f"such as {OFFLINE_BUDGET_KB}, not {value!r}"
        )
    return value
