"""The fast layer: each Sphinx extension on a small project of its own, with sphinx.testing.

A test writes a few pages (and catalogs) into a temporary project, builds it
in-process (``helpcenter.testing.SphinxProject``) and reads the HTML or the
warnings. The whole layer runs in seconds: ``make test PYTEST_ARGS=tests/extensions``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpcenter.testing import SphinxProject

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

LANGUAGES = '[[language]]\ncode = "en"\nname = "English"\n\n[[language]]\ncode = "fr"\nname = "Français"\n'


@pytest.fixture
def project(tmp_path: Path) -> SphinxProject:
    """A project with conf.py, the languages file and a home page; tests add the rest."""
    made = SphinxProject(tmp_path)
    made.write({
        "docs/conf.py": CONF,
        "locales/languages.toml": LANGUAGES,
        "docs/index.md": "---\ndescription: Home.\nreviewed: 2026-12-01\n---\n# Home\n\nWelcome.\n",
    })  # fmt: skip
    return made


#: A page of two questions, with labels and keywords, that several tests build.
REFUNDS = """
---
description: Questions about refunds.
reviewed: 2026-12-01
products: NordVPN
---
# Refunds

(refund)=
## Can I get my money back?

```{keywords}
reimbursement, money back
```

Ask a NordVPN support agent under the billing topic.

(renewal)=
## Does my subscription renew?

Read the renewal section of the terms of service.
"""


@pytest.fixture
def refunds_page() -> str:
    return REFUNDS


ROOT = Path(__file__).resolve().parents[2]


def _site_project(tmp_path: Path, catalogs: tuple[str, ...] = ("sphinx.po", "channels.po")) -> SphinxProject:
    """A small project with the site's own conf.py, templates, static files, data and
    settings (and these French catalogs); tests add the pages."""
    project = SphinxProject(tmp_path)
    project.docs.mkdir()
    for name in ("conf.py", "_templates", "_static", "_data"):
        source = ROOT / "docs" / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project.docs / name)
    (project.root / "locales" / "fr" / "LC_MESSAGES").mkdir(parents=True)
    for name in ("languages.toml", "fr/terminology.toml", *(f"fr/LC_MESSAGES/{c}" for c in catalogs)):
        shutil.copy(ROOT / "locales" / name, project.root / "locales" / name)
    shutil.copy(ROOT / "site.toml", project.root / "site.toml")
    (project.docs / "conf.py").write_text((project.docs / "conf.py").read_text(encoding="utf-8") + "\nredirects = {}\n", encoding="utf-8")
    return project


@pytest.fixture
def site_project():  # type: ignore[no-untyped-def]
    """Makes a project of the site's own configuration: ``site_project(tmp_path)``."""
    return _site_project
