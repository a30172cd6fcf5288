"""What a rebuild trusts, by content digest rather than modification time.

Sphinx decides what to rebuild by modification times: a page, a catalog or a
template edited and given an older time (a checkout, an archive, a copy that
keeps times, a clock put right) was not rebuilt, and a template, stylesheet
or data file changes every page at once. Before Sphinx starts, each
language's work folder is checked here:

- The site-wide inputs (conf.py, templates, ``_static``, ``_data``,
  ``site.toml``, the language list, the catalogs that are no page's (the
  interface's ``sphinx.po``, the channel data's ``channels.po``), the base URL, the build's ``--define``
  settings and ``requirements.lock``, the pinned versions of the packages that
  write the pages): if their
  digest differs from the one the language's last build recorded, its Sphinx
  state and output are removed and the language is built from scratch, which
  is a clean build by construction. Such edits are rare; a page edit is not
  one of them.
- The catalogs: Sphinx compiles a ``.po`` into its ``.mo`` only when the
  ``.po`` is newer. Each ``.mo`` whose ``.po`` digest differs from the one
  recorded is removed, so Sphinx compiles it again (and rereads the pages
  that use it, whose dependency it is).

Pages themselves are compared by digest inside Sphinx
(``sphinxext/change_detection.py``). The records sit in the language's
doctree folder, which a build that did not finish leaves marked (see
``workspace``): the next build starts that language afresh, records included.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from .. import languages, settings
from ..catalogs import catalog_dir
from ..project import Project

#: In each language's doctree folder: the digest of the site-wide inputs, and of each catalog.
SITE_RECORD = "helpcenter-site-inputs.json"
CATALOG_RECORD = "helpcenter-catalogs.json"
#: The folders of docs/ whose every file shapes every page.
SITE_FOLDERS = ("_templates", "_static", "_data")


def file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return "missing"


def _files_under(folder: Path) -> list[Path]:
    found = []
    for parent, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        found += [Path(parent, name) for name in sorted(files)]
    return found


def site_inputs(project: Project, lang: str, defines: list[str]) -> dict[str, str]:
    """Every input that shapes every page of a language, each with its digest (or value)."""
    inputs: dict[str, str] = {}
    # requirements.lock: the versions of Sphinx, Furo, MyST… (asking each package its version costs more
    # than a one-page rebuild's reading); the project's own code is Sphinx's env_version.
    for path in [project.docs / "conf.py", project.root / "site.toml", project.languages_file, project.root / "requirements.lock"]:
        inputs[path.relative_to(project.root).as_posix()] = file_digest(path)
    for folder in SITE_FOLDERS:
        for path in _files_under(project.docs / folder):
            inputs[path.relative_to(project.root).as_posix()] = file_digest(path)
    # The catalogs that are not a page's (sphinx.po: the interface; channels.po: the channel
    # data in every page's footer) shape every page of their language.
    if lang != languages.source().code and catalog_dir(lang, project.locales).is_dir():
        folder = catalog_dir(lang, project.locales)
        for path in sorted(folder.rglob("*.po")):
            page = path.relative_to(folder).with_suffix("").as_posix()
            if not any((project.docs / f"{page}{suffix}").is_file() for suffix in (".md", ".rst")):
                inputs[path.relative_to(project.root).as_posix()] = file_digest(path)
    inputs["base URL"] = settings.base_url(project)
    inputs["language"] = lang
    inputs["--define"] = "\0".join(defines)
    return inputs


def _load(path: Path) -> dict[str, str]:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        return record if isinstance(record, dict) else {}
    except (OSError, ValueError):
        return {}


def _save(path: Path, record: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(record, indent=0, sort_keys=True), encoding="utf-8")
    os.replace(partial, path)


def check_site_inputs(project: Project, workdir: Path, lang: str, defines: list[str]) -> list[str]:
    """Start the language from scratch if a site-wide input changed since its last build;
    return what changed (nothing on a first build or when nothing did)."""
    doctrees, output = workdir / "doctrees" / lang, workdir / "sphinx" / lang
    record = doctrees / SITE_RECORD
    now, before = site_inputs(project, lang, defines), _load(record)
    changed = sorted(key for key in now.keys() | before.keys() if now.get(key) != before.get(key))
    if not changed:
        return []
    for folder in (output, doctrees):
        shutil.rmtree(folder, ignore_errors=True)
    _save(record, now)
    return changed if before else []


def check_catalogs(project: Project, workdir: Path, lang: str) -> None:
    """Remove each compiled catalog (.mo) whose .po changed since the language's last build,
    whatever its modification time: Sphinx then compiles it again."""
    if lang == languages.source().code:
        return
    folder = catalog_dir(lang, project.locales)
    if not folder.is_dir():
        return
    record = workdir / "doctrees" / lang / CATALOG_RECORD
    before = _load(record)
    now = {}
    for po in sorted(folder.rglob("*.po")):
        key = po.relative_to(project.root).as_posix()
        now[key] = file_digest(po)
        if before.get(key) != now[key]:
            po.with_suffix(".mo").unlink(missing_ok=True)
    if now != before:
        _save(record, now)
