"""Copy buttons (sphinx-copybutton) only where there is something to copy.

sphinx-copybutton links its script and stylesheet from every page. Pages
without a literal block (``div.highlight``) drop them; pages with one keep
its two scripts, and Sphinx's ``documentation_options.js``, which the button
script reads. The button's look is in ``_static/helpcenter.css`` (visible
without hovering, readable in both themes), so its own stylesheet is not
linked. The script labels the button from ``<html lang>``: "Copy" in
English, "Copier" in French. No inline script: the site's CSP holds.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from . import patches

patches.register(patches.Patch(
    "copy_button", "sphinx-copybutton", "its script and stylesheet on every page: linked only from pages with a literal block, its stylesheet never "
    "(each page's `script_files` and `css_files`); off with `helpcenter_optimize = False`",
    "tests/extensions check which pages link the scripts; sphinx-copybutton capped in pyproject.toml",
    "page weight: two scripts and a stylesheet off the pages without code",
    "when sphinx-copybutton links its files only where a page has a block to copy",
    "sphinxext/copy_button.py",
))  # fmt: skip

SCRIPTS = ("_static/clipboard.min.js", "_static/copybutton.js")
STYLESHEET = "_static/copybutton.css"
OPTIONS = "_static/documentation_options.js"


def _name(asset: Any) -> str:
    return getattr(asset, "filename", asset)


def has_copyable_block(body: str) -> bool:
    return 'class="highlight"' in body


def link_only_where_used(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if not app.config.helpcenter_optimize:
        return
    context["css_files"] = [a for a in context.get("css_files", []) if _name(a) != STYLESHEET]
    scripts = [s for s in context.get("script_files", []) if _name(s) not in (*SCRIPTS, OPTIONS)]
    if has_copyable_block(context.get("body", "")):
        kept = [s for s in context.get("script_files", []) if _name(s) in SCRIPTS]
        if kept:
            options = type(kept[0])(OPTIONS, priority=200)
            scripts = [options, *scripts, *kept]
    context["script_files"] = scripts


def setup(app: Sphinx) -> dict[str, Any]:
    # After assets.prune_assets (same event, connected earlier).
    app.connect("html-page-context", link_only_where_used, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
