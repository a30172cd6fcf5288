"""Writing the build's own files only when their content changes, so that a
build with nothing new leaves them (and their timestamps) as they were."""

from __future__ import annotations

from pathlib import Path


def write_if_changed(path: Path, text: str) -> bool:
    """Write text to path unless it already holds it; True if it wrote."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


#: What every redirect page (a moved page's old address) carries, and no page of the site does.
REDIRECT_MARKER = 'http-equiv="refresh"'


def is_redirect(path: Path) -> bool:
    """Whether a built .html file is a redirect page (redirects.py) rather than a page of the site."""
    return REDIRECT_MARKER in path.read_text(encoding="utf-8")
