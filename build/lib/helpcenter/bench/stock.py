"""The benchmark's baseline: the same pages as Furo and Sphinx make them.

Not part of the site: the benchmark adds this extension to the build
(``stock_defines``). It drops this site's templates, sidebar and CSS, keeps
every asset Furo and Sphinx link, and uses Sphinx's own search, so each
figure can be measured against it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config


def apply_stock(app: Sphinx, config: Config) -> None:
    config.templates_path = []
    config.html_sidebars = {}
    config.html_css_files = []
    config.helpcenter_optimize = False
    config.helpcenter_search = "sphinx"


def stock_defines(docs: Path) -> list[str]:
    """The sphinx-build definitions of a stock build: conf.py's extensions, plus this one."""
    extensions = Config.read(docs).extensions
    return [f"extensions={','.join([*extensions, __name__])}"]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", apply_stock, priority=90)  # before the settings are checked
    return {"parallel_read_safe": True, "parallel_write_safe": True}
