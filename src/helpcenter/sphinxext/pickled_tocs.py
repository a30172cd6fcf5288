"""Each page's table of contents stays pickled in the environment until a page asks for it.

Sphinx saves and loads its whole environment in one pickle on every build
that reads a page. Half of it, at 50× today's size, is ``env.tocs``: a tree
of docutils nodes per page (58,000 nodes), each rebuilt object by object on
load and taken apart again on save, about 0.2 s of a one-page rebuild in each
language although a rebuild reads one or two of them. Here ``env.tocs`` keeps
each page's tree as the bytes of its own pickle, and unpickles a page's tree
the first time Sphinx asks for it; saving pickles again only the trees that
were asked for or set, the others keep their bytes. Sphinx gets, sets and
drops entries (``sphinx/environment/collectors/toctree.py``,
``sphinx/environment/adapters/toctree.py``) as with the dict it made.
"""

from __future__ import annotations

import pickle
from importlib.metadata import version
from collections.abc import Iterable, Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.errors import ExtensionError

from . import patches

PATCH = patches.register(patches.Patch(
    "pickled_tocs", "Sphinx", "`BuildEnvironment.tocs` (a dict of docutils trees) by a mapping that unpickles each tree when asked",
    "at `builder-inited`, the build stops naming Sphinx's version if `env.tocs` is not the dict it replaces; "
    "tests/extensions/test_environment.py compares the pages with Sphinx's own; Sphinx capped in pyproject.toml",
    "50×, 5 December 2026 (make bench patches=50, quiet machine, medians of 5 paired runs): one-page rebuild "
    "0.72 s against 0.86 s en, 0.93 / 1.11 s fr (17 % each, faster in 5 of 5); 3 % at 1× (pickling each tree "
    "apart costs about what it saves there): see README, Performance",
    "when Sphinx stops pickling the whole environment in one piece on every build",
    "sphinxext/pickled_tocs.py", switchable=True, targets=("env.tocs",),
))  # fmt: skip

if TYPE_CHECKING:
    from sphinx.application import Sphinx


class PickledTocs(MutableMapping[str, nodes.bullet_list]):
    """docname -> table of contents, each unpickled on first access."""

    def __init__(self, tocs: Iterable[tuple[str, nodes.bullet_list]] = (), pickled: dict[str, bytes] | None = None) -> None:
        self._pickled: dict[str, bytes] = pickled or {}
        self._trees: dict[str, nodes.bullet_list] = {}
        self.update(tocs)

    def __getitem__(self, docname: str) -> nodes.bullet_list:
        try:
            return self._trees[docname]
        except KeyError:
            # Once unpickled, the tree is Sphinx's to change: saving pickles it again.
            tree = self._trees[docname] = pickle.loads(self._pickled.pop(docname))
            return tree

    def __setitem__(self, docname: str, tree: nodes.bullet_list) -> None:
        self._pickled.pop(docname, None)
        self._trees[docname] = tree

    def __delitem__(self, docname: str) -> None:
        if self._trees.pop(docname, None) is None:
            del self._pickled[docname]

    def __contains__(self, docname: object) -> bool:
        return docname in self._trees or docname in self._pickled

    def __iter__(self) -> Iterator[str]:
        yield from self._pickled
        yield from self._trees

    def __len__(self) -> int:
        return len(self._pickled) + len(self._trees)

    def __reduce__(self) -> tuple[Any, ...]:
        pickled = dict(self._pickled)
        for docname, tree in self._trees.items():
            pickled[docname] = pickle.dumps(tree, pickle.HIGHEST_PROTOCOL)
        return (PickledTocs, ((), pickled))


def keep_pickled(app: Sphinx) -> None:
    """A fresh environment's dict becomes a PickledTocs; a loaded one already is (and
    becomes a dict again when the patch is turned off)."""
    if not isinstance(app.env.tocs, (dict, PickledTocs)):
        raise ExtensionError(
            f"Sphinx {version('sphinx')} keeps env.tocs as {type(app.env.tocs).__name__}, not the dict that "
            "helpcenter/sphinxext/pickled_tocs.py replaces: update it, pin Sphinx in pyproject.toml, "
            "or build with HELPCENTER_PATCHES_OFF=pickled_tocs"
        )
    if not patches.enabled("pickled_tocs"):
        if isinstance(app.env.tocs, PickledTocs):  # unpickling a tree changes the mapping: list the names first
            app.env.tocs = {docname: app.env.tocs[docname] for docname in list(app.env.tocs)}
    elif not isinstance(app.env.tocs, PickledTocs):
        app.env.tocs = PickledTocs(app.env.tocs.items())


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", keep_pickled)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
