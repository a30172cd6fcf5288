"""Where a page sits: its breadcrumbs (with BreadcrumbList JSON-LD) and the
site's sections, for the search page and the 404 page.

The trail follows the toctree: Home › FAQ › Connectivity › Windows.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from markupsafe import Markup, escape
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..markup import script_json


def parents(env: BuildEnvironment) -> dict[str, str]:
    """Each page's parent in the toctree."""
    return {child: parent for parent, children in env.toctree_includes.items() for child in children}


def trail(env: BuildEnvironment, docname: str, up: dict[str, str] | None = None) -> list[str]:
    """The pages from the home page down to docname's parent (``up``: parents(env), if known)."""
    up = parents(env) if up is None else up
    chain: list[str] = []
    current = up.get(docname)
    while current is not None and current not in chain:
        chain.insert(0, current)
        current = up.get(current)
    return chain


def title(env: BuildEnvironment, docname: str) -> Markup:
    """A page's title as HTML text: a title is plain text (``<img>`` in it is words, not an image)."""
    return escape(env.titles[docname].astext() if docname in env.titles else docname)


def add_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    env = app.env
    pathto = context["pathto"]
    root = app.config.root_doc
    home = escape(app.translator.gettext("Home"))
    crumbs = []
    if pagename != root:
        crumbs = [{"title": home if d == root else title(env, d), "url": pathto(d), "docname": d} for d in trail(env, pagename)]
        if not crumbs or crumbs[0]["docname"] != root:
            crumbs.insert(0, {"title": home, "url": pathto(root), "docname": root})
    context["helpcenter_breadcrumbs"] = crumbs
    context["helpcenter_sections"] = [
        {"title": title(env, d), "url": pathto(d)} for d in env.toctree_includes.get(root, []) if d in env.titles
    ]
    if crumbs and app.config.html_baseurl:
        base = app.config.html_baseurl
        items = [*crumbs, {"title": context.get("title", ""), "docname": pagename}]
        context["helpcenter_breadcrumb_jsonld"] = script_json(
            {
                "@context": "https://schema.org",
                "@type": "BreadcrumbList",
                "itemListElement": [
                    {
                        "@type": "ListItem",
                        "position": position,
                        "name": _plain(item["title"]),
                        "item": base + app.builder.get_target_uri(item["docname"]),
                    }
                    for position, item in enumerate(items, start=1)
                ],
            }
        )


def _plain(html_title: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html_title))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", add_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
