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


def test_sphinx_finds_the_same_pages_and_changes_with_strings_as_with_pathlib(project: Project) -> None:
    """discovery_speed's four functions answer as Sphinx's own on the same state: pages in
    folders, a page added, one removed, one edited, one without its doctree, a catalog
    edited since its .mo was made, a .mo newer than its page."""
    import os
    import time

    from helpcenter.sphinxext import discovery_speed

    catalog = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Ask support."\nmsgstr "Demandez au support."\n'
    orphan = "---\norphan: true\n---\n# {}\n\nAsk support.\n"
    pages = {f"docs/{name}.md": orphan.format(name) for name in ("a", "kb/b", "kb/c", "kb/deep/d", "e")}
    project.write({**pages, **{f"locales/fr/LC_MESSAGES/{name}.po": catalog for name in ("a", "kb/b", "kb/c", "e")}})
    built = project.build("helpcenter.sphinxext.discovery_speed", language="fr")
    assert "Demandez au support." in built.html("kb/b")
    env, builder = built.app.env, built.app.builder
    originals = discovery_speed.ORIGINALS.values()
    assert originals and all(getattr(f, "fget", f).__module__.startswith("sphinx.") for f in originals)

    later = time.time() + 5
    project.write({
        "docs/kb/new.md": orphan.format("New"), "locales/fr/LC_MESSAGES/kb/c.po": catalog + "\n",
        "locales/fr/LC_MESSAGES/.old/a.po": catalog, "locales/fr/LC_MESSAGES/kb/new.po": catalog,
    })  # fmt: skip
    (project.docs / "e.md").unlink()
    os.utime(project.docs / "a.md", (later, later))
    os.utime(project.root / "locales/fr/LC_MESSAGES/kb/b.mo", (later, later))
    os.utime(project.root / "locales/fr/LC_MESSAGES/kb/c.po", (later, later))
    (Path(env.doctreedir) / "kb/deep/d.doctree").unlink()
    (built.outdir / "kb/c.html").unlink()

    def answers(functions: dict[str, Any]) -> tuple[Any, ...]:
        functions["sphinx.environment.BuildEnvironment.find_files"](env, env.config, builder)
        found = (set(env.project.docnames), dict(env.project._docname_to_path), dict(env.project._path_to_docname))
        dependencies = {docname: set(paths) for docname, paths in env.dependencies.items()}
        outdated = functions["sphinx.environment.BuildEnvironment.get_outdated_files"](env, False)
        to_write = set(functions["sphinx.builders.html.StandaloneHTMLBuilder.get_outdated_docs"](builder))
        from sphinx.util.i18n import CatalogRepository

        repo = CatalogRepository(env.srcdir, env.config.locale_dirs, "fr", "utf-8")
        catalogs = list(functions["sphinx.util.i18n.CatalogRepository.catalogs"].fget(repo))
        listed = sorted((str(c.base_dir), c.domain) for c in catalogs)
        stale = {c.domain for c in catalogs if functions["sphinx.util.i18n.CatalogInfo.is_outdated"](c)}
        return found, dependencies, outdated, to_write, listed, stale

    ours = answers(discovery_speed.REPLACEMENTS)
    sphinx = answers(discovery_speed.ORIGINALS)
    assert ours == sphinx
    found, _, (added, changed, removed), to_write, listed, stale = ours
    assert "kb/new" in found[0] and "e" not in found[0]
    assert (added, changed, removed) == ({"kb/new"}, {"a", "kb/b", "kb/deep/d"}, {"e"})
    assert to_write == {"a", "kb/new", "kb/c"}
    assert [domain for _, domain in listed] == ["a", "e", "kb/b", "kb/c", "kb/new"]
    assert stale == {"kb/c", "kb/new"}


def test_a_page_found_twice_gets_sphinxs_own_warning(project: Project) -> None:
    project.write({"docs/twice.md": "---\norphan: true\n---\n# Twice\n", "docs/twice.rst": ":orphan:\n\nTwice\n=====\n"})
    built = project.build("helpcenter.sphinxext.discovery_speed")
    assert 'multiple files found for the document "twice"' in built.warnings


def test_the_faster_discovery_stops_the_build_when_sphinx_no_longer_has_what_it_replaces(project: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    from sphinx.util.i18n import CatalogInfo

    from helpcenter.sphinxext import discovery_speed

    monkeypatch.setattr(discovery_speed, "REPLACEMENTS", {**discovery_speed.REPLACEMENTS, "sphinx.util.i18n.CatalogInfo.is_stale": CatalogInfo.is_outdated})
    with pytest.raises(Exception, match=r"has no sphinx\.util\.i18n\.CatalogInfo\.is_stale: helpcenter/sphinxext/discovery_speed\.py"):
        project.build("helpcenter.sphinxext.discovery_speed")


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
