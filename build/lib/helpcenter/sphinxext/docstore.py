"""Per-page data kept on Sphinx's build environment.

Extensions that note something about each page while reading (the FAQ's
questions, the components a page uses) keep it here, so incremental and
parallel builds stay right: a page's entry is dropped when the page is
re-read or removed (``env-purge-doc``) and gathered from parallel readers
(``env-merge-info``).
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


class DocStore:
    def __init__(self, attribute: str) -> None:
        self.attribute = attribute

    def all(self, env: BuildEnvironment) -> dict[str, Any]:
        if not hasattr(env, self.attribute):
            setattr(env, self.attribute, {})
        return getattr(env, self.attribute)

    def get(self, env: BuildEnvironment, docname: str, default: Any = None) -> Any:
        return self.all(env).get(docname, default)

    def set(self, env: BuildEnvironment, docname: str, value: Any) -> None:
        self.all(env)[docname] = value

    def _purge(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        self.all(env).pop(docname, None)

    def _merge(self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
        self.all(env).update({d: v for d, v in self.all(other).items() if d in docnames})

    def connect(self, app: Sphinx) -> None:
        app.connect("env-purge-doc", self._purge)
        app.connect("env-merge-info", self._merge)
