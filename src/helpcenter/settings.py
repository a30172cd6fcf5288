"""The site's settings that are not Sphinx's: ``site.toml`` at the repository root."""

from __future__ import annotations

import os
import tomllib
from urllib.parse import urlparse

from .languages import ROOT

SETTINGS_FILE = ROOT / "site.toml"


class SettingsError(ValueError):
    """site.toml is malformed."""


def base_url() -> str:
    """The published site's base URL, ending with a slash (HELPCENTER_BASE_URL wins)."""
    url = os.environ.get("HELPCENTER_BASE_URL")
    if not url:
        try:
            url = tomllib.loads(SETTINGS_FILE.read_text(encoding="utf-8")).get("base_url", "")
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"{SETTINGS_FILE}: {exc}; it must set base_url = \"https://...\"") from None
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise SettingsError(f"base_url {url!r} ({SETTINGS_FILE.name}) must be an absolute http(s) URL")
    return url if url.endswith("/") else url + "/"


def path_prefix() -> str:
    """The path part of the base URL: '/' at a domain root, '/help/' under a prefix."""
    return urlparse(base_url()).path
