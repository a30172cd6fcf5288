"""``python -m bench [scale N[,N…] [--no-stock] | patches [--scale N] [NAME…] | search-scale N… ]``.

Without a command: ``make bench`` (bench/run.py), the budgets at today's size
beside stock, then each patch's gain. ``scale``: the same on grown copies
(bench/scale.py). ``patches``: only each patch's gain (bench/patches.py).
``search-scale``: only search, on the built site's index grown N times
(bench/search_scale.py).
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("", [])
    if command == "scale":
        from . import scale

        stock = "--no-stock" not in rest
        factors = [arg for arg in rest if arg != "--no-stock"]
        if len(factors) != 1:
            raise SystemExit("usage: python -m bench scale N[,N…] [--no-stock]")
        return scale.main(factors[0], stock)
    if command == "patches":
        from . import patches

        return patches.main(rest)
    if command == "search-scale":
        from . import search_scale

        return search_scale.main(rest)
    if command:
        raise SystemExit(f"unknown command {command!r}: {__doc__.splitlines()[0]}")
    from . import run

    return run.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
