"""Lighthouse (issue 14, point 3): accessibility, best practices and SEO at 100 with the desktop
preset (1350 px wide, where Furo shows its "On this page" column) and the mobile preset, on the
home page. Lighthouse runs Debian's Chromium, as `make bench` does, about 13 s of both cores a
run: each preset runs once, each in another language (the pages of both languages come from the
same templates; what differs between them, the text and its language, is the same at any width,
and axe checks every page at every width in tests/test_browser_accessibility.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpcenter.testing import CHROMIUM_ARGS, CODES, REPORT, ROOT, find_chromium

pytestmark = pytest.mark.browser

CATEGORIES = ("accessibility", "best-practices", "seo")
PRESETS = {"desktop": ["--preset=desktop"], "mobile": []}


def lighthouse(url: str, preset: str, tmp_path: Path) -> dict:
    executable = ROOT / "node_modules" / ".bin" / "lighthouse"
    if not executable.exists():
        pytest.fail(f"{executable} is missing: run `make test` (it installs node_modules) or `npm ci`")
    out = tmp_path / f"{preset}.json"
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}", "CHROME_PATH": find_chromium() or "/usr/bin/chromium"}
    run = subprocess.run(
        [str(executable), url, f"--only-categories={','.join(CATEGORIES)}", "--output=json", f"--output-path={out}",
         f"--chrome-flags={' '.join(['--headless=new', *CHROMIUM_ARGS])}", "--quiet", "--max-wait-for-load=20000", *PRESETS[preset]],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip
    assert out.exists(), f"Lighthouse failed on {url}:\n{run.stderr[-2000:]}"
    return json.loads(out.read_text(encoding="utf-8"))


#: Each preset once, the languages in turn (the source language's home page with the desktop preset).
RUNS = [(preset, CODES[number % len(CODES)]) for number, preset in enumerate(PRESETS)]


@pytest.mark.parametrize(("preset", "lang"), RUNS)
def test_lighthouse_scores_100_for_accessibility_best_practices_and_seo(browser, server: str, lang: str, preset: str, tmp_path: Path) -> None:
    report = lighthouse(f"{server}{lang}/index.html", preset, tmp_path)
    scores = {name: round(100 * report["categories"][name]["score"]) for name in CATEGORIES}
    REPORT.append(f"lighthouse [{lang}/index, {preset}]: " + ", ".join(f"{name} {score}" for name, score in scores.items()))
    failing = [
        f"{audit['id']}: {audit['title']}"
        for audit in report["audits"].values()
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") in ("binary", "numeric")
    ]
    assert all(score == 100 for score in scores.values()), f"{scores}; failing audits: {failing}"
