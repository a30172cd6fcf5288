"""Precompressed copies of text files, for hosts that serve them.

Next to each HTML, CSS, JavaScript, JSON, XML, SVG and text file go
``file.gz`` (gzip) and ``file.br`` (Brotli), so that a host configured for
precompressed files (nginx ``gzip_static``, Caddy ``precompressed``, Netlify,
Cloudflare Pages) sends them as they are. Both are deterministic: the same
file always gives the same bytes.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import brotli

SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}
#: Not worth a second request's bookkeeping below this size.
MINIMUM_BYTES = 1024
#: Brotli's level 6 beats gzip -9 at a fraction of level 11's time.
BROTLI_QUALITY = 6


_ENDINGS = tuple(SUFFIXES)


def wants_compression(path: Path | str, size: int | None = None) -> bool:
    """A text file worth its compressed copies (size: its size, if known)."""
    name = os.fspath(path)
    # endswith first: publishing asks of every file, and most are the copies themselves.
    if not name.endswith(_ENDINGS) or os.path.splitext(name)[1] not in SUFFIXES:
        return False
    return (os.stat(name).st_size if size is None else size) >= MINIMUM_BYTES


def compressed(data: bytes) -> dict[str, bytes]:
    return {
        ".gz": gzip.compress(data, compresslevel=9, mtime=0),
        ".br": brotli.compress(data, quality=BROTLI_QUALITY),
    }
