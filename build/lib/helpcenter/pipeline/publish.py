"""Publishing the built languages into the served folder, all or nothing.

Sphinx builds into a work folder that it keeps for incremental builds. Once
every language has built, the site is assembled in a new release folder: a
copy of the current release made with hard links (no data written), in which
only the files that changed are replaced. The published path (``_build/html``)
is a symbolic link to the current release, switched to the new one with a
single rename: readers never see a mix of old and new pages nor a moment
without a site, a failed or killed build leaves the published site as it was,
and a build that changed nothing writes nothing.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from .. import languages, settings
from ..sphinxext import csp, notfound
from . import compress, offline, root_page, sitemap

#: Sphinx's own bookkeeping, not part of the site.
NOT_PUBLISHED = {".buildinfo", ".buildinfo.bak", "objects.inv", ".doctrees"}


def releases_of(outdir: Path) -> Path:
    """The folder that holds the releases the published link points into."""
    return outdir.with_name(f".{outdir.name}.releases")


def current_release(outdir: Path) -> Path | None:
    """The folder readers are served: the link's target (or a plain folder left by an older version)."""
    if outdir.is_symlink() or outdir.is_dir():
        return outdir.resolve() if outdir.exists() else None
    return None


def recover(outdir: Path) -> None:
    """Remove what a killed publish left behind: releases nobody is served, a half-made link."""
    current = current_release(outdir)
    releases = releases_of(outdir)
    if releases.is_dir():
        for release in releases.iterdir():
            if release.resolve() != current:
                shutil.rmtree(release, ignore_errors=True)
    outdir.with_name(f".{outdir.name}.link").unlink(missing_ok=True)


class Staging:
    """A new release: a hard-linked copy of the current one; counts what it replaces."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        recover(outdir)
        releases = releases_of(outdir)
        releases.mkdir(parents=True, exist_ok=True)
        self.path = releases / f"{time.time_ns()}"
        self.changed: list[str] = []
        current = current_release(outdir)
        if current is not None:
            shutil.copytree(current, self.path, copy_function=os.link)
        else:
            self.path.mkdir()

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
        """Point the published link at this release with one rename, then drop the old release."""
        if not self.changed:
            shutil.rmtree(self.path)
            return
        old = current_release(self.outdir)
        if self.outdir.is_dir() and not self.outdir.is_symlink():
            # A plain folder published by an older version: moved aside once, then linked.
            old = releases_of(self.outdir) / "previous"
            os.replace(self.outdir, old)
        link = self.outdir.with_name(f".{self.outdir.name}.link")
        link.unlink(missing_ok=True)
        link.symlink_to(self.path.relative_to(self.outdir.parent))
        os.replace(link, self.outdir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def publish(built: Path, outdir: Path, codes: list[str]) -> list[str]:
    """Publish built/<code> for each code into outdir; return the files that changed."""
    staging = Staging(outdir)
    prefix = settings.path_prefix()
    budget = settings.offline_budget_kb() * 1000
    for code in codes:
        # The 404 and offline pages are served at any depth: their links must be absolute.
        anywhere = [f"{notfound.PAGE}.html", f"{offline.PAGE}.html"]
        staging.sync_folder(built / code, code, rewritten={*anywhere, offline.WORKER})
        for name in anywhere:
            page = built / code / name
            if page.is_file():
                staging.write_text(f"{code}/{name}", notfound.absolutize(page.read_text(encoding="utf-8"), f"{prefix}{code}/"))
        if (staging.path / code / f"{offline.PAGE}.html").is_file():
            kept = offline.within_budget(offline.collect(staging.path / code, f"{prefix}{code}/"), budget)
            staging.write_text(f"{code}/{offline.WORKER}", offline.worker(kept))
        elif (staging.path / code / offline.WORKER).is_file():  # a build without the site's templates (the benchmark's stock build)
            (staging.path / code / offline.WORKER).unlink()
            staging.changed.append(f"{code}/{offline.WORKER}")
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
