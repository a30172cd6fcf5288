"""Timed builds of a copy of the sources, as ``make html`` runs them: the benchmark's figures."""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import time
from pathlib import Path

from helpcenter import testing
from helpcenter.project import current

RUNS = 3
BASE_URL = "http://127.0.0.1:8000/"


def copy_sources(target: Path) -> Path:
    return testing.copy_sources(current().root, target)


def run_build(root: Path, work: Path, *args: str, env: dict[str, str] | None = None) -> tuple[float, str]:
    """``helpcenter build`` of the sources at root into work, with env's variables added; (seconds, output)."""
    command, base_env = testing.build_command(work, *args, base_url=BASE_URL)
    start = time.perf_counter()
    run = subprocess.run(command, cwd=root, capture_output=True, text=True, env={**base_env, **(env or {})})
    elapsed = time.perf_counter() - start
    if run.returncode:
        raise RuntimeError(f"build failed: {run.stdout}\n{run.stderr}")
    return elapsed, run.stdout


def edited(text: str, number: int) -> str:
    """The page with another review date: an edit that changes the page in every language."""
    return re.sub(r"^(:?reviewed: )\d{4}-\d{2}-\d{2}", rf"\g<1>2025-01-{10 + number:02d}", text, count=1, flags=re.M)


def median_full(root: Path, scratch: Path, *args: str, env: dict[str, str] | None = None) -> float:
    times = []
    for number in range(RUNS):
        work = scratch / f"full-{number}"
        times.append(run_build(root, work, *args, env=env)[0])
        shutil.rmtree(work)
    return statistics.median(times)


def incremental_and_noop(root: Path, work: Path, *args: str, env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """(incremental, no-op) medians, and how many files the no-op build changed."""
    run_build(root, work, *args, env=env)
    page = root / "docs" / "about.md"
    original = page.read_text(encoding="utf-8")
    incremental, noop, changed = [], [], 0
    for number in range(RUNS):
        page.write_text(edited(original, number), encoding="utf-8")
        incremental.append(run_build(root, work, *args, env=env)[0])
        before = time.time()
        elapsed, output = run_build(root, work, *args, env=env)
        noop.append(elapsed)
        found = re.search(r"\((\d+) files changed\)", output)
        # Published files that changed, and pages Sphinx wrote, whether or not they differ.
        written = [p for p in (work / "sphinx").rglob("*.html") if p.stat().st_mtime >= before]
        changed = max(changed, int(found.group(1)) if found else 0, len(written))
    page.write_text(original, encoding="utf-8")
    return statistics.median(incremental), statistics.median(noop), changed
