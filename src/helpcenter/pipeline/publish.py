"""Publishing the built languages into the served folder, all or nothing.

Sphinx builds into a work folder that it keeps for incremental builds. Once
every language has built, the site is assembled in a new release folder: a
copy of the current release made with hard links (no data written), in which
only the files that changed are replaced. The published path (``_build/html``)
is a symbolic link to the current release, switched to the new one with a
single rename: readers never see a mix of old and new pages nor a moment
without a site, a failed or killed build leaves the published site as it was,
and a build that changed nothing writes nothing.

The release replaced is kept as a spare, and the next release is made from
it: every file of the spare that is not the current release's file (not the
same inode) is removed, and the current files it lacks are linked in. So a
one-page change links and removes a few files rather than the whole site
(at 50× today's size, 23,000 links and as many removals): whatever a killed
publish left in the spare is undone.

Finding those files means a stat of every file of the spare. A swap writes
down how the new spare differs from the served release (the files it
changed) with the time of each of the spare's folders; the next publish
deletes that record before it touches the spare, and trusts it only if the
two releases are the ones named and no folder of the spare has changed
since (a file added, removed or replaced changes its folder's time). Folder
times less than ``RACY_NS`` older than the record are not trusted (a file
system's clock is coarse: a change in the same tick would not show). Without
a record it can trust, a publish checks every file of the spare as above.
"""

from __future__ import annotations

import filecmp
import json
import os
import posixpath
import shutil
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from .. import languages, settings
from ..files import same_file, walk
from ..sphinxext import csp, notfound
from . import compress, offline, root_page, sitemap

#: Sphinx's own bookkeeping, not part of the site.
NOT_PUBLISHED = {".buildinfo", ".buildinfo.bak", "objects.inv", ".doctrees"}
#: The offline manifest's records of the published files, in the work folder.
KNOWN = "published-files.pickle"
#: In the releases folder: how the spare differs from the served release (written by each swap).
SPARE_RECORD = ".spare.json"
#: The spare's folder times must be this much older than its record to be trusted.
RACY_NS = 2_000_000_000


def releases_of(outdir: Path) -> Path:
    """The folder that holds the releases the published link points into."""
    return outdir.with_name(f".{outdir.name}.releases")


def folders_of(names: Iterable[str]) -> set[str]:
    """Every folder that holds one of the files named ('a/b/c.html' -> 'a/b', 'a'), and '' (the top)."""
    folders = {""}
    for folder in {posixpath.dirname(name) for name in names}:
        while folder not in folders:
            folders.add(folder)
            folder = posixpath.dirname(folder)
    return folders


def current_release(outdir: Path) -> Path | None:
    """The folder readers are served: the link's target (or a plain folder left by an older version)."""
    if outdir.is_symlink() or outdir.is_dir():
        return outdir.resolve() if outdir.exists() else None
    return None


def recover(outdir: Path) -> Path | None:
    """Remove a half-made link and every release but the served one and one spare
    (any other: the spare is made right whatever it holds); return the spare."""
    current = current_release(outdir)
    releases = releases_of(outdir)
    others = sorted(
        release for release in releases.iterdir() if release.resolve() != current and release.is_dir() and not release.is_symlink()
    ) if releases.is_dir() else []  # fmt: skip
    for release in others[:-1]:
        shutil.rmtree(release, ignore_errors=True)
    outdir.with_name(f".{outdir.name}.link").unlink(missing_ok=True)
    return others[-1] if others and current is not None else None


class Staging:
    """A new release: a hard-linked copy of the current one; counts what it replaces.
    ``files`` is what the release holds (path -> stat), kept up to date, so that
    publishing stats the site once rather than once for each question it asks."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        self.spare = recover(outdir)
        self.path = self.spare or releases_of(outdir) / f"{time.time_ns()}"
        self.changed: list[str] = []
        self.current = current_release(outdir)
        self.files = walk(self.current) if self.current is not None else {}
        self.served = set(self.files)  # the served release's files, as they stay until the swap
        self.made = False

    def _make(self) -> None:
        """The release folder, at the first change: a build that changes nothing makes none.
        From the spare if there is one: only what differs from the current release is redone."""
        if self.made:
            return
        self.made = True
        old, new = f"{self.current}/", f"{self.path}/"  # strings: pathlib per file costs more than the link
        differs = self._spare_record() if self.spare is not None else None
        # The spare is about to change: a publish killed from here on leaves no record to trust.
        (releases_of(self.outdir) / SPARE_RECORD).unlink(missing_ok=True)
        if self.spare is None:
            linked: set[str] = set()
        elif differs is None or (linked := self._fix_spare(differs)) is None:
            linked = self._clear_spare()
        self.path.mkdir(parents=True, exist_ok=True)
        made = {""}
        for name in self.files.keys() - linked:
            folder = posixpath.dirname(name)
            if folder not in made:
                os.makedirs(new + folder, exist_ok=True)
                made.add(folder)
            os.link(old + name, new + name)

    def _clear_spare(self) -> set[str]:
        """Remove from the spare everything that is not a link to the served file of the
        same name (anything else: a file written since, a link, a folder no longer
        published); return the names it keeps."""
        kept: set[str] = set()
        wanted = folders_of(self.files)

        def clear(prefix: str, folder: str) -> None:
            with os.scandir(folder) as entries:
                for entry in entries:
                    name = prefix + entry.name
                    if entry.is_dir(follow_symlinks=False):
                        clear(name + "/", entry.path)
                        if name not in wanted:
                            os.rmdir(entry.path)
                        continue
                    served, stat = self.files.get(name), entry.stat(follow_symlinks=False)
                    same = served is not None and (served.st_ino, served.st_dev) == (stat.st_ino, stat.st_dev)
                    if same and entry.is_file(follow_symlinks=False):
                        kept.add(name)
                    else:
                        os.unlink(entry.path)

        clear("", os.fspath(self.path))
        return kept

    def _spare_record(self) -> list[str] | None:
        """The files in which the spare differs from the served release, if the last swap's
        record of them still holds (see the module's text); None if it does not."""
        assert self.spare is not None and self.current is not None
        path = releases_of(self.outdir) / SPARE_RECORD
        try:
            written = path.stat().st_mtime_ns
            record = json.loads(path.read_text(encoding="utf-8"))
            if (record["spare"], record["current"]) != (self.spare.name, self.current.name):
                return None
            for folder, mtime in record["folders"].items():
                if mtime > written - RACY_NS or os.stat(f"{self.spare}/{folder}").st_mtime_ns != mtime:
                    return None
            return list(record["differs"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def _fix_spare(self, differs: list[str]) -> set[str] | None:
        """Remove from the spare the files the record names, and the folders that leaves
        empty and unwanted; return the names it keeps (None: something unexpected, scan instead)."""
        spare, wanted = os.fspath(self.path), folders_of(self.files)
        emptied: set[str] = set()
        for name in differs:
            try:
                os.unlink(f"{spare}/{name}")
            except FileNotFoundError:
                pass
            except OSError:
                return None  # a folder where a file was, say
            folder = posixpath.dirname(name)
            while folder not in wanted:
                emptied.add(folder)
                folder = posixpath.dirname(folder)
        for folder in sorted(emptied, key=lambda f: -f.count("/")):  # the deepest first
            try:
                os.rmdir(f"{spare}/{folder}")
            except FileNotFoundError:
                pass
            except OSError:
                return None  # not empty: the record did not name everything
        return self.files.keys() - set(differs)

    def read_path(self, relative: str) -> Path:
        """Where a file of the release is read: the new release once made, else the current one."""
        return (self.path if self.made or self.current is None else self.current) / relative

    def _replace(self, relative: str, write: Callable[[Path], object]) -> None:
        self._make()
        target = self.path / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if relative in self.files:
            target.unlink()  # never write through a link into the published file
        write(target)
        self.files[relative] = target.stat()
        self.changed.append(relative)

    def remove(self, relative: str) -> None:
        self._make()
        (self.path / relative).unlink()
        del self.files[relative]
        self.changed.append(relative)

    def copy(self, source: str, relative: str, stat: os.stat_result) -> None:
        old = self.files.get(relative)
        # Same size and modification time, and not written since the published copy was made
        # (its inode change time: copy2 and utime set it, and no utime can set it back): the
        # file copied last time, so a build reads only the files Sphinx wrote again, not the
        # whole site twice. Sphinx copies static files with their source's time: a stylesheet
        # edited to the same size and time is still compared.
        if old is not None and same_file(old, stat) and stat.st_ctime_ns < old.st_ctime_ns:
            return
        published = self.read_path(relative)
        if old is None or not filecmp.cmp(source, published, shallow=False):
            self._replace(relative, lambda t: shutil.copy2(source, t))
        else:
            # Sphinx wrote the same bytes again: the published file takes the new time
            # (its content is unchanged), so later builds need not compare it again.
            os.utime(published, ns=(stat.st_atime_ns, stat.st_mtime_ns))
            self.files[relative] = published.stat()

    def write_text(self, relative: str, text: str) -> None:
        if relative not in self.files or self.read_path(relative).read_text(encoding="utf-8") != text:
            self._replace(relative, lambda t: t.write_text(text, encoding="utf-8"))

    def sync_folder(self, source: Path, relative: str, rewritten: set[str]) -> None:
        """Make staging/relative the same as source, copying only what differs;
        the files named in rewritten are written by the caller instead."""
        wanted = {name: stat for name, stat in walk(source).items() if not NOT_PUBLISHED.intersection(name.split("/"))}
        for name in sorted(wanted.keys() - rewritten):
            self.copy(f"{source}/{name}", f"{relative}/{name}", wanted[name])
        inside, kept = f"{relative}/", wanted.keys() | rewritten
        for stale in sorted(name for name in self.files if name.startswith(inside) and not name.endswith((".gz", ".br"))):
            if stale[len(inside) :] not in kept:
                self.remove(stale)

    def compress_changed(self) -> None:
        """(Re)write .gz and .br copies of the text files that changed or lack them."""
        changed, files = set(self.changed), self.files
        originals: set[str] = set()
        wanted: list[str] = []
        # One pass, the cheap questions first: on a large site most files are copies, or
        # unchanged files that have theirs.
        for name, stat in files.items():
            if name.endswith((".gz", ".br")):
                originals.add(name[:-3])
            elif name in changed or name + ".gz" not in files or name + ".br" not in files:
                if compress.wants_compression(name, stat.st_size):
                    wanted.append(name)
        for name in sorted(wanted):
            for suffix, data in compress.compressed(self.read_path(name).read_bytes()).items():
                self._replace(name + suffix, lambda t, data=data: t.write_bytes(data))
        # Gone, or shrunk below the size worth compressing: a host would serve the stale copy.
        stale = {n for n in originals if n not in files or not compress.wants_compression(n, files[n].st_size)}
        for copy in sorted(n + suffix for n in stale for suffix in (".gz", ".br") if n + suffix in files):
            self.remove(copy)

    def swap_in(self) -> None:
        """Point the published link at this release with one rename; the old release stays, as the next one's spare."""
        if not self.changed:
            return
        if self.outdir.is_dir() and not self.outdir.is_symlink():
            # A plain folder published by an older version: moved aside once (the next spare), then linked.
            os.replace(self.outdir, releases_of(self.outdir) / "previous")
        link = self.outdir.with_name(f".{self.outdir.name}.link")
        link.unlink(missing_ok=True)
        link.symlink_to(self.path.relative_to(self.outdir.parent))
        os.replace(link, self.outdir)
        if self.current is not None and self.current.parent == self.path.parent:
            self._write_spare_record()

    def _write_spare_record(self) -> None:
        """The replaced release is now the spare: it differs from the new one in the files changed."""
        assert self.current is not None
        spare = os.fspath(self.current)
        record = {
            "spare": self.current.name, "current": self.path.name, "differs": sorted(set(self.changed)),
            "folders": {folder: os.stat(f"{spare}/{folder}").st_mtime_ns for folder in sorted(folders_of(self.served))},
        }  # fmt: skip
        path = releases_of(self.outdir) / SPARE_RECORD
        partial = path.with_name(path.name + ".partial")
        partial.write_text(json.dumps(record, separators=(",", ":")), encoding="utf-8")
        os.replace(partial, path)


class Publication:
    """One publish, a language at a time (each as soon as it has built), then the site's
    own files and the swap: nothing is served until finish()."""

    def __init__(self, built: Path, outdir: Path) -> None:
        self.built = built
        self.staging = Staging(outdir)
        self.prefix = settings.path_prefix()
        self.budget = settings.offline_budget_kb() * 1000
        # What earlier publishes learnt of the published files, kept in the work folder.
        self.known = offline.Known(built.parent / KNOWN)

    def language(self, code: str) -> None:
        staging, built = self.staging, self.built
        # The 404 and offline pages are served at any depth: their links must be absolute.
        anywhere = [f"{notfound.PAGE}.html", f"{offline.PAGE}.html"]
        staging.sync_folder(built / code, code, rewritten={*anywhere, offline.WORKER})
        for name in anywhere:
            page = built / code / name
            if page.is_file():
                staging.write_text(f"{code}/{name}", notfound.absolutize(page.read_text(encoding="utf-8"), f"{self.prefix}{code}/"))
        if f"{code}/{offline.PAGE}.html" in staging.files:
            files = {name[len(code) + 1 :]: stat for name, stat in staging.files.items() if name.startswith(f"{code}/")}
            entries = offline.collect(staging.read_path(code), f"{self.prefix}{code}/", self.known, files)
            staging.write_text(f"{code}/{offline.WORKER}", offline.worker(offline.within_budget(entries, self.budget)))
        elif f"{code}/{offline.WORKER}" in staging.files:  # a build without the site's templates (the benchmark's stock build)
            staging.remove(f"{code}/{offline.WORKER}")

    def finish(self) -> list[str]:
        """The root pages, sitemap and headers, the compressed copies, then the swap; the files that changed."""
        staging, known = self.staging, self.known
        listed = languages.load()
        # A language taken off the list is no longer published: its folder goes (the site's
        # only folders are its languages').
        codes = {lang.code for lang in listed}
        gone = sorted(n for n in staging.files if "/" in n and n.split("/", 1)[0] not in codes)
        for name in gone:
            staging.remove(name)
        for folder in sorted({name.split("/", 1)[0] for name in gone}):
            shutil.rmtree(staging.path / folder)  # its files removed above: empty folders only
        published = [lang for lang in listed if staging.read_path(lang.code).is_dir()]
        # Hosts serve the root 404.html for any missing URL: the source language's.
        source_404 = staging.read_path(f"{published[0].code}/{notfound.PAGE}.html")
        if source_404.is_file():
            staging.write_text(f"{notfound.PAGE}.html", source_404.read_text(encoding="utf-8"))
        for name, text in root_page.files(staging.read_path(""), published).items():
            staging.write_text(name, text)
        redirect = lambda name: known.page(staging.files[name], name, lambda: staging.read_path(name))["redirect"]  # noqa: E731
        staging.write_text("sitemap.xml", sitemap.render(staging.read_path(""), published, settings.base_url(), staging.files, redirect))
        staging.write_text("robots.txt", sitemap.robots(settings.base_url()))
        staging.write_text("_headers", csp.HEADERS)
        staging.compress_changed()
        staging.swap_in()
        known.save()
        return staging.changed


def publish(built: Path, outdir: Path, codes: list[str]) -> list[str]:
    """Publish built/<code> for each code into outdir; return the files that changed."""
    publication = Publication(built, outdir)
    for code in codes:
        publication.language(code)
    return publication.finish()
