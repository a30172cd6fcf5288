"""Catalog integrity: every entry translated, none fuzzy or obsolete, the
markup of each msgid kept in its msgstr, and no catalog left without a page.

Markup is what Sphinx turns into links and code: roles (``{ref}`x``` in
MyST, ``:ref:`x``` in rst) and their targets, link URLs, inline literals and
substitutions. A translation may reword the text around them, and the text
of an explicit link title, but must keep the targets.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from .. import catalogs

#: Catalogs that belong to no page: the interface and the channel data.
SHARED_DOMAINS = {"sphinx", "channels"}

_ROLE = re.compile(r"(?:\{(?P<myst>[a-z][\w:-]*)\}|:(?P<rst>[a-z][\w:-]*):)`(?P<body>[^`]*)`")
_TARGET = re.compile(r"<([^<>]+)>\s*$")
_MYST_LINK = re.compile(r"\]\(([^)\s]+)\)")
_RST_LINK = re.compile(r"`[^`<]*<([^>]+)>`__?")
_LITERAL = re.compile(r"``[^`]+``|(?<![`\w}])`[^`]+`(?![`_])")
_SUBSTITUTION = re.compile(r"\|[\w -]+\|")


def markup(text: str) -> Counter[str]:
    """The parts of a message that a translation must keep."""
    found: Counter[str] = Counter()
    for role in _ROLE.finditer(text):
        name = role.group("myst") or role.group("rst")
        body = role.group("body")
        target = _TARGET.search(body)
        # A link title is translated; the target, or a bare role's content, is not.
        found[f"role {name}:{target.group(1) if target else body if name != 'abbr' else ''}"] += 1
    stripped = _ROLE.sub("", text)
    for link in (*_MYST_LINK.findall(stripped), *_RST_LINK.findall(stripped)):
        found[f"link {link}"] += 1
    found["literals"] += len(_LITERAL.findall(_RST_LINK.sub("", stripped)))
    for substitution in _SUBSTITUTION.findall(stripped):
        found[f"substitution {substitution}"] += 1
    found["bold markers"] += stripped.count("**") % 2
    return +found


def check_catalog(path: Path, root: Path) -> tuple[int, list[str]]:
    """(entries checked, problems) for one .po file."""
    relative = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    try:
        catalog = catalogs.read(path)
    except catalogs.CatalogError as exc:
        return 0, [str(exc)]
    problems = []
    for entry in catalog:
        where = f"{relative}:{entry.linenum}"
        if entry.obsolete:
            problems.append(f"{where}: obsolete entry; run `make update-po` to drop it")
        elif "fuzzy" in entry.flags:
            problems.append(f"{where}: fuzzy: check the translation against the new English, then remove `#, fuzzy`")
        elif not entry.msgstr:
            problems.append(f"{where}: not translated: {entry.msgid[:60]!r}")
        elif markup(entry.msgid) != markup(entry.msgstr):
            lost = markup(entry.msgid) - markup(entry.msgstr)
            added = markup(entry.msgstr) - markup(entry.msgid)
            detail = "; ".join(
                [*(f"missing {k}" for k in lost), *(f"unexpected {k}" for k in added)]
            )
            problems.append(f"{where}: the translation changes the markup ({detail}); keep roles, targets and literals as in the msgid")
    return len(catalog), problems


def check_language(lang: str, docs: Path, locales: Path, root: Path) -> tuple[int, int, list[str]]:
    """(catalogs, entries, problems) for every catalog of one language."""
    directory = catalogs.catalog_dir(lang, locales)
    pages = {p.relative_to(docs).with_suffix("").as_posix() for p in docs.rglob("*") if p.suffix in {".md", ".rst"}}
    files = sorted(directory.rglob("*.po"))
    entries, problems = 0, []
    for path in files:
        domain = path.relative_to(directory).with_suffix("").as_posix()
        if domain not in pages and domain not in SHARED_DOMAINS:
            problems.append(f"{path.relative_to(root)}:1: no page docs/{domain}.* uses this catalog; delete it")
            continue
        count, found = check_catalog(path, root)
        entries += count
        problems += found
    missing = sorted(p for p in pages if not (directory / f"{p}.po").is_file() and not p.startswith("_"))
    problems += [f"docs/{p}: no catalog in {directory.relative_to(root)}; run `make update-po`" for p in missing]
    return len(files), entries, problems
