"""Publishing the built languages into the served folder, all or nothing.

Sphinx builds into a work folder that it keeps for incremental builds; only
when every language has built is the result copied next to the published
folder and swapped in with renames, so readers never see a mix of old and
new pages, and a failed build leaves the published site as it was.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from . import languages, notfound, root_page, settings, sitemap

#: Sphinx's own bookkeeping, not part of the site.
_NOT_PUBLISHED = shutil.ignore_patterns(".buildinfo", ".doctrees", "objects.inv")


def publish(built: Path, outdir: Path, codes: list[str]) -> None:
    """Copy built/<code> for each code into outdir, replacing them in one step."""
    staging = outdir.with_name(outdir.name + ".new")
    retired = outdir.with_name(outdir.name + ".old")
    for leftover in (staging, retired):
        shutil.rmtree(leftover, ignore_errors=True)
    if outdir.is_dir():
        # Keep the published languages that were not rebuilt this time.
        shutil.copytree(outdir, staging, ignore=shutil.ignore_patterns(*codes))
    staging.mkdir(parents=True, exist_ok=True)
    for code in codes:
        shutil.copytree(built / code, staging / code, ignore=_NOT_PUBLISHED)
        page = staging / code / f"{notfound.PAGE}.html"
        page.write_text(notfound.absolutize(page.read_text(encoding="utf-8"), f"{settings.path_prefix()}{code}/"), encoding="utf-8")
    published = [lang for lang in languages.load() if (staging / lang.code).is_dir()]
    # Hosts serve the root 404.html for any missing URL: the source language's.
    shutil.copyfile(staging / published[0].code / f"{notfound.PAGE}.html", staging / f"{notfound.PAGE}.html")
    root_page.write(staging, published)
    sitemap.write(staging, published, settings.base_url())
    if outdir.is_dir():
        os.replace(outdir, retired)
    os.replace(staging, outdir)
    shutil.rmtree(retired, ignore_errors=True)
