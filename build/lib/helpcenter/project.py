"""Which checkout is being worked on: found from the current directory, as git finds its repository.

The commands never use the package's own install location: a second clone that
shares the first clone's virtual environment, or a non-editable install,
builds the checkout it is run in. That checkout is the nearest folder, from
the current directory upward, that holds ``docs/conf.py``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

MARKER = Path("docs") / "conf.py"


class ProjectError(InputError):
    """No help center checkout here."""


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def locales(self) -> Path:
        return self.root / "locales"

    @property
    def languages_file(self) -> Path:
        return self.locales / "languages.toml"

    @property
    def settings_file(self) -> Path:
        return self.root / "site.toml"

    @property
    def build(self) -> Path:
        return self.root / "_build"

    def relative(self, path: Path) -> str:
        """A path as messages show it: relative to the checkout where it is inside."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)


def find(start: Path | None = None) -> Project:
    """The checkout holding start (the current directory by default)."""
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / MARKER).is_file():
            return Project(folder)
    raise ProjectError(
        f"no help center checkout here: neither {start} nor a folder above it holds {MARKER}; "
        "run the command inside your clone"
    )


@functools.cache
def _cached(cwd: Path) -> Project:
    return find(cwd)


def current() -> Project:
    """The checkout of the current directory (looked up once per directory)."""
    return _cached(Path.cwd())
