"""The one base class of the mistakes in the repository's input that the
commands report as a message (file, line, what to do) rather than a traceback,
and the one line for a write the disk refused."""

from __future__ import annotations

import errno


class InputError(Exception):
    """Bad input: a language, a catalog, the channel data, a command-line value."""


#: What to do when the disk refuses a write, by errno.
DISK_REMEDIES = {
    errno.ENOSPC: "free some disk space (or build elsewhere with --work and --out) and run the build again",
    errno.EDQUOT: "free some of your disk quota (or build elsewhere with --work and --out) and run the build again",
    errno.EROFS: "the file system is read-only: build elsewhere with --work and --out, or mount it writable",
    errno.EACCES: "make the folder writable for you (or build elsewhere with --work and --out) and run the build again",
    errno.EPERM: "make the folder writable (chattr -i if it is immutable; or build elsewhere with --work and --out) and run the build again",
}


def disk_error(exc: OSError) -> str | None:
    """One line for a write the disk refused (full, read-only, not ours), or None for other errors."""
    remedy = DISK_REMEDIES.get(exc.errno or 0)
    if remedy is None:
        return None
    where = f" {exc.filename}" if exc.filename else ""
    return f"cannot write{where}: {exc.strerror}; {remedy}. The published site is as it was."
