"""The build's work folder: one build at a time, and no state kept from a build that did not finish.

Sphinx keeps its environment, doctrees and output between builds to rebuild
only what changed, and the extensions keep records beside them (the search
entries, the extra pages' key). A build that failed or was killed part-way
can leave those out of step with each other or with the sources: a page
written but its search entries not saved, a label half-registered. So each
language's folders are marked incomplete while it builds, and the mark is
removed only once the site is published; a language still marked at the
next build is built again from scratch.
"""

from __future__ import annotations

import fcntl
import os
import shutil
from contextlib import ExitStack, contextmanager
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError


class BusyError(InputError):
    """Another build holds the lock."""


@contextmanager
def locked(*paths: Path) -> Iterator[list[int]]:
    """Hold an exclusive lock on each file (created if need be); yield their descriptors.

    The lock is the kernel's (flock): it goes when the process holding it
    ends, however it ends, so a killed build never leaves a stale lock.
    Child processes that inherit a descriptor hold the lock until they end too.
    """
    with ExitStack() as stack:
        descriptors = []
        for path in paths:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            stack.callback(os.close, fd)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
                raise BusyError(
                    f"another build is running with {path} (process {holder}); "
                    "wait for it to finish, or stop it, then run the build again"
                ) from None
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            descriptors.append(fd)
        yield descriptors


def _mark(workdir: Path, lang: str) -> Path:
    return workdir / f"incomplete-{lang}"


def start(workdir: Path, lang: str) -> bool:
    """Mark the language's build as under way; if the last one did not finish, wipe its state first.

    Returns whether the language starts from scratch because of that."""
    mark = _mark(workdir, lang)
    fresh = mark.exists()
    if fresh:
        for folder in (workdir / "sphinx" / lang, workdir / "doctrees" / lang):
            shutil.rmtree(folder, ignore_errors=True)
    mark.parent.mkdir(parents=True, exist_ok=True)
    mark.touch()
    return fresh


def finish(workdir: Path, lang: str) -> None:
    """The language's build is published: its state can be trusted next time."""
    _mark(workdir, lang).unlink(missing_ok=True)
