"""The offline page of each language, and the script that registers its service worker.

The worker (written when the site is published: ``pipeline/offline.py``) shows
this page for a page it has not kept, at that page's address: publishing makes
its links absolute, as for the 404 page. It names every support channel and how
to reach it, as plain text: those routes work once the reader is online again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .notfound import has_template, unchanged_build

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PAGE = "offline"


def collect_page(app: Sphinx) -> list[tuple[str, dict[str, Any], str]]:
    if unchanged_build(app, PAGE) or not has_template(app.builder, f"{PAGE}.html"):
        return []  # unchanged; or a build with the theme's own templates only (the benchmark's stock build)
    from .channel_data import PRODUCTS, channels_of

    data = channels_of(app.env)
    # Each product's channels that the sources say how to reach, named with their product.
    routes = [
        {"name": f"{data.text(c, 'name')} ({product})", "reach": data.text(c, "reach", product), "official": c.fact(product, "reach").url}
        for product in PRODUCTS
        for c in data.channels
        if data.stated(c, "reach", product)
    ]
    return [(PAGE, {"title": app.translator.gettext("You are offline"), "helpcenter_offline_routes": routes}, f"{PAGE}.html")]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-collect-pages", collect_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
