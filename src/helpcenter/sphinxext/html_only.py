"""Nodes that only HTML shows: every other builder skips them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx


def skip(self: object, node: nodes.Node) -> None:
    raise nodes.SkipNode


def add_node(app: Sphinx, node: type[nodes.Element], visit: Callable[..., Any] = skip) -> None:
    """Register node with visit for HTML (skipped by default) and skipped in every other format."""
    app.add_node(node, html=(visit, None), **{name: (skip, None) for name in ("latex", "text", "man", "texinfo")})
