"""change_detection: pages reread by content digest, every page written when the structure changes."""

from __future__ import annotations

import os

from helpcenter.testing import SphinxProject

EXTENSION = "helpcenter.sphinxext.change_detection"
#: 2021-01-01: older than any file the test writes.
OLD = 1_609_459_200


def page(title: str, text: str) -> str:
    return f"---\ndescription: {title}.\nreviewed: 2026-12-01\n---\n# {title}\n\n{text}\n"


def write_with_older_time(project: SphinxProject, name: str, text: str) -> None:
    project.write({name: text})
    os.utime(project.root / name, (OLD, OLD))


def test_a_page_edited_with_an_older_time_is_read_again(project: SphinxProject) -> None:
    project.write({"docs/index.md": "# Home\n\n```{toctree}\na\n```\n", "docs/a.md": page("Page A", "First text.")})
    assert "First text." in project.build(EXTENSION).html("a")
    write_with_older_time(project, "docs/a.md", page("Page A", "Second text."))
    built = project.build(EXTENSION)
    assert "Second text." in built.html("a") and "First text." not in built.html("a")


def test_an_included_file_edited_with_an_older_time_rereads_its_page(project: SphinxProject) -> None:
    project.write({
        "docs/index.md": "# Home\n\n```{toctree}\na\n```\n",
        "docs/a.md": page("Page A", "```{include} part.txt\n```"),
        "docs/part.txt": "Included once.\n",
    })  # fmt: skip
    assert "Included once." in project.build(EXTENSION, exclude_patterns=["part.txt"]).html("a")
    write_with_older_time(project, "docs/part.txt", "Included twice.\n")
    assert "Included twice." in project.build(EXTENSION, exclude_patterns=["part.txt"]).html("a")


def test_a_retitled_page_is_shown_with_its_new_title_on_pages_not_read_again(project: SphinxProject) -> None:
    project.write({
        "docs/index.md": "# Home\n\n```{toctree}\na\nb\n```\n",
        "docs/a.md": page("Old title", "Text of A."),
        "docs/b.md": page("Page B", "Text of B."),
    })  # fmt: skip
    assert "Old title" in project.build(EXTENSION).html("b")  # the sidebar lists every page
    project.write({"docs/a.md": page("New title", "Text of A.")})
    built = project.build(EXTENSION)
    assert "New title" in built.html("b") and "Old title" not in built.html("b")


def test_an_unchanged_site_writes_no_page(project: SphinxProject) -> None:
    project.write({"docs/index.md": "# Home\n\n```{toctree}\na\n```\n", "docs/a.md": page("Page A", "Text.")})
    built = project.build(EXTENSION)
    written = {name: os.stat(built.outdir / f"{name}.html").st_mtime_ns for name in ("index", "a")}
    os.utime(project.root / "docs" / "a.md", (OLD, OLD))  # an older time alone changes nothing
    built = project.build(EXTENSION)
    assert {name: os.stat(built.outdir / f"{name}.html").st_mtime_ns for name in ("index", "a")} == written
