"""Every page, catalog and data file is UTF-8 text with an NFC file name, said by file and line.

Sphinx reports a page that is not UTF-8 with a hundred lines and a byte
offset, and a file name with decomposed accents (``e`` + U+0301, as some Macs
and archives write them) as "unreadable" at a path that does not exist. Both
are checked before Sphinx reads anything, and each is one line: the file,
the line of the first bad byte, and what to do.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from ..errors import InputError

#: The files the build reads as text, by folder of the checkout.
TEXT = {"docs": ("*.md", "*.rst", "*.txt", "*.toml", "*.csv"), "locales": ("*.po", "*.toml")}


class TextFileError(InputError):
    """A source file is not UTF-8 text, or its name is not in NFC form."""


def _where(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def check_name(root: Path, path: Path) -> None:
    relative = _where(root, path)
    if unicodedata.normalize("NFC", relative) != relative:
        fixed = unicodedata.normalize("NFC", path.name)
        raise TextFileError(
            f"{relative}: the file name has decomposed accents (Unicode NFD, as some Macs save them); "
            f"rename it to the same letters in NFC form, e.g. git mv it to {fixed!r} (type the name again)"
        )


def check_text(root: Path, path: Path) -> None:
    data = path.read_bytes()
    relative = _where(root, path)
    nul = data.find(b"\0")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise TextFileError(
            f"{relative}:{line}: byte 0x{data[exc.start]:02x} (column {column}) is not UTF-8 text; "
            "save the file as UTF-8 (your editor's encoding setting), or remove it if it is not a text file"
        ) from None
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise TextFileError(f"{relative}:{line}: a NUL byte: this is not a text file; remove it, or save it again as UTF-8 text")


def check_checkout(root: Path) -> None:
    """Every text file the build reads under docs/ and locales/ (hidden folders aside)."""
    for folder, patterns in TEXT.items():
        base = root / folder
        if not base.is_dir():
            continue
        for path in sorted(base.rglob("*")):
            inside = path.relative_to(base).parts
            if any(part.startswith((".", "_build")) for part in inside):
                continue
            check_name(root, path)
            if path.is_symlink():
                continue  # never read through a link: one that leaves the repository is refused where a page uses it
            if path.is_file() and any(path.match(pattern) for pattern in patterns):
                check_text(root, path)
