"""Files as the build sees them: written only when their content changes (so
that a build with nothing new leaves them, and their timestamps, as they
were), redirect pages told from pages, and folders listed fast."""

from __future__ import annotations

import os
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
#: Bytes read to find it: a redirect page's head, with its policy, is well under this.
REDIRECT_HEAD = 4096


def is_redirect(path: Path) -> bool:
    """Whether a built .html file is a redirect page (redirects.py) rather than a page of the site.
    The marker is in the page's head: only the start of a page is read (the sitemap asks of every page)."""
    with path.open("rb") as page:
        return REDIRECT_MARKER.encode() in page.read(REDIRECT_HEAD)


def walk(root: Path, suffix: str = "") -> dict[str, os.stat_result]:
    """Every file under root (whose name ends with suffix), as its path relative to root
    ('a/b.html') and its stat. One scandir per folder: on a large site, pathlib's rglob
    and a stat per file cost more than the work a small rebuild does."""
    found: dict[str, os.stat_result] = {}
    folders = [("", os.fspath(root))]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.name.endswith(suffix) and entry.is_file():
                    found[prefix + entry.name] = entry.stat()
    return found


def same_file(a: os.stat_result, b: os.stat_result) -> bool:
    """Same size and modification time: a copy made with its time kept (shutil.copy2), unchanged since."""
    return a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns
