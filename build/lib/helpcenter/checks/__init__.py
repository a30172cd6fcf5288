"""Checks of the built site and the catalogs, run by ``make check``, the build and the tests.

Each check returns a list of :class:`Problem`; an empty list means it passed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing to fix: what kind, where (file relative to the repository, line), and what to do."""

    kind: str
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"
