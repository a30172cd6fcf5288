"""The fast layer: each Sphinx extension on a small project of its own, with sphinx.testing.

A test writes a few pages (and catalogs) into a temporary project, builds it
in-process (``helpcenter.testing.SphinxProject``) and reads the HTML or the
warnings. The whole layer runs in seconds: ``make test PYTEST_ARGS=tests/extensions``.
"""

from __future__ import annotations

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
