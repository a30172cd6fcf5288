"""The register of patches (helpcenter.sphinxext.patches) lists every patch the code applies.

A small site is built with the site's extensions, templates and a French
page, then searched for what differs from Sphinx, MyST, Furo, sphinx-design,
sphinx-reredirects and sphinx-copybutton as they come: an attribute of their
modules or classes that holds the help center's code, an attribute of the
build's builder, environment or template environment that differs from a
build of the same pages without the help center, a listener of theirs that is
gone, a template of theirs that the site's overrides. Each must be a target
of a registered patch, and CONTRIBUTING.md's table must be the register's.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from helpcenter.sphinxext import patches
from helpcenter.testing import SphinxProject as Project

ROOT = Path(__file__).resolve().parents[2]
OTHERS = ("sphinx", "docutils", "furo", "myst_parser", "sphinx_design", "sphinx_reredirects", "sphinx_copybutton", "jinja2")
PAGE = "---\ndescription: {0}.\nreviewed: 2026-12-01\nproducts: NordVPN\n---\n# {0}\n\nAsk support.\n"
FRENCH = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Ask support."\nmsgstr "Demandez au support."\n'


def _ours(value: Any) -> bool:
    """Made by the help center: its function, a property over one, or an instance of its class."""
    function = getattr(value, "fget", value)
    module = getattr(function, "__module__", None) if callable(function) else None
    return (module or type(value).__module__ or "").startswith("helpcenter.")


def _module_patches() -> set[str]:
    """Attributes of the other packages' modules and classes that hold the help center's code."""
    found = set()
    for name, module in list(sys.modules.items()):
        if module is None or name.split(".")[0] not in OTHERS:
            continue
        for attribute, value in list(vars(module).items()):
            if _ours(value):
                found.add(f"{name}.{attribute}")
            if isinstance(value, type) and value.__module__ == name:
                found |= {f"{name}.{value.__name__}.{a}" for a, v in vars(value).items() if _ours(v)}
    return found


def _instance_patches(ours: Any, plain: Any, prefix: str) -> set[str]:
    """Attributes of one of the build's objects that differ in kind from a plain build's (the
    help center's own, named helpcenter_*, are additions, not patches)."""
    found = set()
    for name, value in vars(ours).items():
        if "helpcenter" in name:
            continue
        if name not in vars(plain):
            if hasattr(type(ours), name):  # a method or class attribute replaced on the instance
                found.add(f"{prefix}.{name}")
            continue
        theirs = vars(plain)[name]
        if type(value) is not type(theirs) or (isinstance(value, (bool, type(None))) and value != theirs):
            found.add(f"{prefix}.{name}")
    return found


def _removed_listeners(ours: Any, plain: Any) -> set[str]:
    def handlers(app: Any) -> set[str]:
        return {
            f"listener {listener.handler.__module__}.{listener.handler.__name__}"
            for listeners in app.events.listeners.values() for listener in listeners
            if listener.handler.__module__.split(".")[0] in OTHERS
        }  # fmt: skip

    return handlers(plain) - handlers(ours)


@pytest.fixture
def sites(tmp_path: Path) -> tuple[Project, Project]:
    """The site's conf.py, templates, static files and data with two pages and a French catalog;
    and the same pages with none of the help center."""
    site, plain = Project(tmp_path / "site"), Project(tmp_path / "plain")
    for project in (site, plain):
        project.docs.mkdir(parents=True)
        project.write({
            "docs/index.md": PAGE.format("Help") + "\n```{toctree}\nabout\n```\n", "docs/about.md": PAGE.format("About"),
            "locales/fr/LC_MESSAGES/about.po": FRENCH,
        })  # fmt: skip
    for name in ("conf.py", "_templates", "_static", "_data"):
        source = ROOT / "docs" / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, site.docs / name)
    for name in ("languages.toml", "fr/terminology.toml", "fr/LC_MESSAGES/sphinx.po", "fr/LC_MESSAGES/channels.po"):
        shutil.copy(ROOT / "locales" / name, site.root / "locales" / name)
    shutil.copy(ROOT / "site.toml", site.root / "site.toml")
    conf = (site.docs / "conf.py").read_text(encoding="utf-8") + "\nredirects = {'old': '/about.html'}\n"
    (site.docs / "conf.py").write_text(conf, encoding="utf-8")
    plain.write({"docs/conf.py": 'root_doc = "index"\nhtml_theme = "furo"\nlocale_dirs = ["../locales"]\ngettext_compact = False\nhtml_use_index = False\n'})
    return site, plain


def test_the_register_lists_every_patch_a_build_applies(sites: tuple[Project, Project]) -> None:
    site, plain = sites
    extensions = ("sphinx_design", "sphinx_copybutton", "sphinx_reredirects", "helpcenter.sphinxext")
    ours = site.build(*extensions, language="fr")
    assert "Demandez au support." in ours.html("about")
    theirs = plain.build("sphinx_design", "sphinx_copybutton", "sphinx_reredirects", language="fr")
    assert "Demandez au support." in theirs.html("about")

    found = _module_patches() | _removed_listeners(ours.app, theirs.app)
    for prefix, mine, other in (
        ("builder", ours.app.builder, theirs.app.builder),
        ("env", ours.app.env, theirs.app.env),
        ("templates", ours.app.builder.templates.environment, theirs.app.builder.templates.environment),
    ):
        found |= _instance_patches(mine, other, prefix)

    registered = {target: patch.name for patch in patches.all_patches().values() for target in patch.targets}
    assert sorted(found - registered.keys()) == [], "patches applied but not in helpcenter/sphinxext/patches.py"
    # Each registered module-level target is one the build applies (so a patch that goes leaves the register).
    stale = {t for t in registered if t.startswith(OTHERS) and t not in found}
    assert stale == set(), "registered patches no build applies"
    assert {"env.tocs", "builder.search", "myst_parser.parsers.sphinx_.create_md_parser"} <= found


def test_every_template_of_furo_or_sphinx_that_the_site_overrides_is_registered() -> None:
    import furo
    import sphinx

    theirs = {
        path.relative_to(folder).as_posix()
        for folder in (Path(furo.__file__).parent / "theme" / "furo", Path(sphinx.__file__).parent / "themes" / "basic")
        for path in folder.rglob("*.html")
    }  # fmt: skip
    site = {path.relative_to(ROOT / "docs" / "_templates").as_posix() for path in (ROOT / "docs" / "_templates").rglob("*.html")}
    overridden = site & theirs
    registered = {name.removeprefix("template ") for name in patches.all_patches() if name.startswith("template ")}
    assert overridden == registered
    assert {"base.html", "page.html", "search.html", "sidebar/search.html"} <= overridden


def test_contributing_has_the_registers_table() -> None:
    """CONTRIBUTING.md's table is the register's (python -m helpcenter.sphinxext.patches prints it)."""
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert patches.markdown_table() in text


def test_the_off_switch_names_the_patches_it_knows(monkeypatch: pytest.MonkeyPatch) -> None:
    patches.off.cache_clear()
    monkeypatch.setenv(patches.OFF_VARIABLE, "pickled_tocs, teardown")
    assert patches.off() == {"pickled_tocs", "teardown"} and not patches.enabled("teardown") and patches.enabled("myst_speed")
    patches.off.cache_clear()
    monkeypatch.setenv(patches.OFF_VARIABLE, "all")
    assert patches.off() == set(patches.SWITCHABLE)
    patches.off.cache_clear()
    monkeypatch.setenv(patches.OFF_VARIABLE, "pickled_toc")
    with pytest.raises(SystemExit, match=r"HELPCENTER_PATCHES_OFF names pickled_toc, which is no patch .*: teardown, pickled_tocs, "):
        patches.off()
    patches.off.cache_clear()
    monkeypatch.delenv(patches.OFF_VARIABLE)
    assert patches.off() == set()


def test_with_every_patch_off_a_build_is_sphinxs_own(sites: tuple[Project, Project], monkeypatch: pytest.MonkeyPatch) -> None:
    """HELPCENTER_PATCHES_OFF=all (the benchmark's stock row): the build's objects are Sphinx's,
    and a French doctree is as Sphinx leaves it (translated_nodes off)."""
    import pickle

    site, _ = sites
    monkeypatch.setenv(patches.OFF_VARIABLE, "all")
    patches.off.cache_clear()
    try:
        built = site.build("sphinx_design", "sphinx_copybutton", "sphinx_reredirects", "helpcenter.sphinxext", language="fr")
    finally:
        monkeypatch.delenv(patches.OFF_VARIABLE)
        patches.off.cache_clear()
    assert "Demandez au support." in built.html("about")
    assert type(built.app.env.tocs) is dict
    doctree = pickle.loads((Path(built.app.doctreedir) / "about.doctree").read_bytes())
    assert any(node.document is not doctree for node in doctree.findall())
