"""Content that drifted: ``make review-report``.

Lists the English pages changed in git after their ``reviewed`` date, and
the translations whose English page changed after the translation itself
(the last commit that touched a ``msgstr`` of the page's catalog).
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

_REVIEWED = re.compile(r"^:?reviewed:\s*(\d{4}-\d{2}-\d{2})\s*$", re.MULTILINE)


@dataclass
class Drift:
    page: str
    reason: str


def _git_date(root: Path, path: Path, *options: str) -> dt.date | None:
    """Date of the last commit that touched path (with git log options), or None."""
    run = subprocess.run(
        ["git", "log", "-1", "--format=%cs", *options, "--", str(path.relative_to(root))],
        cwd=root, capture_output=True, text=True,
    )  # fmt: skip
    if run.returncode != 0:
        raise RuntimeError(f"git log failed in {root}: {run.stderr.strip()}; the report needs the git history")
    text = run.stdout.strip()
    return dt.date.fromisoformat(text) if text else None


def report(root: Path, translations: list[str]) -> list[Drift]:
    docs = root / "docs"
    found: list[Drift] = []
    for path in sorted(p for p in docs.rglob("*") if p.suffix in {".md", ".rst"} and "_" not in p.parts[-2][:1]):
        page = path.relative_to(docs).with_suffix("").as_posix()
        changed = _git_date(root, path)
        if changed is None:
            continue
        match = _REVIEWED.search(path.read_text(encoding="utf-8"))
        if match is None:
            found.append(Drift(page, "no reviewed date"))
        elif changed > dt.date.fromisoformat(match.group(1)):
            found.append(Drift(page, f"English changed on {changed}, after its review on {match.group(1)}"))
        for lang in translations:
            catalog = root / "locales" / lang / "LC_MESSAGES" / f"{page}.po"
            translated = _git_date(root, catalog, "-G", "^msgstr") if catalog.exists() else None
            if translated is None:
                found.append(Drift(f"{lang}/{page}", "never translated"))
            elif changed > translated:
                found.append(Drift(f"{lang}/{page}", f"English changed on {changed}, translation last updated on {translated}"))
    return found
