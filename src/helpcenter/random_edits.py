"""Random edits of a copy of the sources, each followed by an incremental build that must equal a clean one.

The property the build promises (issue 22, point 4): whatever the sources went
through, ``make html`` publishes what a clean build of the same sources
publishes, byte for byte. A sequence draws edits at random from what authors,
translators and maintainers do: add a page (to a section's toctree, with its
French catalog), delete, rename or move one, retitle a page (its heading and
its catalog's entry), change a translation, change the stylesheet (sometimes
to the same size), add or remove a language (``helpcenter add-language``), and
give an edited file an older modification time, or a file an older time
alone. After each edit the sources are built incrementally in one work
folder, and copied and built from scratch in a fresh one; the two published
folders are compared file by file, nothing excepted: the published site holds
no build id, date or path, so every byte is expected to match.

Seeded: a failure names its seed and its edits, and ``replay`` repeats them.
The tests run a short sequence; ``make soak`` runs 30 sequences of 30 edits.
"""

from __future__ import annotations

import difflib
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polib

from .testing import copy_sources, differences, run_build

#: The sections a page is added to or moved between, and their index page.
SECTIONS = {"channels": "index.rst", "faq": "index.rst", "complaints": "index.rst", "platforms": "index.md"}
#: The names the added pages take (few, so that a deleted page is often restored later).
NAMES = ("extra-one", "extra-two", "extra-three")
#: The language a sequence adds and removes.
EXTRA_LANGUAGE = ("de", "Deutsch")
STYLESHEET = "docs/_static/helpcenter.css"
#: Older modification times are drawn from here (2020-01-01 to 2024-01-01).
OLD_TIMES = (1_577_836_800, 1_704_067_200)

PAGE = """---
description: {description}
reviewed: 2026-12-01
products: NordVPN
---

# {title}

{body}
"""

_EDIT_MARK = re.compile(r" \((?:edit|édition) \d+\)$")
_SENTENCE_MARK = re.compile(r" Édition \d+\.$")

CATALOG_HEADER = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: fr\\n"
"""


class EditFailed(AssertionError):
    """An incremental build differed from a clean one, or failed where the clean one passed."""


@dataclass
class Sources:
    """A copy of the sources that random edits change; it remembers what it added."""

    root: Path
    rng: random.Random
    #: Added pages: name -> section.
    added: dict[str, str] = field(default_factory=dict)
    #: How many edits were made (numbers the changed texts, so each edit changes something).
    counter: int = 0

    # -- files ------------------------------------------------------------------------------

    def _write(self, relative: str, text: str) -> list[str]:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return [relative]

    def _catalog(self, docname: str) -> str:
        return f"locales/fr/LC_MESSAGES/{docname}.po"

    def _entries(self, name: str, title: str) -> tuple[str, str, list[tuple[str, str]]]:
        description = f"A page added by the random-edit test ({name})."
        body = f"This page, {name}, comes and goes between builds."
        french = [
            (description, f"Une page ajoutée par le test de modifications aléatoires ({name})."),
            (title, f"{title} (fr)"),
            (body, f"Cette page, {name}, apparaît et disparaît d'une construction à l'autre."),
        ]
        return description, body, french

    def _page_files(self, name: str, section: str, title: str) -> list[str]:
        description, body, french = self._entries(name, title)
        catalog = CATALOG_HEADER + "".join(f"\nmsgid {_po(m)}\nmsgstr {_po(t)}\n" for m, t in french)
        return self._write(f"docs/{section}/{name}.md", PAGE.format(description=description, title=title, body=body)) + self._write(
            self._catalog(f"{section}/{name}"), catalog
        )

    def _toctree(self, section: str, name: str, add: bool) -> list[str]:
        """Add name to (or remove it from) the section's toctree."""
        relative = f"docs/{section}/{SECTIONS[section]}"
        lines = (self.root / relative).read_text(encoding="utf-8").split("\n")
        if not add:
            lines = [line for line in lines if line.strip() != name]
            return self._write(relative, "\n".join(lines))
        start = next(n for n, line in enumerate(lines) if "toctree" in line)
        last, indent = start, ""
        for n in range(start + 1, len(lines)):
            line = lines[n]
            if line.strip() == "```" or (line and not line[0].isspace() and not relative.endswith(".md")):
                break
            if line.strip() and not line.strip().startswith(":"):
                last, indent = n, line[: len(line) - len(line.lstrip())]
        lines.insert(last + 1, indent + name)
        return self._write(relative, "\n".join(lines))

    def _remove_page(self, name: str) -> list[str]:
        section = self.added.pop(name)
        (self.root / f"docs/{section}/{name}.md").unlink()
        (self.root / self._catalog(f"{section}/{name}")).unlink()
        return [f"docs/{section}/{name}.md", *self._toctree(section, name, add=False)]

    # -- edits ------------------------------------------------------------------------------

    def add_page(self) -> tuple[str, list[str]]:
        name = self.rng.choice([n for n in NAMES if n not in self.added])
        section = self.rng.choice(sorted(SECTIONS))
        self.added[name] = section
        title = f"Added page {name}"
        return f"add {section}/{name}", self._page_files(name, section, title) + self._toctree(section, name, add=True)

    def delete_page(self) -> tuple[str, list[str]]:
        name = self.rng.choice(sorted(self.added))
        section = self.added[name]
        return f"delete {section}/{name}", self._remove_page(name)

    def rename_page(self) -> tuple[str, list[str]]:
        old = self.rng.choice(sorted(self.added))
        new = self.rng.choice([n for n in NAMES if n not in self.added])
        section = self.added[old]
        title = _title(self.root / f"docs/{section}/{old}.md")
        touched = self._remove_page(old)
        self.added[new] = section
        return f"rename {section}/{old} to {new}", touched + self._page_files(new, section, title) + self._toctree(section, new, add=True)

    def move_page(self) -> tuple[str, list[str]]:
        name = self.rng.choice(sorted(self.added))
        old = self.added[name]
        new = self.rng.choice([s for s in sorted(SECTIONS) if s != old])
        title = _title(self.root / f"docs/{old}/{name}.md")
        touched = self._remove_page(name)
        self.added[name] = new
        return f"move {old}/{name} to {new}/", touched + self._page_files(name, new, title) + self._toctree(new, name, add=True)

    def retitle_page(self) -> tuple[str, list[str]]:
        """A Markdown page's heading, and its French title, change."""
        pages = sorted(p.relative_to(self.root / "docs").as_posix()[:-3] for p in (self.root / "docs").rglob("*.md"))
        docname = self.rng.choice(pages)
        page = self.root / f"docs/{docname}.md"
        old = _title(page)
        new = f"{_EDIT_MARK.sub('', old)} (edit {self.counter})"
        text = page.read_text(encoding="utf-8").replace(f"\n# {old}\n", f"\n# {new}\n", 1)
        catalog = polib.pofile(str(self.root / self._catalog(docname)), wrapwidth=78)
        entry = catalog.find(old)
        touched = self._write(f"docs/{docname}.md", text)
        if entry is not None:
            entry.msgid, entry.msgstr = new, f"{_EDIT_MARK.sub('', entry.msgstr)} (édition {self.counter})"
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
            catalog.save()
            touched.append(self._catalog(docname))
        return f"retitle {docname}: {new!r}", touched

    def change_translation(self) -> tuple[str, list[str]]:
        """A French sentence of plain prose (no markup to keep) changes."""
        catalogs = sorted((self.root / "locales/fr/LC_MESSAGES").rglob("*.po"))
        plain = re.compile(r"^[\w ,.'’àâçéèêëîïôûùüÿœ-]+$", re.IGNORECASE)
        while True:
            path = self.rng.choice(catalogs)
            catalog = polib.pofile(str(path), wrapwidth=78)
            entries = [e for e in catalog if e.msgstr and not e.obsolete and plain.match(e.msgstr) and len(e.msgstr) > 20]
            if entries:
                break
        entry = self.rng.choice(entries)
        entry.msgstr = f"{_SENTENCE_MARK.sub('', entry.msgstr)} Édition {self.counter}."
        catalog.save()
        relative = path.relative_to(self.root).as_posix()
        return f"change a translation in {relative}: {entry.msgid[:40]!r}", [relative]

    def change_stylesheet(self) -> tuple[str, list[str]]:
        """Sometimes to the same size: a number in a comment changes."""
        path = self.root / STYLESHEET
        text = path.read_text(encoding="utf-8")
        mark = re.search(r"/\* edit (\d{4}) \*/\n$", text)
        number = f"{self.counter % 10_000:04d}"
        text = text[: mark.start()] if mark else text
        return f"change {STYLESHEET} (edit {number}{', same size' if mark else ''})", self._write(STYLESHEET, f"{text}/* edit {number} */\n")

    def add_language(self) -> tuple[str, list[str]]:
        code, name = EXTRA_LANGUAGE
        command = [sys.executable, "-m", "helpcenter.commands.cli", "add-language", code, name]
        run = subprocess.run(command, cwd=self.root, capture_output=True, text=True)
        if run.returncode:
            raise RuntimeError(f"add-language failed:\n{run.stdout}{run.stderr}")
        return f"add the language {code}", ["locales/languages.toml"]

    def remove_language(self) -> tuple[str, list[str]]:
        code = EXTRA_LANGUAGE[0]
        path = self.root / "locales/languages.toml"
        text = path.read_text(encoding="utf-8")
        start = text.index(f'[[language]]\ncode = "{code}"')
        end = text.find("[[language]]", start + 1)
        shutil.rmtree(self.root / "locales" / code)
        return f"remove the language {code}", self._write("locales/languages.toml", text[:start].rstrip("\n") + "\n" + (text[end:] if end > 0 else ""))

    def older_time(self) -> tuple[str, list[str]]:
        """A page or catalog, unchanged, takes an older modification time."""
        files = sorted([*(self.root / "docs").rglob("*.md"), *(self.root / "locales").rglob("*.po")])
        path = self.rng.choice(files)
        return f"older time on {path.relative_to(self.root).as_posix()}", [path.relative_to(self.root).as_posix()]

    def edits(self) -> list[Callable[[], tuple[str, list[str]]]]:
        """The edits possible now."""
        has_extra = (self.root / "locales" / EXTRA_LANGUAGE[0]).is_dir()
        possible = [self.retitle_page, self.change_translation, self.change_stylesheet, self.older_time]
        possible += [self.add_page] * 2 if len(self.added) < len(NAMES) else []
        possible += [self.delete_page, self.move_page] if self.added else []
        possible += [self.rename_page] if self.added and len(self.added) < len(NAMES) else []
        possible += [self.remove_language if has_extra else self.add_language]
        return possible

    def edit(self) -> str:
        """One random edit; half the time the files it touched take an older modification time."""
        self.counter += 1
        description, touched = self.rng.choice(self.edits())()
        if self.rng.random() < 0.5 or description.startswith("older time"):
            for relative in touched:
                path = self.root / relative
                if path.exists():
                    when = self.rng.randint(*OLD_TIMES)
                    os.utime(path, (when, when))
            if not description.startswith("older time"):
                description += ", with an older time"
        return description


def _po(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _title(page: Path) -> str:
    match = re.search(r"^# (.+)$", page.read_text(encoding="utf-8"), re.M)
    assert match, f"{page} has no '# ' heading"
    return match.group(1)


def _first_difference(left: Path, right: Path, found: list[str]) -> str:
    """A few lines of the first differing text file, as a diff."""
    for line in found:
        if line.startswith("differs: ") and line.endswith((".html", ".css", ".js", ".json", ".xml", ".txt")):
            name = line.removeprefix("differs: ")
            a = (left.resolve() / name).read_text(encoding="utf-8", errors="replace").splitlines()
            b = (right.resolve() / name).read_text(encoding="utf-8", errors="replace").splitlines()
            diff = difflib.unified_diff(a, b, f"incremental/{name}", f"clean/{name}", n=0, lineterm="")
            return "\n".join(line[:300] for line in list(diff)[:12])
    return ""


def run_sequence(
    source: Path, seed: int, edits: int, scratch: Path, log: Callable[[str], None] = lambda _: None,
    built: tuple[Path, Path] | None = None,
) -> float:
    """Build a copy of source (or take built: a copy and its work folder, already built),
    then apply edits random edits, building incrementally after each and comparing with a
    clean build; raise EditFailed naming the seed and the edits."""
    root, work = built or (copy_sources(source, scratch / "sources"), scratch / "work")
    sources = Sources(root, random.Random(seed))
    done: list[str] = []
    started = time.monotonic()

    def fail(message: str) -> EditFailed:
        steps = "\n".join(f"  {n}. {step}" for n, step in enumerate(done, start=1))
        return EditFailed(f"seed {seed}, after edit {len(done)}:\n{steps}\n{message}")

    if built is None:
        first = run_build(work, root=sources.root)
        if first.returncode:
            raise fail(f"the first build failed:\n{first.stdout}{first.stderr}")
    for number in range(1, edits + 1):
        done.append(sources.edit())
        incremental = run_build(work, root=sources.root)
        clean_root = scratch / f"clean-{number}"
        copy_sources(sources.root, clean_root)
        clean = run_build(clean_root / "work", root=clean_root)
        if clean.returncode:
            raise fail(f"the edit made sources a clean build refuses (a fault of the edit):\n{clean.stdout}{clean.stderr}")
        if incremental.returncode:
            raise fail(f"the incremental build failed where a clean build passed:\n{incremental.stdout}{incremental.stderr}")
        found = differences(work / "html", clean_root / "work" / "html")
        if found:
            listed = "\n".join(f"  {line}" for line in found[:20]) + (f"\n  and {len(found) - 20} more" if len(found) > 20 else "")
            raise fail(f"the incremental build differs from a clean build in {len(found)} files:\n{listed}\n" + _first_difference(work / "html", clean_root / "work" / "html", found))
        shutil.rmtree(clean_root)
        log(f"edit {number}: {done[-1]}: identical to a clean build")
    return time.monotonic() - started


def replay(source: Path, seed: int, edits: int) -> None:
    """Run one sequence in a temporary folder, printing each edit (``python -m helpcenter.random_edits SEED EDITS``)."""
    with tempfile.TemporaryDirectory(prefix="helpcenter-edits-") as scratch:
        run_sequence(source, seed, edits, Path(scratch), log=print)


if __name__ == "__main__":
    from .project import current

    replay(current().root, int(sys.argv[1]), int(sys.argv[2]))
