"""The list of published languages, read from ``locales/languages.toml``.

Everything that needs the languages (the Makefile, ``conf.py``, the language
switcher, the sitemap, the tests) asks this module, so adding a language is one
entry in that file plus its catalogs.
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .project import current

_CODE = re.compile(r"^[a-z]{2,3}(?:_[A-Z]{2})?$")


class LanguageError(InputError, ValueError):
    """The languages file is malformed, or a language is not in it."""


@dataclass(frozen=True)
class Language:
    code: str
    name: str
    #: A language still being translated: published with English where a
    #: translation is missing, instead of failing the build.
    draft: bool = False

    @property
    def hreflang(self) -> str:
        """The BCP 47 tag for ``hreflang`` and ``<html lang>`` (``pt_BR`` -> ``pt-BR``)."""
        return self.code.replace("_", "-")


def load(path: Path | None = None) -> list[Language]:
    """Read the languages, source language first; raise LanguageError if malformed.

    The file is the current checkout's ``locales/languages.toml`` unless given
    (Sphinx extensions give the one beside their ``locale_dirs``)."""
    path = path or current().languages_file
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LanguageError(f"{path}: file not found; it lists the published languages") from None
    except tomllib.TOMLDecodeError as exc:
        raise LanguageError(f"{path}: {exc}; fix the TOML syntax") from None
    entries = data.get("language")
    if not isinstance(entries, list) or not entries:
        raise LanguageError(f"{path}: no [[language]] entries; add one per language")
    languages: list[Language] = []
    for number, entry in enumerate(entries, start=1):
        code, name = entry.get("code"), entry.get("name")
        if not isinstance(code, str) or not _CODE.match(code):
            raise LanguageError(
                f"{path}: language #{number} has code {code!r}; use an ISO 639 code such as 'de' or 'pt_BR'"
            )
        if not isinstance(name, str) or not name.strip():
            raise LanguageError(f"{path}: language {code!r} needs a name, written in that language")
        if any(lang.code == code for lang in languages):
            raise LanguageError(f"{path}: language {code!r} is listed twice")
        draft = entry.get("draft", False)
        if not isinstance(draft, bool):
            raise LanguageError(f"{path}: language {code!r}: draft must be true or false")
        languages.append(Language(code, name.strip(), draft))
    return languages


def source(path: Path | None = None) -> Language:
    """The source language: the first entry."""
    return load(path)[0]


def get(code: str, path: Path | None = None) -> Language:
    """The language with this code, or a LanguageError that lists the known codes."""
    languages = load(path)
    for language in languages:
        if language.code == code:
            return language
    known = ", ".join(lang.code for lang in languages)
    raise LanguageError(
        f"unknown language {code!r}: the languages are {known} ({current().relative(path or current().languages_file)}); "
        f"add one with `make add-language lang={code} name=...`"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["codes", "translations"], help="print every code, or the codes of translations only")
    args = parser.parse_args(argv)
    try:
        languages = load()
    except LanguageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.what == "translations":
        languages = languages[1:]
    print(" ".join(lang.code for lang in languages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
