"""The benchmark's baseline: the same pages as Furo and Sphinx make them.

``-D helpcenter_stock=1`` (``make bench`` sets it) drops this site's
templates, sidebar and CSS, keeps every asset Furo and Sphinx link, and uses
Sphinx's own search, so the benchmark can measure each figure against it.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.config import Config


def apply_stock(app: Sphinx, config: Config) -> None:
    if not config.helpcenter_stock:
        return
    config.templates_path = []
    config.html_sidebars = {}
    config.html_css_files = []
    config.helpcenter_optimize = False
    config.helpcenter_search = "sphinx"


def setup(app: Sphinx) -> None:
    app.add_config_value("helpcenter_stock", False, "env", types=[bool])
    app.connect("config-inited", apply_stock, priority=100)
