"""The gettext catalogs in ``locales/``: checking, updating and reading them.

Sphinx and sphinx-intl do the standard work (extracting, merging, compiling);
this module checks the ``.po`` files first so that a broken entry stops the
build with its file and line, and reads the data catalogs (``channels.po``)
that the extensions translate with.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import polib

from .errors import InputError
from .project import ProjectError, current, find

_POLIB_LINE = re.compile(r"\(line (\d+)\)")
# polib and Babel both accept an unclosed string; every line of a catalog is
# a comment, a keyword with one quoted string, or a continued quoted string.
_QUOTED = r'"(?:[^"\\]|\\.)*"'
_PO_LINE = re.compile(rf"^(?:\s*|#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_QUOTED}\s*|\s*{_QUOTED}\s*)$")


class CatalogError(InputError, ValueError):
    """A catalog cannot be read; the message names the file and line."""


def catalog_dir(lang: str, locales: Path | None = None) -> Path:
    return (locales or current().locales) / lang / "LC_MESSAGES"


def _relative(path: Path) -> str:
    """The catalog's path relative to the checkout that holds it, for messages."""
    try:
        return find(path.parent).relative(path)
    except ProjectError:
        return str(path)


def read(path: Path) -> polib.POFile:
    """Parse one .po file, or raise CatalogError naming its file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"{_relative(path)}:1: cannot read this catalog ({exc}); save it as UTF-8") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if not _PO_LINE.match(line):
            raise CatalogError(
                f"{_relative(path)}:{number}: not valid gettext: {line.strip()[:60]!r}. Each msgid and msgstr "
                "is one or more \"quoted\" lines (a quote inside is written \\\"); fix the line, "
                "or restore the file from git and run `make update-po`."
            )
    try:
        return polib.pofile(str(path), wrapwidth=76)
    except (OSError, ValueError) as exc:
        found = _POLIB_LINE.search(str(exc))
        line = found.group(1) if found else "1"
        raise CatalogError(
            f"{_relative(path)}:{line}: this catalog is not valid gettext ({exc}). "
            "Fix the entry (each msgid and msgstr is one or more \"quoted\" lines), "
            "or restore the file from git and run `make update-po`."
        ) from None


def catalog_files(lang: str, locales: Path | None = None) -> list[Path]:
    """The language's catalogs, or CatalogError if it has none."""
    directory = catalog_dir(lang, locales)
    if not directory.is_dir():
        raise CatalogError(f"{_relative(directory)}: no catalogs for language {lang!r}; run `make update-po lang={lang}`")
    return sorted(directory.rglob("*.po"))


HEADER_COMMENT = """\
# Translation of the NordVPN and NordPass help center.
# This file is distributed under the same license as the help center.
# Update it with `make update-po`; see CONTRIBUTING.md."""


def update(potdir: Path, locales: Path, lang: str) -> None:
    """Merge fresh templates into one language's catalogs (sphinx-intl); drop obsolete entries."""
    from sphinx_intl import basic as sphinx_intl  # imports Sphinx: only when updating

    sphinx_intl.update(str(locales), str(potdir), (lang,), line_width=76, ignore_obsolete=True)
    for path in sorted(catalog_dir(lang, locales).rglob("*.po")):
        tidy_header(path)


def tidy_header(path: Path) -> None:
    """A reviewed catalog's header is not fuzzy and carries no template placeholders."""
    from sphinx_intl import catalog as sphinx_intl_catalog

    catalog = sphinx_intl_catalog.load_po(str(path))
    if catalog.fuzzy or catalog.header_comment != HEADER_COMMENT:
        catalog.fuzzy = False
        catalog.header_comment = HEADER_COMMENT
        sphinx_intl_catalog.dump_po(str(path), catalog, width=76, ignore_obsolete=True)


@functools.cache
def _messages(path: Path, mtime: float) -> dict[str, str]:
    entries = read(path)
    return {e.msgid: e.msgstr for e in entries if e.msgstr and not e.fuzzy and not e.obsolete}


def messages(lang: str, domain: str, locales: Path | None = None) -> dict[str, str]:
    """The translated, non-fuzzy messages of one catalog ({} for a missing one)."""
    path = catalog_dir(lang, locales) / f"{domain}.po"
    if not path.is_file():
        return {}
    return _messages(path, path.stat().st_mtime)
