"""The help center's own Sphinx extensions, one feature per module.

``conf.py`` lists ``helpcenter`` in ``extensions``; :func:`setup` hands the
application to each feature's own ``setup``.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx

from . import alternates, anchors, channels, pagemeta, searchbox, theme_i18n

__version__ = "1.0.0"


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("helpcenter_base_url", "", "html", types=[str])
    for feature in (alternates, anchors, channels, pagemeta, searchbox, theme_i18n):
        feature.setup(app)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
