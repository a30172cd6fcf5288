"""What Sphinx keeps between builds: the saved environment, read back by the next build."""

from __future__ import annotations

import pickle
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from helpcenter.testing import SphinxProject as Project

HOME = "# Home\n\n```{toctree}\n:maxdepth: 2\n\nbilling\nlogin\n```\n"
BILLING = "# Billing\n\n## Refunds\n\nAsk support.\n\n## Invoices\n\nSee your account.\n"
LOGIN = "# Login\n\n## Forgotten password\n\nReset it.\n"
ABOUT = "---\norphan: true\n---\n# About\n\n## Who we are\n\nA help center.\n"


def _nav(html: str) -> str:
    return re.search(r'<div class="toctree-wrapper compound">.*?</div>', html, re.S).group(0)


def test_tables_of_contents_are_saved_pickled_and_read_back_as_sphinx_would(project: Project) -> None:
    """Each page's table of contents is saved as its own pickle and unpickled only when a
    page needs it; the pages list the same sections as with Sphinx's own dict, after a
    first build and after a rebuild that changed one page's sections."""
    from helpcenter.sphinxext.pickled_tocs import PickledTocs

    project.write({"docs/index.md": HOME, "docs/billing.md": BILLING, "docs/login.md": LOGIN, "docs/about.md": ABOUT})
    kept = project.build("helpcenter.sphinxext.pickled_tocs")
    assert "Refunds" in _nav(kept.html("index"))
    saved = pickle.loads((Path(kept.app.doctreedir) / "environment.pickle").read_bytes())
    assert isinstance(saved.tocs, PickledTocs)
    assert sorted(saved.tocs._pickled) == ["about", "billing", "index", "login"] and not saved.tocs._trees
    assert "Forgotten password" in saved.tocs["login"].astext() and "login" in saved.tocs._trees

    project.write({"docs/billing.md": BILLING.replace("## Invoices", "## Receipts")})
    rebuilt = project.build("helpcenter.sphinxext.pickled_tocs")
    nav = _nav(rebuilt.html("index"))
    assert "Receipts" in nav and "Invoices" not in nav and "Forgotten password" in nav
    # The same sources built by Sphinx alone: the same list.
    plain = Project(project.root.parent / "plain")
    shutil.copytree(project.root, plain.root, ignore=shutil.ignore_patterns("_build"))
    assert _nav(plain.build().html("index")) == nav
    # A page that was neither read nor written again kept its bytes.
    assert "about" in rebuilt.app.env.tocs._pickled and "about" not in rebuilt.app.env.tocs._trees


def test_the_pickled_tables_of_contents_stop_the_build_when_sphinx_keeps_them_otherwise(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Sphinx whose env.tocs is no longer a dict of trees: the build stops and names the module."""
    from sphinx.environment import BuildEnvironment

    setup = BuildEnvironment.setup

    def setup_with_other_tocs(self: Any, app: Any) -> None:
        setup(self, app)
        self.tocs = [("index", None)]  # what a later Sphinx might keep instead

    monkeypatch.setattr(BuildEnvironment, "setup", setup_with_other_tocs)
    with pytest.raises(Exception, match=r"keeps env\.tocs as list, not the dict that helpcenter/sphinxext/pickled_tocs\.py replaces"):
        project.build("helpcenter.sphinxext.pickled_tocs")


def test_turning_the_pickled_tables_of_contents_off_gives_sphinx_its_dict_back(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    """HELPCENTER_PATCHES_OFF=pickled_tocs after a build that kept them pickled: the loaded
    environment's tables of contents become Sphinx's dict, and the pages list the same sections."""
    from helpcenter.sphinxext import patches

    project.write({"docs/index.md": HOME, "docs/billing.md": BILLING, "docs/login.md": LOGIN})
    kept = project.build("helpcenter.sphinxext.pickled_tocs")
    monkeypatch.setenv(patches.OFF_VARIABLE, "pickled_tocs")
    patches.off.cache_clear()
    try:
        project.write({"docs/billing.md": BILLING.replace("## Invoices", "## Receipts")})
        plain = project.build("helpcenter.sphinxext.pickled_tocs")
    finally:
        monkeypatch.delenv(patches.OFF_VARIABLE)
        patches.off.cache_clear()
    assert type(plain.app.env.tocs) is dict and sorted(plain.app.env.tocs) == ["billing", "index", "login"]
    assert _nav(plain.html("index")) == _nav(kept.html("index")).replace("Invoices", "Receipts")
