"""Pages read and publish files of the repository only.

Every directive and role that reads or copies a file, in reStructuredText and
MyST alike, resolves its path (following symbolic links) and refuses one
outside the checkout or in a hidden folder (``.git``, ``.venv``): otherwise
``.. include:: /proc/self/environ`` publishes the build's environment (on CI,
its secrets) into the page and the search index. A refusal is a warning at
the page's file and line, which ``-W`` makes fatal, and nothing is read.

- ``include`` (also ``:literal:``/``:code:``), ``literalinclude`` (and its
  ``:diff:``),
  ``csv-table :file:`` and ``raw :file:`` are checked before they read;
  docutils' standard includes (``<isonum.txt>``, outside the checkout) and
  ``:url:`` (a download during the build) are refused.
- Images (``image``, ``figure``, Markdown ``![]()``) and ``download``
  targets are checked in the doctree, before Sphinx's collectors note the
  files to copy; an image from another host is refused too (helpcenter.urls),
  and so is an SVG that could run script or load something
  (``svg_problem``): the project's own SVGs (theme, ``_static``) are not
  page images and stay.

MyST runs any subclass of docutils' ``Include`` through its own reader
(``myst_parser.mocking.MockIncludeDirective``), which would skip a check in
``run``; so the include directive here is not such a subclass: it checks the
path, then hands over to MyST's reader in a Markdown page and to Sphinx's
``Include`` in a reStructuredText one.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from docutils import nodes
from docutils.parsers.rst import Directive
from docutils.parsers.rst.directives.misc import Raw
from docutils.parsers.rst.directives.tables import CSVTable
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.directives.code import LiteralInclude
from sphinx.directives.other import Include
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.util import logging

from ..urls import is_local, link_problem, resource_problem

logger = logging.getLogger(__name__)

REMEDY = "copy the file into docs/ (not a link to it) and refer to that copy"
SVG_REMEDY = "remove scripts, event handlers (on...), foreignObject and references to other files, or publish a PNG instead"


def repository(srcdir: str | Path) -> Path:
    """The checkout: the folder holding the source folder (docs/)."""
    return Path(os.path.realpath(srcdir)).parent


def path_problem(path: str | Path, root: Path) -> str | None:
    """Why a page may not read this file, or None. Symbolic links are followed first."""
    real = Path(os.path.realpath(path))
    try:
        inside = real.relative_to(root)
    except ValueError:
        return f"resolves outside the repository, to {real}"
    hidden = next((part for part in inside.parts if part.startswith(".")), None)
    if hidden:
        return f"is in the hidden folder {hidden} of the repository"
    return None


def _warn(message: str, location: Any) -> None:
    logger.warning(message, location=location, type="helpcenter", subtype="confinement")


def _refused(what: str, argument: str, problem: str, location: Any) -> None:
    _warn(f"{what} {argument!r} is refused: it {problem}; {REMEDY}", location)


class _Checked:
    """What the directives below share: where they are, and the check."""

    state: Any
    state_machine: Any
    lineno: int
    name: str

    def _location(self) -> str:
        source, line = self.state_machine.get_source_and_line(self.lineno)
        return f"{source}:{line}"

    def _env(self) -> BuildEnvironment:
        return self.state.document.settings.env

    def _check(self, argument: str, path: str | Path) -> bool:
        problem = path_problem(path, repository(self._env().srcdir))
        if problem:
            _refused(f"{self.name} of", argument, problem, self._location())
        return problem is None

    def _check_options(self) -> bool:
        """``:file:`` relative to the page's folder (as docutils reads it), ``:url:`` refused."""
        options = getattr(self, "options", {})
        if "url" in options:
            _warn(f"{self.name} :url: {options['url']!r} is refused: the build reads no address; {REMEDY}", self._location())
            return False
        if "file" in options:
            folder = os.path.dirname(os.path.abspath(self.state.document.current_source))
            return self._check(options["file"], os.path.join(folder, options["file"]))
        return True


class ConfinedInclude(_Checked, Directive):
    required_arguments = Include.required_arguments
    optional_arguments = Include.optional_arguments
    final_argument_whitespace = Include.final_argument_whitespace
    option_spec = Include.option_spec
    has_content = Include.has_content

    def run(self) -> list[nodes.Node]:
        argument = "".join(line.strip() for line in self.arguments[0].splitlines())
        if argument.startswith("<") and argument.endswith(">"):
            _refused(f"{self.name} of the docutils file", argument, "is outside the repository", self._location())
            return []
        if not self._check(argument, self._env().relfn2path(argument)[1]):
            return []
        renderer = getattr(self.state, "_renderer", None)
        if renderer is not None:  # a MyST page: MyST's own reader parses the file as Markdown
            from myst_parser.mocking import MockIncludeDirective

            mock = MockIncludeDirective(
                renderer, name=self.name, klass=Include, arguments=self.arguments,
                options=self.options, body=list(self.content), lineno=self.lineno,
            )  # fmt: skip
            return mock.run()
        include = Include(
            self.name, self.arguments, self.options, self.content, self.lineno,
            self.content_offset, self.block_text, self.state, self.state_machine,
        )  # fmt: skip
        return list(include.run())


class ConfinedLiteralInclude(_Checked, LiteralInclude):
    def run(self) -> list[nodes.Node]:
        # ":diff: other-file" reads a second file.
        for argument in (self.arguments[0], *([self.options["diff"]] if "diff" in self.options else [])):
            if not self._check(argument, self.env.relfn2path(argument)[1]):
                return []
        return super().run()


class ConfinedCSVTable(_Checked, CSVTable):
    def run(self) -> list[nodes.Node]:
        return super().run() if self._check_options() else []


class ConfinedRaw(_Checked, Raw):
    def run(self) -> list[nodes.Node]:
        return super().run() if self._check_options() else []


# SVG: what could run a script or load a file once the image is opened on its own (its URL).
_SVG_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object"}
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)


def svg_problem(path: Path) -> str | None:
    """Why an SVG from a page may not be published, or None."""
    data = path.read_bytes()
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return "declares a DOCTYPE or entities"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        return f"is not well-formed XML ({exc})"
    for element in root.iter():
        tag = element.tag.rpartition("}")[2].lower()
        if tag in _SVG_ELEMENTS:
            return f"holds a <{tag}> element"
        for name, value in element.attrib.items():
            local = name.rpartition("}")[2].lower()
            if local.startswith("on"):
                return f"holds an event handler ({local}=)"
            if local in {"href", "src"} and not value.strip().startswith("#"):
                return f"refers to another file ({local}={value[:60]!r})"
            if local == "style" and (_EXTERNAL_URL.search(value) or "@import" in value):
                return "loads a file from its style"
        if tag == "style" and element.text and (_EXTERNAL_URL.search(element.text) or "@import" in element.text):
            return "loads a file from its style"
    return None


def _image_problem(uri: str, env: BuildEnvironment, root: Path) -> str | None:
    problem = resource_problem(uri)
    if problem:
        return f"it is {problem}; copy the image into docs/ and refer to that copy"
    # "picture.*" asks Sphinx to choose a format: check the folder it looks in.
    path = Path(env.relfn2path(uri.replace("*", "x"), env.docname)[1])
    problem = path_problem(path, root)
    if problem:
        return f"it {problem}; {REMEDY}"
    svg = svg_problem(path) if path.suffix.lower() == ".svg" and path.is_file() else None
    return f"the SVG {svg}; {SVG_REMEDY}" if svg else None


def _download_problem(target: str, env: BuildEnvironment, root: Path, hosts: list[str]) -> str | None:
    if not is_local(target):
        link = link_problem(target, hosts)
        return f"it is {link}; link this site's files or {', '.join(hosts)} only (helpcenter_link_hosts)" if link else None
    path = Path(env.relfn2path(target, env.docname)[1])
    problem = path_problem(path, root)
    if problem:
        return f"it {problem}; {REMEDY}"
    # Opened from the site, a downloaded SVG runs its scripts there too.
    svg = svg_problem(path) if path.suffix.lower() == ".svg" and path.is_file() else None
    return f"the SVG {svg}; {SVG_REMEDY}" if svg else None


def check_files(app: Sphinx, doctree: nodes.document) -> None:
    """Refuse the images and downloads of a page that are not the repository's files (before the collectors)."""
    env = app.env
    root = repository(env.srcdir)
    for node in list(doctree.findall(nodes.image)):
        problem = _image_problem(node["uri"], env, root)
        if problem:
            _warn(f"image {node['uri']!r} is refused: {problem}", node)
            node.parent.remove(node)
    for node in list(doctree.findall(addnodes.download_reference)):
        problem = _download_problem(node["reftarget"], env, root, app.config.helpcenter_link_hosts)
        if problem:
            _warn(f"download of {node['reftarget']!r} is refused: {problem}", node)
            node.replace_self(nodes.literal(node.astext(), node.astext()))


def check_myst() -> None:
    """The MyST reader that include hands over to is still there (myst-parser is capped; this says where to look)."""
    try:
        from myst_parser.mocking import MockIncludeDirective, MockState
    except ImportError as exc:
        raise ExtensionError(f"helpcenter.sphinxext.confinement: MyST no longer has its include reader ({exc}); update ConfinedInclude") from None
    takes = MockIncludeDirective.__init__.__code__.co_varnames
    if not {"renderer", "klass", "lineno"} <= set(takes) or "_renderer" not in MockState.__init__.__code__.co_names:
        raise ExtensionError("helpcenter.sphinxext.confinement: MyST's include reader or state changed; update ConfinedInclude")


def setup(app: Sphinx) -> dict[str, Any]:
    check_myst()
    for name, directive in (
        ("include", ConfinedInclude), ("literalinclude", ConfinedLiteralInclude),
        ("csv-table", ConfinedCSVTable), ("raw", ConfinedRaw),
    ):  # fmt: skip
        app.add_directive(name, directive, override=True)
    # Before Sphinx's image and download collectors (priority 500) note the files to copy.
    app.connect("doctree-read", check_files, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
