"""Sphinx's output folder holds only what the sources still make.

Sphinx never deletes an output: a removed page's HTML, or an image no page
uses any more, stays in the output folder, and publishing (which mirrors that
folder) would serve it for good. So a removed page's file goes as soon as
Sphinx notices the page is gone, before anything else is saved, and at the
end of a build every image or download that no page uses is removed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)


def remove_pages(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """The pages whose source is gone lose their output now: before the environment is
    saved, so even a build killed later on knows nothing more of them."""
    if app.builder.format != "html":
        return []
    for docname in sorted(removed):
        output = Path(app.builder.get_outfilename(docname))
        if output.is_file():
            output.unlink()
            logger.info("removed %s: its source is gone", output.relative_to(app.outdir))
    return []


def _expected(files: Any, folder: str) -> set[str]:
    return {f"{folder}/{unique}" for _docnames, unique in files.values()}


def remove_unused_files(app: Sphinx, exception: Exception | None) -> None:
    """Images and downloads that no page of the environment uses any more."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    wanted = _expected(app.env.images, "_images") | _expected(app.env.dlfiles, "_downloads")
    for folder in ("_images", "_downloads"):
        for path in sorted((outdir / folder).rglob("*")):
            if path.is_file() and path.relative_to(outdir).as_posix() not in wanted:
                path.unlink()


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("env-get-outdated", remove_pages)
    app.connect("build-finished", remove_unused_files)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
