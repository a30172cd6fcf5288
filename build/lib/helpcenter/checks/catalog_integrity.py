"""Catalog integrity: every entry translated, none fuzzy or obsolete, the
markup and placeholders of each msgid kept in its msgstr, no HTML or address
that the msgid does not have, and no catalog left without a page.

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
from . import Problem

#: The problems that stop a build (the others are reported by `make check`):
#: the page would publish something its English source does not say.
BLOCKING = {"unreadable", "markup", "placeholder", "html"}

#: Catalogs that belong to no page: the interface and the channel data.
SHARED_DOMAINS = {"sphinx", "channels"}

_ROLE = re.compile(r"(?:\{(?P<myst>[a-z][\w:-]*)\}|:(?P<rst>[a-z][\w:-]*):)`(?P<body>[^`]*)`")
_TARGET = re.compile(r"<([^<>]+)>\s*$")
_MYST_LINK = re.compile(r"\]\(([^)\s]+)\)")
_RST_LINK = re.compile(r"`[^`<]*<([^>]+)>`__?")
_LITERAL = re.compile(r"``[^`]+``|(?<![`\w}])`[^`]+`(?![`_])")
_SUBSTITUTION = re.compile(r"\|[\w -]+\|")
# Python format fields ({max_hours}, not a MyST role such as {doc}`x`) and %-style ones.
_PLACEHOLDER = re.compile(r"\{\w*\}(?!`)|%\(\w+\)[sdifr]|%[sdifr]")
# An HTML tag, comment or autolink, and any absolute address.
_TAG = re.compile(r"<(?:/?[A-Za-z][\w-]*(?:\s[^<>]*)?/?|!--.*?--|[a-z][a-z0-9+.-]*:[^<>\s]*)>")
_ADDRESS = re.compile(r"\b(?:[a-z][a-z0-9+.-]*://|mailto:|javascript:|data:)[^\s<>()`\]]*", re.IGNORECASE)


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


def placeholders(text: str) -> Counter[str]:
    return Counter(_PLACEHOLDER.findall(text))


def added_html(msgid: str, msgstr: str) -> list[str]:
    """HTML tags and addresses in the translation that the English does not have."""
    original = set(_TAG.findall(msgid)) | set(_ADDRESS.findall(msgid))
    return [found for found in [*_TAG.findall(msgstr), *_ADDRESS.findall(msgstr)] if found not in original]


def _msgid_lines(path: Path) -> list[int]:
    text = path.read_text(encoding="utf-8")
    return [number for number, line in enumerate(text.splitlines(), start=1) if line.startswith(("msgid ", "#~ msgid "))]


def _entry_problem(entry: "catalogs.polib.POEntry") -> tuple[str, str] | None:
    """(kind, message) of what is wrong with one entry, or None."""
    if entry.obsolete:
        return "obsolete", "obsolete entry; run `make update-po` to drop it"
    if "fuzzy" in entry.flags:
        return "fuzzy", "fuzzy: check the translation against the new English, then remove `#, fuzzy`"
    if not entry.msgstr:
        return "untranslated", f"not translated: {entry.msgid[:60]!r}"
    html = added_html(entry.msgid, entry.msgstr)
    if html:
        return "html", (
            f"the translation adds HTML or an address that the English does not have ({', '.join(html[:3])}); "
            "translate the text only, with the msgid's markup"
        )
    if markup(entry.msgid) != markup(entry.msgstr):
        lost = markup(entry.msgid) - markup(entry.msgstr)
        added = markup(entry.msgstr) - markup(entry.msgid)
        detail = "; ".join([*(f"missing {k}" for k in lost), *(f"unexpected {k}" for k in added)])
        return "markup", f"the translation changes the markup ({detail}); keep roles, targets and literals as in the msgid"
    if placeholders(entry.msgid) != placeholders(entry.msgstr):
        expected = ", ".join(sorted(placeholders(entry.msgid))) or "none"
        found = ", ".join(sorted(placeholders(entry.msgstr))) or "none"
        return "placeholder", (
            f"the translation's placeholders ({found}) differ from the msgid's ({expected}); "
            "keep each {name} and %(name)s exactly as in the msgid"
        )
    return None


def check_catalog(path: Path, root: Path) -> tuple[int, list[Problem]]:
    """(entries checked, problems) for one .po file; each problem is at its msgid's line."""
    relative = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    try:
        catalog = catalogs.read(path)
    except catalogs.CatalogError as exc:
        found = re.match(r".*?:(\d+): (.*)", str(exc), re.DOTALL)
        line, message = (int(found.group(1)), found.group(2)) if found else (1, str(exc))
        return 0, [Problem("unreadable", relative, line, message)]
    msgid_lines = _msgid_lines(path)
    problems = []
    for entry in catalog:
        problem = _entry_problem(entry)
        if problem:
            # polib numbers an entry from its first comment; the msgid line is what an editor wants.
            line = next((n for n in msgid_lines if n >= entry.linenum), entry.linenum)
            problems.append(Problem(problem[0], relative, line, problem[1]))
    return len(catalog), problems


def check_language(lang: str, docs: Path, locales: Path, root: Path) -> tuple[int, int, list[Problem]]:
    """(catalogs, entries, problems) for every catalog of one language."""
    directory = catalogs.catalog_dir(lang, locales)
    pages = {p.relative_to(docs).with_suffix("").as_posix() for p in docs.rglob("*") if p.suffix in {".md", ".rst"}}
    files = sorted(directory.rglob("*.po"))
    entries, problems = 0, []
    for path in files:
        domain = path.relative_to(directory).with_suffix("").as_posix()
        if domain not in pages and domain not in SHARED_DOMAINS:
            problems.append(Problem("orphan", path.relative_to(root).as_posix(), 1, f"no page docs/{domain}.* uses this catalog; delete it"))
            continue
        count, found = check_catalog(path, root)
        entries += count
        problems += found
    missing = sorted(p for p in pages if not (directory / f"{p}.po").is_file() and not p.startswith("_"))
    problems += [
        Problem("missing", f"docs/{p}", 1, f"no catalog in {directory.relative_to(root)}; run `make update-po`") for p in missing
    ]
    return len(files), entries, problems
