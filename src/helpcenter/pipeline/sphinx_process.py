"""One Sphinx build in its own process: ``python -m helpcenter.pipeline.sphinx_process <sphinx-build options>``.

It runs ``sphinx-build`` unchanged, in a process tuned for a single build that
then exits (``make html`` starts one per language). Most of a small rebuild
is the process itself: Python importing Sphinx, docutils, MyST and the theme,
and tearing it all down again. So (``make bench`` measures what each earns,
``HELPCENTER_PATCHES_OFF=gc,teardown`` turns them off; a trick that saved less
than a tenth of its figure was removed):

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

from ..sphinxext import patches

#: Allocations between two young-generation collections (Python's default is 700).
GC_THRESHOLD = 100_000

patches.register(patches.Patch(
    "gc", "Python (the Sphinx process)", "the cyclic garbage collector's threshold (700 allocations) in the build's process",
    "none needed: gc.set_threshold is stable Python",
    "1×, 4 December 2026 (make bench patches=1, medians of 5 paired runs, machine under load): "
    "full build 8.97 s against 10.36 s (13 %), one-page rebuild 1.24 / 1.41 s en (12 %), 1.22 / 1.68 s fr (27 %)",
    "when the figure falls under 10 % (make bench)",
    "pipeline/sphinx_process.py", switchable=True,
))  # fmt: skip
patches.register(patches.Patch(
    "teardown", "Python (the Sphinx process)", "the interpreter's teardown at exit (os._exit once Sphinx closed its files)",
    "none needed: Sphinx closes what it writes in its own with/finally blocks",
    "1×, 4 December 2026 (make bench patches=1, medians of 5 paired runs, machine under load): "
    "one-page rebuild 3.29 s against 4.37 s fr (25 %), 4.08 / 4.43 s en (8 %); full build within noise",
    "when the figure falls under 10 % (make bench)",
    "pipeline/sphinx_process.py", switchable=True,
))  # fmt: skip


def main(argv: list[str]) -> int:
    if patches.enabled("gc"):
        gc.set_threshold(GC_THRESHOLD, 50, 100)
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
