"""One Sphinx build in its own process: ``python -m helpcenter.sphinx_process <sphinx-build options>``.

It runs ``sphinx-build`` unchanged, in a process tuned for a single build that
then exits (``make html`` starts one per language):

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


def main(argv: list[str]) -> int:
    gc.set_threshold(GC_THRESHOLD, 50, 100)
    from sphinx.cmd.build import main as sphinx_build

    return sphinx_build(argv)


if __name__ == "__main__":
    code = main(sys.argv[1:])
    # Sphinx closed every file it wrote (its own `with` blocks and `finally`);
    # what is left to do before exiting is to flush the output streams.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
