"""The fast layer: each Sphinx extension on a small project of its own, with sphinx.testing.

A test writes a few pages (and catalogs) into a temporary project, builds it
in-process with ``SphinxTestApp`` and reads the HTML or the warnings. The
whole layer runs in seconds: ``make test PYTEST_ARGS=tests/extensions``.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

BASE = "helpcenter.sphinxext.config"

LANGUAGES = '[[language]]\ncode = "en"\nname = "English"\n\n[[language]]\ncode = "fr"\nname = "Français"\n'


@dataclass
class Built:
    app: Any
    warnings: str
    outdir: Path

    def html(self, page: str) -> str:
        return (self.outdir / f"{page}.html").read_text(encoding="utf-8")


@dataclass
class Project:
    root: Path

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    def write(self, files: dict[str, str]) -> None:
        """Files relative to the project root (docs/…, locales/…), dedented."""
        for name, text in files.items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")

    def build(self, *extensions: str, language: str = "en", builder: str = "html", parallel: int = 0, **conf: Any) -> Built:
        """Build in-process; warnings are collected, not raised (tests assert on them)."""
        overrides = {"extensions": ["myst_parser", BASE, *extensions], "language": language, **conf}
        warnings = StringIO()
        app = SphinxTestApp(
            builder, srcdir=self.docs, builddir=self.root / "_build" / f"{language}-{parallel}",
            confoverrides=overrides, warning=warnings, status=StringIO(), parallel=parallel,
        )  # fmt: skip
        try:
            app.build()
        finally:
            app.cleanup()
        return Built(app, warnings.getvalue(), Path(app.outdir))


CONF = """
project = "Test"
root_doc = "index"
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
locale_dirs = ["../locales"]
gettext_compact = False
gettext_additional_targets = ["literal-block"]
myst_enable_extensions = ["colon_fence"]
helpcenter_base_url = "https://help.test/"
nitpicky = True
"""


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """A project with conf.py, the languages file and a home page; tests add the rest."""
    made = Project(tmp_path)
    made.write({
        "docs/conf.py": CONF,
        "locales/languages.toml": LANGUAGES,
        "docs/index.md": "---\ndescription: Home.\nreviewed: 2026-12-01\n---\n# Home\n\nWelcome.\n",
    })  # fmt: skip
    return made


@pytest.fixture
def site_project(tmp_path: Path) -> Callable[[], Project]:
    """A copy of the real site's docs and locales, for the extensions that need its templates and data."""
    root = Path(__file__).resolve().parents[2]

    def make() -> Project:
        copy = tmp_path / "site"
        for name in ("docs", "locales"):
            shutil.copytree(root / name, copy / name, ignore=shutil.ignore_patterns("*.mo"))
        shutil.copy(root / "site.toml", copy / "site.toml")
        return Project(copy)

    return make
