"""The benchmark's baseline: the same pages as plain Sphinx and Furo make them.

Not part of the site: the benchmark adds this extension to the build
(``stock_args``). It drops this site's templates, sidebar and CSS, keeps
every asset Furo and Sphinx link, and uses Sphinx's own search; the build
runs in plain ``sphinx`` (not the tuned process) with every performance patch
off (``HELPCENTER_PATCHES_OFF=all``), so no patch of ``helpcenter.sphinxext.patches``
is in it. The site's extensions stay, so the same pages build (the channel
facts, FAQ, redirects); ``helpcenter_optimize = False`` turns off the
sidebar, stylesheet and asset patches, ``helpcenter_search = "sphinx"``
keeps Sphinx's own search.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util.tags import Tags

from helpcenter.sphinxext.patches import OFF_VARIABLE

#: bench/ is a folder of the checkout, not of the installed package: the build's Sphinx finds it on PYTHONPATH.
STOCK_ENV = {
    OFF_VARIABLE: "all",
    "PYTHONPATH": os.pathsep.join(filter(None, [str(Path(__file__).resolve().parent.parent), os.environ.get("PYTHONPATH")])),
}


def apply_stock(app: Sphinx, config: Config) -> None:
    config.templates_path = []
    config.html_sidebars = {}
    config.html_css_files = []
    config.helpcenter_optimize = False
    config.helpcenter_search = "sphinx"


def stock_args(docs: Path) -> list[str]:
    """The `helpcenter build` options of a stock build: plain sphinx, conf.py's extensions plus this one."""
    extensions = Config.read(docs, overrides={}, tags=Tags()).extensions
    return ["--sphinx-module", "sphinx", "--define", f"extensions={','.join([*extensions, __name__])}"]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("config-inited", apply_stock, priority=90)  # before the settings are checked
    return {"parallel_read_safe": True, "parallel_write_safe": True}
