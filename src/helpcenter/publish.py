"""Publishing the built languages into the served folder, all or nothing.

Sphinx builds into a work folder that it keeps for incremental builds. Once
every language has built, a staging copy of the published folder is made
with hard links (no data written), the files that changed are replaced in it,
and it is swapped in with renames: readers never see a mix of old and new
pages, a failed build leaves the published site as it was, and a build that
changed nothing writes nothing.
"""

from __future__ import annotations

import filecmp
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from . import compress, csp, languages, notfound, root_page, settings, sitemap

#: Sphinx's own bookkeeping, not part of the site.
NOT_PUBLISHED = {".buildinfo", ".buildinfo.bak", "objects.inv", ".doctrees"}


class Staging:
    """A hard-linked copy of the published folder; counts what it replaces."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        self.path = outdir.with_name(outdir.name + ".new")
        self.changed: list[str] = []
        shutil.rmtree(self.path, ignore_errors=True)
        if outdir.is_dir():
            shutil.copytree(outdir, self.path, copy_function=os.link)
        else:
            self.path.mkdir(parents=True)

    def _replace(self, target: Path, write: Callable[[Path], object]) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            target.unlink()  # never write through a link into the published file
        write(target)
        self.changed.append(target.relative_to(self.path).as_posix())

    def copy(self, source: Path, relative: str) -> None:
        target = self.path / relative
        if not target.is_file() or not filecmp.cmp(source, target, shallow=False):
            self._replace(target, lambda t: shutil.copy2(source, t))

    def write_text(self, relative: str, text: str) -> None:
        target = self.path / relative
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            self._replace(target, lambda t: t.write_text(text, encoding="utf-8"))

    def sync_folder(self, source: Path, relative: str, rewritten: set[str]) -> None:
        """Make staging/relative the same as source, copying only what differs;
        the files named in rewritten are written by the caller instead."""
        wanted = {
            p.relative_to(source).as_posix()
            for p in source.rglob("*")
            if p.is_file() and not NOT_PUBLISHED.intersection(p.relative_to(source).parts)
        }
        for name in sorted(wanted - rewritten):
            self.copy(source / name, f"{relative}/{name}")
        target = self.path / relative
        for stale in sorted(p for p in target.rglob("*") if p.is_file() and p.suffix not in {".gz", ".br"}):
            if stale.relative_to(target).as_posix() not in wanted | rewritten:
                stale.unlink()
                self.changed.append(stale.relative_to(self.path).as_posix())

    def compress_changed(self) -> None:
        """(Re)write .gz and .br copies of the text files that changed or lack them."""
        changed = set(self.changed)
        for path in sorted(p for p in self.path.rglob("*") if p.is_file() and compress.wants_compression(p)):
            relative = path.relative_to(self.path).as_posix()
            missing = any(not path.with_name(path.name + suffix).is_file() for suffix in (".gz", ".br"))
            if relative in changed or missing:
                for suffix, data in compress.compressed(path.read_bytes()).items():
                    target = path.with_name(path.name + suffix)
                    self._replace(target, lambda t, data=data: t.write_bytes(data))
        for copy in sorted(p for p in self.path.rglob("*") if p.suffix in {".gz", ".br"}):
            original = copy.with_suffix("")
            if not original.is_file():
                copy.unlink()
                self.changed.append(copy.relative_to(self.path).as_posix())

    def swap_in(self) -> None:
        if not self.changed:
            shutil.rmtree(self.path)
            return
        retired = self.outdir.with_name(self.outdir.name + ".old")
        shutil.rmtree(retired, ignore_errors=True)
        if self.outdir.is_dir():
            os.replace(self.outdir, retired)
        os.replace(self.path, self.outdir)
        shutil.rmtree(retired, ignore_errors=True)


def publish(built: Path, outdir: Path, codes: list[str]) -> list[str]:
    """Publish built/<code> for each code into outdir; return the files that changed."""
    staging = Staging(outdir)
    prefix = settings.path_prefix()
    for code in codes:
        staging.sync_folder(built / code, code, rewritten={f"{notfound.PAGE}.html"})
        # The 404 page is served at any depth: its links must be absolute.
        page = built / code / f"{notfound.PAGE}.html"
        if page.is_file():
            staging.write_text(f"{code}/{notfound.PAGE}.html", notfound.absolutize(page.read_text(encoding="utf-8"), f"{prefix}{code}/"))
    published = [lang for lang in languages.load() if (staging.path / lang.code).is_dir()]
    # Hosts serve the root 404.html for any missing URL: the source language's.
    source_404 = staging.path / published[0].code / f"{notfound.PAGE}.html"
    if source_404.is_file():
        staging.write_text(f"{notfound.PAGE}.html", source_404.read_text(encoding="utf-8"))
    for name, text in root_page.files(staging.path, published).items():
        staging.write_text(name, text)
    staging.write_text("sitemap.xml", sitemap.render(staging.path, published, settings.base_url()))
    staging.write_text("robots.txt", sitemap.robots(settings.base_url()))
    staging.write_text("_headers", csp.HEADERS)
    staging.compress_changed()
    staging.swap_in()
    return staging.changed
