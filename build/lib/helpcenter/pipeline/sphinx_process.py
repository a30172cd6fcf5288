"""One Sphinx build in its own process: ``python -m helpcenter.pipeline.sphinx_process <sphinx-build options>``.

It runs ``sphinx-build`` unchanged, in a process tuned for a single build that
then exits (``make html`` starts one per language). Most of a small rebuild
is the process itself: Python importing Sphinx, docutils, MyST and the theme,
and tearing it all down again. So:

- an HTML build does not load the builders of other formats, which Sphinx
  loads at start-up for any build (``OTHER_FORMATS``: the link checker alone
  imports an HTTP stack); the pages are the same without them;
- the cyclic garbage collector runs less often: a build allocates hundreds of
  thousands of short-lived nodes, and the default threshold (700) makes the
  collector walk them again and again while nothing is yet garbage;
- the process ends as soon as Sphinx has closed its files and the output is
  flushed, without the interpreter's teardown of every module and object the
  build made, which takes longer than a small rebuild itself.
"""

from __future__ import annotations

import gc
import logging
import os
import sys

#: Allocations between two young-generation collections (Python's default is 700).
GC_THRESHOLD = 100_000

#: Sphinx's built-in builders for formats other than HTML. The gettext builder
#: stays: it declares the ``gettext_*`` settings that translated builds read.
OTHER_FORMATS = frozenset({
    "sphinx.builders.changes",
    "sphinx.builders.dummy",
    "sphinx.builders.epub3",
    "sphinx.builders.latex",
    "sphinx.builders.linkcheck",
    "sphinx.builders.manpage",
    "sphinx.builders.texinfo",
    "sphinx.builders.text",
    "sphinx.builders.xml",
    "sphinxcontrib.applehelp",
    "sphinxcontrib.devhelp",
    "sphinxcontrib.htmlhelp",
    "sphinxcontrib.qthelp",
    "sphinxcontrib.serializinghtml",
})


def builder_of(argv: list[str]) -> str | None:
    for flag in ("-b", "--builder"):
        if flag in argv[:-1]:
            return argv[argv.index(flag) + 1]
    return None


def main(argv: list[str]) -> int:
    gc.set_threshold(GC_THRESHOLD, 50, 100)
    import sphinx
    import sphinx.application
    from sphinx.cmd.build import main as sphinx_build

    if builder_of(argv) == "html":
        builtin = getattr(sphinx.application, "builtin_extensions", None)
        known = set(builtin) if isinstance(builtin, tuple) else set()
        if not OTHER_FORMATS <= known:
            print(
                f"error: Sphinx {sphinx.__version__} changed sphinx.application.builtin_extensions, which "
                "helpcenter/pipeline/sphinx_process.py trims; update OTHER_FORMATS there or pin Sphinx",
                file=sys.stderr,
            )
            return 2
        sphinx.application.builtin_extensions = tuple(name for name in builtin if name not in OTHER_FORMATS)
    return sphinx_build(argv)


if __name__ == "__main__":
    code = main(sys.argv[1:])
    # Sphinx closed every file it wrote (its own `with` blocks and `finally`);
    # what is left to do before exiting is to flush the output streams.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
