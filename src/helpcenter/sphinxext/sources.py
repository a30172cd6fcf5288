"""The source documents (``docs/_data/sources/<id>_*.txt``): every product fact
the site states quotes one of them, and the build checks each quote against
its seed (``channel_data`` for the channel facts, ``claims`` for the answers,
``chooser`` for its situations)."""

from __future__ import annotations

import functools
from pathlib import Path

SOURCES_DIR = Path("_data") / "sources"


def normalise(text: str) -> str:
    """White space folded, so that a quote may wrap differently from its seed."""
    return " ".join(text.split())


def seeds(directory: Path) -> dict[str, Path]:
    """Each seed by its number: ``{"001": .../001_5c55….txt}``."""
    return {p.name.split("_", 1)[0]: p for p in sorted(directory.glob("*.txt"))}


@functools.cache
def seed_text(path: Path, mtime: int) -> str:
    """A seed's text, normalised; read again when its modification time changes."""
    return normalise(path.read_text(encoding="utf-8"))
