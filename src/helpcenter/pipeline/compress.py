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


def wants_compression(path: Path | str, size: int | None = None) -> bool:
    """A text file worth its compressed copies (size: its size, if known)."""
    return os.path.splitext(path)[1] in SUFFIXES and (os.stat(path).st_size if size is None else size) >= MINIMUM_BYTES


def compressed(data: bytes) -> dict[str, bytes]:
    return {
        ".gz": gzip.compress(data, compresslevel=9, mtime=0),
        ".br": brotli.compress(data, quality=BROTLI_QUALITY),
    }
