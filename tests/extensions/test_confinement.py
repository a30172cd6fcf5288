"""Probes of issue 22: a page reads and publishes files of the repository only (sphinxext/confinement.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpcenter.testing import SphinxProject as Project

SECRET = "HELPCENTER_PROBE_SECRET=4f1c"
CONFINED = "helpcenter.sphinxext.confinement"


@pytest.fixture
def secret(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A file outside the project, standing for /proc/self/environ or ~/.netrc."""
    path = tmp_path_factory.mktemp("outside") / "environ"
    path.write_text(f"{SECRET}\n", encoding="utf-8")
    return path


def _published(built: object) -> str:
    outdir: Path = built.outdir  # type: ignore[attr-defined]
    return "".join(p.read_text(encoding="utf-8", errors="replace") for p in outdir.rglob("*") if p.is_file())


@pytest.mark.parametrize(
    ("page", "markup", "line", "what"),
    [
        ("index.rst", ".. include:: {relative}", 6, "include of"),
        ("index.rst", ".. include:: {relative}\n   :literal:", 6, "include of"),
        ("index.rst", ".. include:: leak.txt", 6, "include of"),
        ("index.rst", ".. literalinclude:: {relative}", 6, "literalinclude of"),
        ("index.rst", ".. literalinclude:: conf.py\n   :diff: {relative}", 6, "literalinclude of"),
        ("index.rst", ".. csv-table:: Data\n   :file: {path}", 6, "csv-table of"),
        ("index.rst", ".. raw:: text\n   :file: {path}", 6, "raw of"),
        ("index.rst", ".. include:: <../../../../../../../../..{path}>", 6, "include of the docutils file"),
        ("index.md", "```{{include}} {relative}\n```", 5, "include of"),
        ("index.md", "```{{include}} {relative}\n:literal:\n```", 5, "include of"),
        ("index.md", "```{{literalinclude}} {relative}\n```", 5, "literalinclude of"),
        ("index.md", "```{{csv-table}} Data\n:file: {path}\n```", 5, "csv-table of"),
        ("index.md", "```{{include}} leak.txt\n```", 5, "include of"),
        ("index.md", "```{{include}} ../.git/config\n```", 5, "include of"),
    ],
)
def test_a_file_outside_the_repository_is_never_read(project: Project, secret: Path, page: str, markup: str, line: int, what: str) -> None:
    # Sphinx reads "/name" from the source folder: climbing out takes "../".
    relative = Path("../" * len(project.docs.resolve().parts)) / str(secret).lstrip("/")
    (project.docs / "leak.txt").symlink_to(secret)  # a symbolic link that leaves the repository
    (project.root / ".git").mkdir()
    (project.root / ".git" / "config").write_text(f"[remote]\n\turl = https://{SECRET}@example.org/\n", encoding="utf-8")
    heading = "Home\n====\n" if page.endswith(".rst") else "# Home\n"
    (project.docs / "index.md").unlink()
    project.write({f"docs/{page}": f"{heading}\nText.\n\n{markup.format(path=secret, relative=relative)}\n"})
    built = project.build(CONFINED)
    assert re.search(rf"{re.escape(page)}:{line}: WARNING: {re.escape(what)} .* is refused: it (resolves outside the repository|is in the hidden folder \.git|is outside the repository)", built.warnings), built.warnings
    assert "copy the file into docs/" in built.warnings
    assert SECRET not in _published(built)
    assert "Text." in built.html("index")


@pytest.mark.parametrize(
    "markup",
    [
        ".. include:: part.txt",
        ".. include:: /part.txt\n   :literal:",
        ".. literalinclude:: part.txt",
        ".. csv-table:: Data\n   :file: part.txt",
    ],
)
def test_a_file_inside_the_repository_is_included(project: Project, markup: str) -> None:
    (project.docs / "index.md").unlink()
    project.write({"docs/index.rst": f"Home\n====\n\n{markup}\n", "docs/part.txt": "Kept_words\n"})
    built = project.build(CONFINED, exclude_patterns=["part.txt"])
    assert "refused" not in built.warnings, built.warnings
    assert "Kept_words" in built.html("index")


def test_myst_include_of_a_file_inside_the_repository_is_parsed_as_markdown(project: Project) -> None:
    project.write({"docs/index.md": "# Home\n\n```{include} part.md\n```\n", "docs/part.md": "Some **bold** words.\n"})
    built = project.build(CONFINED, exclude_patterns=["part.md"])
    assert "refused" not in built.warnings, built.warnings
    assert "<strong>bold</strong>" in built.html("index")


def test_a_url_option_is_refused(project: Project) -> None:
    (project.docs / "index.md").unlink()
    project.write({"docs/index.rst": "Home\n====\n\n.. csv-table:: Data\n   :url: http://127.0.0.1:9/x.csv\n"})
    built = project.build(CONFINED)
    assert "index.rst:4: WARNING: csv-table :url: 'http://127.0.0.1:9/x.csv' is refused: the build reads no address" in built.warnings


@pytest.mark.parametrize(
    ("markup", "message"),
    [
        ("![logo](https://evil.example/pixel.png)", "image 'https://evil.example/pixel.png' is refused: it is a file from evil.example"),
        ("![logo](//evil.example/pixel.png)", "image '//evil.example/pixel.png' is refused: it is a file from evil.example"),
        ("```{{image}} https://evil.example/pixel.png\n```", "image 'https://evil.example/pixel.png' is refused"),
        ("```{{figure}} {relative}\nCaption.\n```", "image '{relative}' is refused: it resolves outside the repository"),
        ("![leak](leak.png)", "image 'leak.png' is refused: it resolves outside the repository"),
        ("{{download}}`the file <{relative}>`", "download of '{relative}' is refused: it resolves outside the repository"),
        ("{{download}}`the file <https://evil.example/x.exe>`", "download of 'https://evil.example/x.exe' is refused: it is a link to evil.example"),
    ],
)
def test_images_and_downloads_come_from_the_repository(project: Project, secret: Path, markup: str, message: str) -> None:
    (project.docs / "leak.png").symlink_to(secret)
    relative = Path("../" * len(project.docs.resolve().parts)) / str(secret).lstrip("/")
    project.write({"docs/index.md": f"# Home\n\nText.\n\n{markup.format(relative=relative)}\n"})
    built = project.build(CONFINED)
    assert f"index.md:5: WARNING: {message.format(relative=relative)}" in built.warnings, built.warnings
    html = built.html("index")
    assert "evil.example" not in html and str(secret) not in html
    assert not (built.outdir / "_images").exists() and not (built.outdir / "_downloads").exists()


SVG_OK = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><path id="p" d="M0 0h10v10z"/><use href="#p"/></svg>'


@pytest.mark.parametrize(
    ("svg", "problem"),
    [
        ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>', "holds a <script> element"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><rect onclick="alert(1)"/></svg>', "holds an event handler (onclick=)"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>x</p></foreignObject></svg>', "holds a <foreignobject> element"),
        ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://evil.example/p.png"/></svg>', "refers to another file"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:url(https://evil.example/p)"/></svg>', "loads a file from its style"),
        ('<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>', "declares a DOCTYPE or entities"),
    ],
)
def test_an_svg_that_could_run_or_load_something_is_refused(project: Project, svg: str, problem: str) -> None:
    project.write({"docs/index.md": "# Home\n\n![Diagram](diagram.svg)\n\n![Fine](fine.svg)\n", "docs/diagram.svg": svg, "docs/fine.svg": SVG_OK})
    built = project.build(CONFINED)
    assert f"index.md:3: WARNING: image 'diagram.svg' is refused: the SVG {problem}" in built.warnings, built.warnings
    assert "remove scripts, event handlers (on...), foreignObject and references to other files, or publish a PNG" in built.warnings
    assert not (built.outdir / "_images" / "diagram.svg").exists()
    assert (built.outdir / "_images" / "fine.svg").read_text(encoding="utf-8") == SVG_OK


def test_a_downloaded_svg_with_a_script_is_refused(project: Project) -> None:
    project.write({"docs/index.md": "# Home\n\n{download}`the diagram <diagram.svg>`\n", "docs/diagram.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'})
    built = project.build(CONFINED)
    assert "index.md:3: WARNING: download of 'diagram.svg' is refused: the SVG holds a <script> element" in built.warnings, built.warnings
    assert not (built.outdir / "_downloads").exists()


def test_an_image_a_translation_adds_from_another_host_is_refused(project: Project) -> None:
    project.write({
        "docs/index.md": "# Home\n\nSee the diagram.\n",
        "locales/fr/LC_MESSAGES/index.po": 'msgid "See the diagram."\nmsgstr "Voir ![le schéma](https://evil.example/pixel.png)."\n',
    })  # fmt: skip
    built = project.build(CONFINED, language="fr")
    assert "index.md:3:<translated>:1: WARNING: image 'https://evil.example/pixel.png' is refused: it is a file from evil.example" in built.warnings, built.warnings
    assert "evil.example" not in built.html("index")
