"""Sphinx lists the pages and catalogs, and finds what changed, with strings, not pathlib objects.

Before it reads anything, every build, a one-page rebuild too, asks of every
page: is it still there (``Project.discover``), which catalog does it depend
on (``BuildEnvironment.find_files``), has it or a file it depends on changed
(``BuildEnvironment.get_outdated_files``); in French it also lists every
catalog (``CatalogRepository.catalogs``, three times a build) and asks if its
``.mo`` is older than its ``.po`` (``CatalogInfo.is_outdated``). Sphinx makes
several pathlib objects per page and question: at 50× today's size (1,450
pages a language) a third of a second of a one-page French rebuild, against a
few milliseconds at today's size.

The functions below give the same answers from the same stats, with strings;
the catalogs are listed once a build after the extensions load (they cannot
change during a build), and Sphinx's own first listing, before any extension
loads, is fast too when the build runs in ``pipeline/sphinx_process.py``,
which installs these first. Where Sphinx would warn (a page found twice, a
page it cannot read), its own ``discover`` runs instead, so the warning is
its own. Each replaced function is Sphinx 9.0's: Sphinx is capped below 9.1
in pyproject.toml, and ``tests/extensions/test_environment.py`` compares each
replacement's answers with Sphinx's own on a fixture state (pages added,
removed, edited, catalogs changed), so a Sphinx release that changes what one
answers fails that test, not a harmless change of source. If one is gone, the
build stops and names this file.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Iterator
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.errors import ExtensionError

from . import patches

PATCH = patches.register(patches.Patch(
    "discovery_speed", "Sphinx",
    "`Project.discover`, `BuildEnvironment.find_files`, `BuildEnvironment.get_outdated_files`, "
    "`StandaloneHTMLBuilder.get_outdated_docs`, `CatalogRepository.catalogs`, `CatalogInfo.is_outdated`",
    "tests/extensions/test_environment.py compares each replaced function's answers with Sphinx's own on a fixture "
    "state; the build stops naming Sphinx's version if one is gone; Sphinx capped in pyproject.toml",
    "a third of a second of a French one-page rebuild at 50× (the docstring's estimate; make bench patches=50 measures it)",
    "when Sphinx finds pages and outdated files without a pathlib object per page (upstream.md)",
    "sphinxext/discovery_speed.py", switchable=True,
    targets=(
        "sphinx.project.Project.discover", "sphinx.environment.BuildEnvironment.find_files",
        "sphinx.environment.BuildEnvironment.get_outdated_files", "sphinx.builders.html.StandaloneHTMLBuilder.get_outdated_docs",
        "sphinx.util.i18n.CatalogRepository.catalogs", "sphinx.util.i18n.CatalogInfo.is_outdated",
    ),
))  # fmt: skip

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.project import Project
    from sphinx.util.i18n import CatalogInfo, CatalogRepository


def _mtime(path: str | os.PathLike[str]) -> int:
    """``sphinx.util.osutil._last_modified_time``: microseconds, rounded up."""
    return -(os.stat(path).st_mtime_ns // -1_000)


def discover(self: Project, exclude_paths: Iterable[str] = (), include_paths: Iterable[str] = ("**",)) -> set[str]:
    from sphinx.project import EXCLUDE_PATHS
    from sphinx.util.matching import get_matching_files

    exclude_paths, include_paths = list(exclude_paths), list(include_paths)
    self.docnames.clear()
    self._path_to_docname.clear()
    self._docname_to_path.clear()
    srcdir, suffixes = os.fspath(self.srcdir), list(self.source_suffix)
    # get_matching_files gives paths relative to srcdir, with "/" and in NFC: path2doc's docname.
    for filename in get_matching_files(self.srcdir, include_paths, [*exclude_paths, *EXCLUDE_PATHS]):
        name = filename.rpartition("/")[2]
        suffix = next((suffix for suffix in suffixes if name.endswith(suffix)), None)
        docname = filename.removesuffix(suffix) if suffix is not None else ""
        if not docname:
            continue
        if docname in self.docnames or not os.access(f"{srcdir}/{filename}", os.R_OK):
            return ORIGINALS["sphinx.project.Project.discover"](self, exclude_paths, include_paths)  # with Sphinx's warning
        self.docnames.add(docname)
        path = Path(filename)
        self._path_to_docname[path] = docname
        self._docname_to_path[docname] = path
    return self.docnames


def find_files(self: BuildEnvironment, config: Config, builder: Builder) -> None:
    from sphinx.errors import DocumentError
    from sphinx.locale import __
    from sphinx.util._pathlib import _StrPath
    from sphinx.util.i18n import CatalogRepository, docname_to_domain

    try:
        exclude_paths = self.config.exclude_patterns + self.config.templates_path + builder.get_asset_paths()
        self.project.discover(exclude_paths, self.config.include_patterns)
        if builder.use_message_catalog:
            # Each page depends on its catalog's .mo file, an absolute path (note_dependency's result).
            repo = CatalogRepository(self.srcdir, self.config.locale_dirs, self.config.language, self.config.source_encoding)
            mo_paths = {c.domain: _StrPath(f"{c.base_dir}/{c.domain}.mo") for c in repo.catalogs}
            for docname in self.found_docs:
                mo_path = mo_paths.get(docname_to_domain(docname, self.config.gettext_compact))
                if mo_path is not None:
                    self.dependencies.setdefault(docname, set()).add(mo_path)
    except OSError as exc:
        raise DocumentError(__("Failed to scan documents in %s: %r") % (self.srcdir, exc)) from exc


def get_outdated_files(self: BuildEnvironment, config_changed: bool) -> tuple[set[str], set[str], set[str]]:
    removed = self.all_docs.keys() - self.found_docs
    added: set[str] = set()
    changed: set[str] = set()
    if config_changed:
        return self.found_docs, changed, removed
    srcdir, doctreedir, sources = os.fspath(self.srcdir), os.fspath(self.doctreedir), self.project._docname_to_path
    for docname in self.found_docs:
        if docname not in self.all_docs:
            added.add(docname)
        elif _has_doc_changed(docname, f"{srcdir}/{sources[docname]}", f"{doctreedir}/{docname}.doctree", self):
            changed.add(docname)
    return added, changed, removed


def _has_doc_changed(docname: str, source: str, doctree: str, env: BuildEnvironment) -> bool:
    if docname in env.reread_always or not os.path.isfile(doctree):
        return True
    mtime = env.all_docs[docname]
    if _mtime(source) > mtime:
        return True
    for dependency in env.dependencies.get(docname, ()):
        try:
            if not os.path.isfile(dependency) or _mtime(dependency) > mtime:
                return True
        except OSError:
            return True  # give it another chance, as Sphinx does
    return False


def get_outdated_docs(self: StandaloneHTMLBuilder) -> Iterator[str]:
    """The pages to write again: Sphinx's, with each page's output and source compared by strings."""
    import shutil

    from sphinx.builders.html import StandaloneHTMLBuilder

    if type(self).get_output_path is not StandaloneHTMLBuilder.get_output_path:  # dirhtml: page/index.html
        yield from ORIGINALS["sphinx.builders.html.StandaloneHTMLBuilder.get_outdated_docs"](self)
        return
    from sphinx._cli.util.colour import bold
    from sphinx.builders.html._build_info import BuildInfo
    from sphinx.locale import __
    from sphinx.util import logging

    logger = logging.getLogger("sphinx.builders.html")
    build_info_path = self.outdir / ".buildinfo"
    try:
        build_info = BuildInfo.load(build_info_path)
    except ValueError as exc:
        logger.warning(__("Failed to read build info file: %r"), exc)
    except OSError:
        pass
    else:
        if self.build_info != build_info:
            build_info_backup = build_info_path.with_name(".buildinfo.bak")
            try:
                shutil.move(build_info_path, build_info_backup)
                self.build_info.dump(build_info_path)
            except OSError:
                pass
            else:
                logger.info(bold(__("building [html]: ")) + __("build_info mismatch, copying .buildinfo to .buildinfo.bak"))
            yield from self.env.found_docs
            return
    if self.templates:
        template_mtime = int(self.templates.newest_template_mtime() * 10**6)
        try:
            old_mtime = _mtime(build_info_path)
        except Exception:
            pass
        else:
            if template_mtime > old_mtime:
                logger.info(
                    bold("building [html]: ")
                    + __("template %s has been changed since the previous build, all docs will be rebuilt"),
                    self.templates.newest_template_name(),
                )
    else:
        template_mtime = 0
    outdir, srcdir, sources = os.fspath(self.outdir), os.fspath(self.srcdir), self.env.project._docname_to_path
    for docname in self.env.found_docs:
        if docname not in self.env.all_docs:
            yield docname
            continue
        try:
            target_mtime = _mtime(f"{outdir}/{docname}{self.out_suffix}")
        except OSError:
            target_mtime = 0
        try:
            if max(_mtime(f"{srcdir}/{sources[docname]}"), template_mtime) > target_mtime:
                yield docname
        except OSError:
            pass  # the source is gone


#: (base folder, locale folders, language, encoding) -> the catalogs listed in this build.
_LISTED: dict[tuple[Any, ...], list[CatalogInfo]] = {}


def catalogs(self: CatalogRepository) -> Iterator[CatalogInfo]:
    """Sphinx's listing (``pofiles``: every ``*.po`` under <locale dir>/<language>/LC_MESSAGES,
    none inside a dot-folder, links to folders not followed, as by pathlib's rglob), made
    with os.walk and kept for the build."""
    from sphinx.util.i18n import CatalogInfo

    key = (os.fspath(self.basedir), tuple(map(os.fspath, self._locale_dirs)), self.language, self.encoding)
    if key not in _LISTED:
        listed = []
        for locale_dir in self.locale_dirs:
            locale_path = locale_dir / self.language / "LC_MESSAGES"
            top = os.fspath(locale_path)
            for folder, subfolders, files in os.walk(top):
                relative = os.path.relpath(folder, top).replace(os.sep, "/")
                prefix = "" if relative == "." else relative + "/"
                if any(part.startswith(".") for part in prefix.split("/")[:-1]):
                    continue
                for name in (*subfolders, *files):  # rglob("*.po") matches folders too
                    if name.endswith(".po"):
                        # Path.with_suffix("") leaves a name with no stem (".po") as it is.
                        domain = prefix + (name[:-3] if len(name) > 3 else name)
                        listed.append(CatalogInfo(locale_path, domain, self.encoding))
        _LISTED[key] = listed
    return iter(_LISTED[key])


def forget(app: Sphinx, exception: Exception | None) -> None:
    """The next build lists the catalogs again (tests run several builds in one process)."""
    _LISTED.clear()


def is_outdated(self: CatalogInfo) -> bool:
    base = os.fspath(self.base_dir)
    mo = f"{base}/{self.domain}.mo"
    return not os.path.exists(mo) or _mtime(mo) < _mtime(f"{base}/{self.domain}.po")


#: Sphinx's functions replaced, and the faster copies (their answers are Sphinx's: tests/extensions/test_environment.py).
REPLACEMENTS = {
    "sphinx.project.Project.discover": discover,
    "sphinx.environment.BuildEnvironment.find_files": find_files,
    "sphinx.environment.BuildEnvironment.get_outdated_files": get_outdated_files,
    "sphinx.util.i18n.CatalogInfo.is_outdated": is_outdated,
    "sphinx.builders.html.StandaloneHTMLBuilder.get_outdated_docs": get_outdated_docs,
    "sphinx.util.i18n.CatalogRepository.catalogs": property(catalogs),
}
#: Sphinx's own functions, once replaced (discover runs when Sphinx has a warning to give).
ORIGINALS: dict[str, Callable[..., Any]] = {}


def _owner(dotted: str) -> tuple[Any, str]:
    """The module or class (a capitalised part) that holds dotted's last part, and that part."""
    path, _, name = dotted.rpartition(".")
    module, _, cls = path.rpartition(".")
    if cls[:1].isupper():
        return getattr(importlib.import_module(module), cls), name
    return importlib.import_module(path), name


def install() -> list[str]:
    """Replace Sphinx's functions; the ones that are gone from this Sphinx (then none is replaced)."""
    missing = []
    for dotted in REPLACEMENTS:
        try:
            owner, name = _owner(dotted)
        except (ImportError, AttributeError):
            missing.append(dotted)
            continue
        if vars(owner).get(name) is None:
            missing.append(dotted)
    if missing:
        return missing
    for dotted, ours in REPLACEMENTS.items():
        owner, name = _owner(dotted)
        if vars(owner)[name] is not ours:
            ORIGINALS[dotted] = vars(owner)[name]
            setattr(owner, name, ours)
    return []


def setup(app: Sphinx) -> dict[str, Any]:
    if not patches.enabled("discovery_speed"):
        return {"parallel_read_safe": True, "parallel_write_safe": True}
    _LISTED.clear()  # listed before the extensions loaded: the configuration may have moved the catalogs
    missing = install()
    if missing:
        raise ExtensionError(
            f"Sphinx {version('sphinx')} has no {', '.join(missing)}: helpcenter/sphinxext/discovery_speed.py "
            "replaces it with a faster copy and must be compared with the new Sphinx and updated, "
            "Sphinx pinned back in requirements.lock, or the build run with HELPCENTER_PATCHES_OFF=discovery_speed"
        )
    app.connect("build-finished", forget)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
