"""Translation progress: per language and page, translated / fuzzy / untranslated.

``make stats`` prints it; ``make stats min=100`` also fails when a language
is below that percentage, so CI or a release can gate on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import catalogs


@dataclass
class Counts:
    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    def add(self, other: "Counts") -> None:
        self.translated += other.translated
        self.fuzzy += other.fuzzy
        self.untranslated += other.untranslated


def count(path: Path) -> Counts:
    entries = [e for e in catalogs.read(path) if not e.obsolete]
    fuzzy = sum(1 for e in entries if e.fuzzy)
    untranslated = sum(1 for e in entries if not e.fuzzy and not e.msgstr)
    return Counts(len(entries) - fuzzy - untranslated, fuzzy, untranslated)


def language_stats(lang: str, locales: Path | None = None) -> tuple[dict[str, Counts], Counts]:
    directory = catalogs.catalog_dir(lang, locales)
    pages = {p.relative_to(directory).with_suffix("").as_posix(): count(p) for p in sorted(directory.rglob("*.po"))}
    total = Counts()
    for counts in pages.values():
        total.add(counts)
    return pages, total


def report(langs: list[str], minimum: float | None, locales: Path | None = None) -> tuple[str, bool]:
    """The printed table, and whether every language reaches the minimum."""
    lines, ok = [], True
    for lang in langs:
        pages, total = language_stats(lang, locales)
        width = max(len(page) for page in pages) if pages else 10
        lines.append(f"{lang}: {'catalog':<{width}}  translated  fuzzy  untranslated")
        for page, counts in pages.items():
            lines.append(f"    {page:<{width}}  {counts.translated:>10}  {counts.fuzzy:>5}  {counts.untranslated:>12}")
        lines.append(
            f"{lang}: total {total.translated}/{total.total} translated ({total.percent:.1f}%), "
            f"{total.fuzzy} fuzzy, {total.untranslated} untranslated"
        )
        if minimum is not None and total.percent < minimum:
            ok = False
            lines.append(f"{lang}: {total.percent:.1f}% is below the required {minimum:g}%")
    return "\n".join(lines), ok
