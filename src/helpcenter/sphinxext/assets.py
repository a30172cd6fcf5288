"""Ship only the CSS and JavaScript the pages use.

Without touching the installed packages: pages stop linking what this site
never shows (Pygments colours: no code is highlighted; Furo's styles for
other extensions; Sphinx's search helpers), sphinx-design's tab script is
linked only from pages with tabs, and sphinx-design's stylesheet is replaced
by ``_static/design.css``, which keeps only the rules for the components
(``sd-*`` classes) that the pages contain. ``helpcenter_optimize = False``
turns all of it off, for the benchmark's stock build.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any

import sphinx_design
import tinycss2
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .docstore import DocStore
from ..files import write_if_changed
from . import patches

patches.register(patches.Patch(
    "assets", "sphinx-design, Furo, Sphinx",
    "each page's `css_files` and `script_files`: sphinx-design's stylesheet by `_static/design.css` (its rules "
    "for the `sd-*` classes the pages use), its tab script only on pages with tabs; Pygments' and Sphinx's search helpers dropped",
    "tests/extensions check the pages link what they use; sphinx-design capped in pyproject.toml",
    "page weight: part of the 120 KB budget (stock's heaviest page is 274 KB); off with `helpcenter_optimize = False`",
    "never: the page-weight budget needs it",
    "sphinxext/assets.py",
))  # fmt: skip

DESIGN_CSS = "sphinx-design.min.css"
PURGED_CSS = "design.css"
UNUSED_CSS = {"_static/pygments.css", "_static/styles/furo-extensions.css"}
#: Sphinx's scripts for its own search page and keyboard shortcuts, unused here.
UNUSED_SCRIPTS = {
    "_static/documentation_options.js",
    "_static/doctools.js",
    "_static/sphinx_highlight.js",
    "_static/translations.js",
}
TABS_SCRIPT = "_static/design-tabs.js"
#: The prefix of the classes a purge may drop rules for; other classes are kept.
PURGED_PREFIX = "sd-"


def _selector_classes(tokens: list[Any]) -> set[str]:
    classes, previous = set(), None
    for token in tokens:
        if previous is not None and previous.type == "literal" and previous.value == "." and token.type == "ident":
            classes.add(token.value)
        if token.type not in ("whitespace", "comment"):
            previous = token
    return classes


def _split_selectors(prelude: list[Any]) -> list[list[Any]]:
    groups: list[list[Any]] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            groups.append([])
        else:
            groups[-1].append(token)
    return groups


def purge(css: str, used: set[str], prefix: str = PURGED_PREFIX) -> str:
    """Keep the rules that can match: each selector's classes that start with
    prefix must all be used (classes inside :not() and the like are not judged)."""

    def keep(selector: list[Any]) -> bool:
        return all(c in used for c in _selector_classes(selector) if c.startswith(prefix))

    def walk(rules: list[Any]) -> list[str]:
        out = []
        for rule in rules:
            if rule.type == "qualified-rule":
                selectors = [s for s in _split_selectors(rule.prelude) if keep(s)]
                if selectors:
                    prelude = ",".join(tinycss2.serialize(s).strip() for s in selectors)
                    out.append(f"{prelude}{{{tinycss2.serialize(rule.content)}}}")
            elif rule.type == "at-rule" and rule.lower_at_keyword in {"media", "supports", "layer"} and rule.content:
                inner = walk(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
                if inner:
                    out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
            elif rule.type == "at-rule":
                out.append(tinycss2.serialize([rule]))
        return out

    return "".join(walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)))


#: The sd-* classes each page uses.
CLASSES = DocStore("helpcenter_classes")


def collect_classes(app: Sphinx, doctree: nodes.document) -> None:
    """Each page's component classes, noted while reading (no doctree reloads later)."""
    used = {c for node in doctree.findall(nodes.Element) for c in node.get("classes", []) if c.startswith(PURGED_PREFIX)}
    CLASSES.set(app.env, app.env.docname, sorted(used))


def used_classes(app: Sphinx, env: BuildEnvironment) -> set[str]:
    return {c for classes in CLASSES.all(env).values() for c in classes}


def write_purged_css(app: Sphinx, env: BuildEnvironment) -> None:
    if app.builder.format != "html" or not app.config.helpcenter_optimize:
        return
    source = Path(sphinx_design.__file__).parent / "static" / DESIGN_CSS
    target = Path(app.outdir) / "_static" / PURGED_CSS
    used = used_classes(app, env)
    key = hashlib.sha256(source.read_bytes() + repr(sorted(used)).encode()).hexdigest()
    if getattr(env, "helpcenter_design_key", None) == key and target.is_file():
        return  # same stylesheet, same components: nothing to redo
    env.helpcenter_design_key = key
    css = purge(source.read_text(encoding="utf-8"), used)
    write_if_changed(target, css)


def prune_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if not app.config.helpcenter_optimize:
        return
    css = []
    for asset in context.get("css_files", []):
        name = getattr(asset, "filename", asset)
        if name in UNUSED_CSS:
            continue
        if name.endswith(DESIGN_CSS):
            asset = type(asset)(f"_static/{PURGED_CSS}", priority=asset.priority, **asset.attributes)
        css.append(asset)
    context["css_files"] = css
    has_tabs = "sd-tab-set" in context.get("body", "")
    context["script_files"] = [
        js
        for js in context.get("script_files", [])
        if getattr(js, "filename", js) not in UNUSED_SCRIPTS and (has_tabs or getattr(js, "filename", js) != TABS_SCRIPT)
    ]


def _digest(path: Path) -> str:
    try:
        return _digest_of(path, path.stat().st_mtime_ns)
    except OSError:
        return ""


@functools.cache
def _digest_of(path: Path, mtime: int) -> str:
    # Once per file and version, not once per page that links it.
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10]


def add_asset_helper(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    """``helpcenter_asset(path)``: a file's URL with its content hash, so it can be cached for good."""
    pathto = context["pathto"]

    def asset(path: str) -> str:
        digest = _digest(Path(app.outdir) / path)
        return f"{pathto(path, 1)}?v={digest}" if digest else pathto(path, 1)

    context["helpcenter_asset"] = asset


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", add_asset_helper)
    app.connect("doctree-read", collect_classes)
    CLASSES.connect(app)
    app.connect("env-updated", write_purged_css)
    app.connect("html-page-context", prune_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
