"""Sphinx lists the catalog folder once per build after loading the extensions, not twice.

A translated build asks ``CatalogRepository.catalogs`` for every ``.po`` file
three times (``Sphinx._init_i18n``, before any extension is loaded, then
``BuildEnvironment.find_files`` and ``Builder.compile_update_catalogs``), and
each time walks the folder with pathlib: at 50× today's size (1,450
catalogs) each walk costs a tenth of a second of a one-page French rebuild.
The catalogs cannot change during a build, so the last two share one
listing, forgotten when the build ends. Sphinx's own listing is used, so what
it finds is unchanged; remove this when Sphinx lists the catalogs once
(``sphinx/util/i18n.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.metadata import version
from typing import TYPE_CHECKING, Any

from sphinx.errors import ExtensionError

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.i18n import CatalogInfo, CatalogRepository

#: (base folder, locale folders, language, encoding) -> the catalogs listed in this build.
_LISTED: dict[tuple[Any, ...], list[CatalogInfo]] = {}


def install() -> bool:
    """Keep each build's listing; False if Sphinx changed and this no longer applies."""
    from sphinx.util import i18n

    listing = getattr(getattr(i18n, "CatalogRepository", None), "catalogs", None)
    if not isinstance(listing, property) or listing.fget is None:
        return False
    if getattr(listing.fget, "helpcenter_kept", False):
        return True
    original = listing.fget

    def catalogs(self: CatalogRepository) -> Iterator[CatalogInfo]:
        key = (str(self.basedir), tuple(map(str, self._locale_dirs)), self.language, self.encoding)
        if key not in _LISTED:
            _LISTED[key] = list(original(self))
        return iter(_LISTED[key])

    catalogs.helpcenter_kept = True  # type: ignore[attr-defined]
    i18n.CatalogRepository.catalogs = property(catalogs)  # type: ignore[method-assign,assignment]
    return True


def forget(app: Sphinx, exception: Exception | None) -> None:
    """The next build lists the catalogs again (tests run several builds in one process)."""
    _LISTED.clear()


def setup(app: Sphinx) -> dict[str, Any]:
    _LISTED.clear()
    if not install():
        raise ExtensionError(
            f"Sphinx {version('sphinx')} no longer has the CatalogRepository.catalogs property that "
            "helpcenter/sphinxext/i18n_speed.py keeps; update i18n_speed.py or pin Sphinx in pyproject.toml"
        )
    app.connect("build-finished", forget)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
