"""One Sphinx build in its own process: ``python -m helpcenter.pipeline.sphinx_process <sphinx-build options>``.

It runs ``sphinx-build`` unchanged, in a process tuned for a single build that
then exits (``make html`` starts one per language). Most of a small rebuild
is the process itself: Python importing Sphinx, docutils, MyST and the theme,
and tearing it all down again. So the process ends as soon as Sphinx has
closed its files and the output is flushed, without the interpreter's teardown
of every module and object the build made, which takes longer than a small
rebuild itself (``make bench`` measures what that earns;
``HELPCENTER_PATCHES_OFF=teardown`` turns it off). A raised threshold of the
cyclic garbage collector was measured too and removed: under a tenth of every
figure at 1× and 50×.
"""

from __future__ import annotations

import logging
import os
import sys

from ..sphinxext import patches

patches.register(patches.Patch(
    "teardown", "Python (the Sphinx process)", "the interpreter's teardown at exit (os._exit once Sphinx closed its files)",
    "none needed: Sphinx closes what it writes in its own with/finally blocks",
    "make bench patches=1 and =50, 5 December 2026, quiet machine, medians of 5 paired runs: one-page rebuild "
    "0.55 / 0.66 s en (14 %, faster in 5 of 5) at 1×, 0.74 / 0.83 s en (11 %, 5 of 5) at 50×",
    "when the figure falls under 10 % (make bench)",
    "pipeline/sphinx_process.py", switchable=True,
))  # fmt: skip


def main(argv: list[str]) -> int:
    from sphinx.cmd.build import main as sphinx_build

    return sphinx_build(argv)


if __name__ == "__main__":
    code = main(sys.argv[1:])
    if not patches.enabled("teardown"):
        sys.exit(code)
    # Sphinx closed every file it wrote (its own `with` blocks and `finally`);
    # what is left to do before exiting is to flush the output streams.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
