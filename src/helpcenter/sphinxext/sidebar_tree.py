"""The sidebar's site tree: the top categories and the reader's branch, not every page.

Furo puts the whole site tree into every page's sidebar: it asks Sphinx for
the global toctree (``collapse=False, maxdepth=-1``) in its own
``html-page-context`` handler, so every page's size and write time grow with
the number of pages (the build grows with their square). Here the sidebar
holds the top-level sections with their own pages, and the pages on the
way to the current one with their siblings and the current page's children;
a category page lists all of its pages in its body (its toctree).

The tree is made from each page's toctree entries, recorded while reading,
in the HTML Sphinx writes for a toctree (same classes, ``current`` marks), so
Furo's own processing (its expand switches, ``current-page``) and the
keyboard and screen-reader behaviour stay as they were. It is handed to Furo
through the ``toctree`` function of the page context, before Furo's handler
runs; a check at start-up calls Furo's handler's tree function and fails,
naming Furo's version, if Furo no longer asks for the tree the way this
module answers.
"""

from __future__ import annotations

from html import escape
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError

from . import patches

patches.register(patches.Patch(
    "sidebar_tree", "Furo", "the page context's `toctree` function that Furo's `_compute_navigation_tree` calls: the top "
    "sections and the reader's branch instead of the whole site tree",
    "at `builder-inited`, Furo's handler is called with a probe, and the build stops naming Furo's version if it asks otherwise",
    "every page's size and write time stop growing with the site (the whole tree in every page: the build grows with the square "
    "of the pages); off with `helpcenter_optimize = False`",
    "when Furo can leave out of its sidebar the branches a page is not on (upstream.md)",
    "sphinxext/sidebar_tree.py",
))  # fmt: skip

#: How Furo asks for its tree (furo._compute_navigation_tree).
FURO_REQUEST = {"collapse": False, "titles_only": True, "maxdepth": -1, "includehidden": True}
_CURRENT = ' class="current"'
_PROBE = '<ul><li class="toctree-l1"><a class="reference internal" href="#">helpcenter-probe</a></li></ul>'


def record_entries(app: Sphinx, doctree: nodes.document) -> None:
    """Each page's toctree entries, (explicit title or None, docname), in order."""
    env = app.env
    entries = [
        (title, ref)
        for toctree in doctree.findall(addnodes.toctree)
        for title, ref in toctree["entries"]
        if ref in env.found_docs
    ]
    _entries(env)[env.docname] = entries


def _entries(env: BuildEnvironment) -> dict[str, list[tuple[str | None, str]]]:
    if not hasattr(env, "helpcenter_toctree_entries"):
        env.helpcenter_toctree_entries = {}  # type: ignore[attr-defined]
    return env.helpcenter_toctree_entries  # type: ignore[attr-defined,no-any-return]


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _entries(env).pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    theirs = _entries(other)
    _entries(env).update({name: theirs[name] for name in docnames if name in theirs})


class Tree:
    """The toctree structure of one build's pages, computed once for the writing phase."""

    def __init__(self, app: Sphinx) -> None:
        env = app.env
        self.builder = app.builder
        self.root = app.config.root_doc
        self.children = _entries(env)
        self.parent: dict[str, str] = {}
        for parent, entries in self.children.items():
            for _, child in entries:
                self.parent.setdefault(child, parent)
        self.titles: dict[str, str] = {}

    def title(self, docname: str) -> str:
        if docname not in self.titles:
            node = self.builder.env.titles.get(docname)
            if node is None:
                text = escape(docname)
            elif all(isinstance(child, nodes.Text) for child in node.children):
                text = escape(node.astext())
            else:  # a title with markup (code, emphasis): as Sphinx renders it
                text = self.builder.render_partial(nodes.inline("", "", *node.deepcopy().children))["fragment"]
                text = text.removeprefix("<span>").removesuffix("</span>")
            self.titles[docname] = text
        return self.titles[docname]

    def branch(self, docname: str) -> list[str]:
        """The pages from a top-level section down to docname (empty if not in the tree)."""
        chain: list[str] = []
        current: str | None = docname
        while current is not None and current != self.root and current not in chain:
            chain.insert(0, current)
            current = self.parent.get(current)
        return chain if current == self.root else []

    def html(self, pagename: str, pathto: Any) -> str:
        branch = self.branch(pagename)
        on_branch = set(branch)

        def items(parent: str, depth: int) -> list[str]:
            lines = []
            for explicit, docname in self.children.get(parent, []):
                current = docname in on_branch
                link = "#" if docname == pagename else escape(pathto(docname), quote=True)
                anchor = f'<a class="{"current " if docname == pagename else ""}reference internal" href="{link}">{escape(explicit) if explicit else self.title(docname)}</a>'
                below = items(docname, depth + 1) if (current or depth == 1) and self.children.get(docname) else []
                sub = f"<ul{_CURRENT if current else ''}>\n" + "\n".join(below) + "\n</ul>\n" if below else ""
                lines.append(f'<li class="toctree-l{depth}{" current" if current else ""}">{anchor}{sub}</li>')
            return lines

        top = items(self.root, 1)
        return f"<ul{_CURRENT if branch else ''}>\n" + "\n".join(top) + "\n</ul>\n" if top else ""


def hand_tree_to_furo(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if "toctree" not in context or not app.config.helpcenter_optimize:
        return
    tree = getattr(app.builder, "_helpcenter_sidebar_tree", None)
    if tree is None:
        tree = app.builder._helpcenter_sidebar_tree = Tree(app)  # type: ignore[attr-defined]
    sphinx_toctree = context["toctree"]
    pathto = context["pathto"]

    def toctree(**kwargs: Any) -> str:
        if kwargs == FURO_REQUEST:
            return tree.html(pagename, pathto)
        return sphinx_toctree(**kwargs)  # type: ignore[no-any-return]

    context["toctree"] = toctree


def check_furo(app: Sphinx) -> None:
    """Furo must still ask for its tree through the context's toctree, as recorded."""
    if app.config.html_theme != "furo" or not app.config.helpcenter_optimize:
        return
    import furo

    asked: list[dict[str, Any]] = []

    def probe(**kwargs: Any) -> str:
        asked.append(kwargs)
        return _PROBE

    compute = getattr(furo, "_compute_navigation_tree", None)
    tree = compute({"toctree": probe}) if compute else ""
    if asked != [FURO_REQUEST] or "helpcenter-probe" not in tree:
        raise ExtensionError(
            f"helpcenter.sphinxext.sidebar_tree: Furo {furo.__version__} no longer builds its sidebar tree "
            f"with toctree(**{FURO_REQUEST}) in _compute_navigation_tree (it asked {asked}); "
            "the sidebar would hold every page. Update this module for this Furo version."
        )


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", check_furo)
    app.connect("doctree-read", record_entries)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    # Before Furo's handler (priority 500), which asks for the tree.
    app.connect("html-page-context", hand_tree_to_furo, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
