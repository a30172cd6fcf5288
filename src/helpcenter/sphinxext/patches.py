"""The register of every patch of another package, and the switch that turns patches off.

Where the help center changes what Sphinx, Furo, MyST, sphinx-design,
sphinx-reredirects or sphinx-copybutton do (a replaced function or method, an
attribute of their objects, a template that overrides one of theirs, a trick
of the build process), the module that does it registers a :class:`Patch`
here: what it replaces, how a new version that breaks it is caught, the
figure it buys and when to remove it. CONTRIBUTING.md's table is
:func:`markdown_table`'s output (``python -m helpcenter.sphinxext.patches``),
and ``tests/extensions/test_patches.py`` fails when the code applies a patch
this register does not list.

A performance patch can be turned off: ``HELPCENTER_PATCHES_OFF=myst_speed,pickled_tocs``
(or ``all``), read once per process. ``make bench`` builds with each one off
in turn, and its stock row with all of them off.
"""

from __future__ import annotations

import functools
import importlib
import os
from dataclasses import dataclass

#: The environment variable that names the performance patches to leave out.
OFF_VARIABLE = "HELPCENTER_PATCHES_OFF"


@dataclass(frozen=True)
class Patch:
    name: str  # the module's name, or the switch's name for a performance patch
    package: str  # the package patched
    replaces: str  # what of it is replaced, in its own names
    check: str  # what stops the build, or fails a test, when a new version no longer fits
    figure: str  # what it buys, measured
    remove_when: str
    module: str  # where it is
    switchable: bool = False  # a performance patch that HELPCENTER_PATCHES_OFF turns off
    #: What it changes, as tests/extensions/test_patches.py finds it in a build: a module's or class's
    #: attribute (``sphinx.project.Project.discover``), an attribute of the build's objects
    #: (``builder.search``, ``env.tocs``; ``templates.<name>`` for the Jinja environment) or a listener it removes
    #: (``listener sphinx_reredirects.init``).
    targets: tuple[str, ...] = ()


REGISTER: dict[str, Patch] = {}


def register(patch: Patch) -> Patch:
    if REGISTER.get(patch.name, patch) != patch:
        raise ValueError(f"two patches named {patch.name!r}")
    REGISTER[patch.name] = patch
    return patch


@functools.cache
def off() -> frozenset[str]:
    """The performance patches HELPCENTER_PATCHES_OFF turns off in this process."""
    names = frozenset(name.strip() for name in os.environ.get(OFF_VARIABLE, "").split(",")) - {""}
    if "all" in names:
        return frozenset(SWITCHABLE)
    unknown = names - set(SWITCHABLE)
    if unknown:
        raise SystemExit(
            f"{OFF_VARIABLE} names {', '.join(sorted(unknown))}, which is no patch that can be turned off; "
            f"those are: {', '.join(SWITCHABLE)} (or all)"
        )
    return names


def enabled(name: str) -> bool:
    assert name in SWITCHABLE, name
    return name not in off()


#: The performance patches, by the name HELPCENTER_PATCHES_OFF gives them.
SWITCHABLE = ("teardown", "pickled_tocs", "myst_speed", "translated_nodes")

#: The modules that register patches (each at import).
MODULES = (
    "helpcenter.pipeline.sphinx_process",
    "helpcenter.sphinxext.assets",
    "helpcenter.sphinxext.copy_button",
    "helpcenter.sphinxext.myst_speed",
    "helpcenter.sphinxext.outputs",
    "helpcenter.sphinxext.pickled_tocs",
    "helpcenter.sphinxext.redirects",
    "helpcenter.sphinxext.sidebar_tree",
    "helpcenter.sphinxext.theme_css",
    "helpcenter.sphinxext.theme_i18n",
    "helpcenter.sphinxext.translated_nodes",
)

#: The site's templates that take the place of one of Furo's (docs/_templates/<name>).
TEMPLATES = {
    "base.html": "Furo's `base.html` (extends it: `!base.html`): the head's description, language alternates, CSP-safe scripts",
    "page.html": "Furo's `page.html` (extends it: `!page.html`): breadcrumbs, review date, \"Still need help?\", footer",
    "search.html": "Sphinx's and Furo's `search.html` (replaced whole): this site's search page",
    "sidebar/search.html": "Furo's `sidebar/search.html` (replaced whole): this site's search as you type",
}
for _template, _what in TEMPLATES.items():
    register(Patch(
        f"template {_template}", "Furo", _what,
        "tests/extensions/test_patches.py renders each against the installed Furo; furo capped in pyproject.toml",
        "the site's own parts of every page (features, not speed)",
        "never: it is the site's design; re-read it at each Furo update",
        f"docs/_templates/{_template}",
    ))  # fmt: skip
register(Patch(
    "stock_search", "Sphinx", "the HTML builder's `search` flag (set False: no `searchindex.js`, no stock search page)",
    "tests read the built site's search page and index; Sphinx capped in pyproject.toml",
    "this site's per-question search instead of Sphinx's (top-3: 100 % against 23 %)",
    "never: the site's search replaces Sphinx's",
    "sphinxext/search_index.py (replace_stock_search)", targets=("builder.search", "builder.indexer"),
))  # fmt: skip


def all_patches() -> dict[str, Patch]:
    """Every patch, once every module that registers one is imported."""
    for module in MODULES:
        importlib.import_module(module)
    return REGISTER


def markdown_table() -> str:
    lines = [
        "| patch | of | what it replaces | version check | what it buys | remove when | off switch |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    # By package, then name: the same order whatever order the modules were imported in.
    for patch in sorted(all_patches().values(), key=lambda patch: (patch.package, patch.name)):
        switch = f"`{OFF_VARIABLE}={patch.name}`" if patch.switchable else "–"
        cells = (f"`{patch.name}` ({patch.module})", patch.package, patch.replaces, patch.check, patch.figure, patch.remove_when, switch)
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    from helpcenter.sphinxext import patches  # the module the others register in, not __main__

    print(patches.markdown_table())
