"""``make soak``: kill builds at random moments; the next build must give a clean build's site.

In a scratch copy of the sources, the site switches between two versions
(A: as in the repository; B: two pages with another review date, and one page
more). Each round switches version, starts a build, kills its whole process
group at a random moment (SIGKILL, as a power cut would), runs a normal build,
and compares the published folder byte for byte with a clean build of the
same version. Then random-edit sequences (``helpcenter.random_edits``: pages
added, deleted, renamed, moved and retitled, translations, the stylesheet and
the languages changed, files given older times), each edit followed by an
incremental build compared byte for byte with a clean build: 30 sequences of
30 edits by default. Run by hand (it takes hours at full count), not by CI.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..project import current
from ..testing import differences

EXTRA_PAGE = """---
description: A page that exists in version B of the soak test only.
reviewed: 2026-12-01
products: NordVPN
orphan: true
---

# Soak test page

This page comes and goes between builds.
"""

EXTRA_CATALOG = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "A page that exists in version B of the soak test only."
msgstr "Une page qui n'existe que dans la version B du test."

msgid "Soak test page"
msgstr "Page du test d'endurance"

msgid "This page comes and goes between builds."
msgstr "Cette page apparaît et disparaît d'une construction à l'autre."
"""


def _sources(root: Path, target: Path, version: str) -> None:
    """Make target hold version A or B of the sources (only what differs is written)."""
    for name in ("docs", "locales"):
        if not (target / name).exists():
            shutil.copytree(root / name, target / name, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    shutil.copy(root / "site.toml", target / "site.toml")
    page, catalog = target / "docs" / "soak-page.md", target / "locales" / "fr" / "LC_MESSAGES" / "soak-page.po"
    for name in ("about.md", "channels/email.md"):
        original = (root / "docs" / name).read_text(encoding="utf-8")
        text = original.replace("reviewed: 2026-", "reviewed: 2025-", 1) if version == "B" else original
        if (target / "docs" / name).read_text(encoding="utf-8") != text:
            (target / "docs" / name).write_text(text, encoding="utf-8")
    if version == "B":
        page.write_text(EXTRA_PAGE, encoding="utf-8")
        catalog.write_text(EXTRA_CATALOG, encoding="utf-8")
    else:
        page.unlink(missing_ok=True)
        catalog.unlink(missing_ok=True)


def _command(work: Path) -> list[str]:
    return [sys.executable, "-m", "helpcenter.commands.cli", "build", "--work", str(work), "--out", str(work / "html")]


def _build(root: Path, work: Path) -> float:
    start = time.monotonic()
    run = subprocess.run(_command(work), cwd=root, capture_output=True, text=True)
    if run.returncode:
        raise SystemExit(f"soak: a normal build failed:\n{run.stdout}{run.stderr}")
    return time.monotonic() - start


def soak(runs: int, seed: int) -> int:
    randomizer = random.Random(seed)
    root = current().root
    with tempfile.TemporaryDirectory(prefix="helpcenter-soak-") as scratch:
        base = Path(scratch)
        references = {}
        for version in "AB":
            _sources(root, base / f"clean-{version}", version)
            _build(base / f"clean-{version}", base / f"clean-{version}" / "work")
            references[version] = base / f"clean-{version}" / "work" / "html"
        sources, work = base / "soak", base / "soak" / "work"
        # How long an uninterrupted switch of version takes: the kills fall within it.
        span = []
        for version in "ABA":
            _sources(root, sources, version)
            span.append(_build(sources, work))
        span = min(span[1:])
        identical, kills, failures = 0, [], []
        for number in range(1, runs + 1):
            version = "B" if number % 2 else "A"
            _sources(root, sources, version)
            delay = randomizer.uniform(0, span)
            build = subprocess.Popen(
                _command(work), cwd=sources, start_new_session=True,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            time.sleep(delay)
            finished = build.poll() is not None
            if not finished:
                os.killpg(build.pid, signal.SIGKILL)
            build.wait()
            kills += [delay] if not finished else []
            last = _build(sources, work)
            differ = differences(work / "html", references[version])
            identical += not differ
            if differ:
                failures.append(f"round {number} (version {version}, killed after {delay:.2f} s): {', '.join(differ[:5])}")
            print(
                f"round {number:2}: version {version}, {'killed' if not finished else 'finished'} after {delay:.2f} s; "
                f"next build {last:.1f} s, {'identical to a clean build' if not differ else 'DIFFERS'}",
                flush=True,
            )
        print(
            f"soak: {runs} rounds, {len(kills)} builds killed at random moments "
            f"({min(kills, default=0):.2f}-{max(kills, default=0):.2f} s into a {span:.1f} s build), "
            f"{runs - len(kills)} finished first; {identical} of {runs} following builds identical to a clean build"
        )
        for failure in failures:
            print(failure, file=sys.stderr)
        return 0 if identical == runs else 1


def edit_sequences(sequences: int, edits: int, seed: int) -> int:
    """Random-edit sequences, seeds seed, seed+1, …; each failure is printed with its edits and how to replay it."""
    from .. import random_edits

    root, failed = current().root, []
    for number in range(sequences):
        with tempfile.TemporaryDirectory(prefix="helpcenter-edits-") as scratch:
            try:
                took = random_edits.run_sequence(root, seed + number, edits, Path(scratch))
            except random_edits.EditFailed as failure:
                failed.append(seed + number)
                print(f"sequence {number + 1} (seed {seed + number}): FAILED\n{failure}\n"
                      f"replay: python -m helpcenter.random_edits {seed + number} {edits}", file=sys.stderr, flush=True)  # fmt: skip
                continue
        print(f"sequence {number + 1} (seed {seed + number}): {edits} edits, each build identical to a clean build ({took:.0f} s)", flush=True)
    print(f"soak: {sequences - len(failed)} of {sequences} random-edit sequences of {edits} edits passed")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50, help="rounds of builds killed at random moments")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--sequences", type=int, default=30, help="random-edit sequences")
    parser.add_argument("--edits", type=int, default=30, help="edits in each sequence")
    args = parser.parse_args(argv)
    killed = soak(args.runs, args.seed) if args.runs else 0
    edited = edit_sequences(args.sequences, args.edits, args.seed) if args.sequences else 0
    return killed or edited
