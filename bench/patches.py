"""``make bench patches=1`` (``python -m bench patches``): what each performance patch earns.

For each patch of ``helpcenter.sphinxext.patches`` that ``HELPCENTER_PATCHES_OFF``
turns off, the figures a maintainer feels, with the patch and without it
alone: the full build of both languages (their two Sphinx processes, as
``make html`` starts them) and the rebuild after one page changed in one
language's process (as ``make serve`` runs it), English and French. The two
variants run in turn, in folders of their own, so that the machine's drift
hits both; each figure is the median of the pairs' gains, with the number of
pairs in which the patch was faster (the machine's load varies: a gain that
is not faster in most pairs is noise). The last row turns every patch off. A
patch whose best gain is under 10 % both at 1× and at 50× is to be removed
(CONTRIBUTING.md).

``--scale 50`` measures a grown copy (``bench.growth``); there a full build
takes minutes, so the full build measured is the French one (the language
whose process does the most), in half as many pairs as the rebuilds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from helpcenter import budgets, testing
from helpcenter.pipeline.build import SPHINX_PROCESS
from helpcenter.project import current
from helpcenter.sphinxext import patches

from . import growth
from .builds import edited

#: A patch below this share of every figure it is measured on is removed.
THRESHOLD = budgets.PATCH_GAIN
LANGS = ("en", "fr")


def sphinx_build(root: Path, work: Path, lang: str, off: str) -> float:
    """One language's HTML build by its own Sphinx process, as the pipeline and make serve start it; wall seconds."""
    command = [
        sys.executable, "-m", SPHINX_PROCESS, "--builder", "html", "--fail-on-warning", "--keep-going", "--nitpicky", "--quiet",
        "--define", f"language={lang}", "--doctree-dir", str(work / "doctrees" / lang), str(root / "docs"), str(work / "out" / lang),
    ]  # fmt: skip
    env = {**os.environ, "HELPCENTER_BASE_URL": "http://127.0.0.1:8000/", patches.OFF_VARIABLE: off}
    start = time.perf_counter()
    run = subprocess.run(command, cwd=root, capture_output=True, text=True, env=env)
    if run.returncode:
        raise RuntimeError(f"build failed ({patches.OFF_VARIABLE}={off}): {run.stdout}\n{run.stderr}")
    return time.perf_counter() - start


@dataclass
class Figure:
    name: str
    with_: list[float] = field(default_factory=list)
    without: list[float] = field(default_factory=list)

    @property
    def gain(self) -> float:
        """The median of each pair's gain: runs next to each other share the machine's load."""
        return statistics.median(1 - with_ / without for with_, without in zip(self.with_, self.without))

    @property
    def faster(self) -> int:
        """In how many pairs the build with the patch was the faster."""
        return sum(with_ < without for with_, without in zip(self.with_, self.without))

    def cell(self) -> str:
        if not self.with_:
            return "–"
        return (
            f"{statistics.median(self.with_):.2f} / {statistics.median(self.without):.2f} s "
            f"({100 * self.gain:+.0f} %, faster in {self.faster} of {len(self.with_)})"
        )


def full_builds(root: Path, scratch: Path, off: str, runs: int, langs: tuple[str, ...]) -> Figure:
    """Full builds (fresh folders) with every patch, and with `off` turned off, in turn."""
    figure = Figure("full build, " + " + ".join(langs))
    for number in range(runs):
        for variant in (("with", "without") if number % 2 else ("without", "with")):
            work = scratch / f"full-{variant}"
            shutil.rmtree(work, ignore_errors=True)
            seconds = sum(sphinx_build(root, work, lang, "" if variant == "with" else off) for lang in langs)
            (figure.with_ if variant == "with" else figure.without).append(seconds)
            shutil.rmtree(work, ignore_errors=True)
    return figure


def rebuilds(root: Path, built: Path, scratch: Path, off: str, runs: int) -> list[Figure]:
    """One-page rebuilds in each language, from the same built state copied for each variant."""
    page = root / "docs" / "about.md"
    original = page.read_text(encoding="utf-8")
    works = {variant: scratch / f"rebuild-{variant}" for variant in ("with", "without")}
    for work in works.values():
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(built, work, symlinks=True)
    figures = {lang: Figure(f"one-page rebuild, {lang}") for lang in LANGS}
    try:
        for variant in works:  # the first build after the switch may convert what it loads: not timed
            for lang in LANGS:
                sphinx_build(root, works[variant], lang, "" if variant == "with" else off)
        for number in range(runs):
            page.write_text(edited(original, number), encoding="utf-8")
            for variant in (("with", "without") if number % 2 else ("without", "with")):
                for lang in LANGS:
                    seconds = sphinx_build(root, works[variant], lang, "" if variant == "with" else off)
                    (figures[lang].with_ if variant == "with" else figures[lang].without).append(seconds)
    finally:
        page.write_text(original, encoding="utf-8")
        for work in works.values():
            shutil.rmtree(work, ignore_errors=True)
    return list(figures.values())


def measure(factor: int, runs: int, only: list[str]) -> list[str]:
    names = only or [*patches.SWITCHABLE, "all"]
    lines = [
        f"Each patch at {factor}×: with it / without it alone, medians of {runs} paired runs (gain)",
        "",
        f"| patch | {'full build' if factor == 1 else 'full build, fr'} | one-page rebuild, en | one-page rebuild, fr | best gain | at this size |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    with tempfile.TemporaryDirectory(prefix="bench-patches-") as tmp:
        scratch = Path(tmp)
        root = testing.copy_sources(current().root, scratch / "src")
        if factor > 1:
            growth.grow(root, factor)
        print(f"{factor}×: building the starting point of the rebuilds…", file=sys.stderr)
        built = scratch / "built"
        for lang in LANGS:
            sphinx_build(root, built, lang, "")
        for name in names:
            off = ",".join(patches.SWITCHABLE) if name == "all" else name
            print(f"{factor}×: {name}…", file=sys.stderr)
            if factor == 1:
                full = full_builds(root, scratch, off, runs, LANGS)
            else:
                full = full_builds(root, scratch, off, max(1, runs // 2), ("fr",))
            figures = [full, *rebuilds(root, built, scratch, off, runs)]
            best = max(figure.gain for figure in figures if figure.with_)
            # A patch is removed when it is under the threshold at 1× and at 50× (README, Performance).
            verdict = "all patches against none" if name == "all" else ("earns its place" if best >= THRESHOLD else "under 10 %")
            lines.append(f"| {name} | {' | '.join(f.cell() for f in figures)} | {100 * best:.0f} % | {verdict} |")
            print(lines[-1], file=sys.stderr)
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench patches", description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1, help="measure a site this many times today's size")
    parser.add_argument("--runs", type=int, default=5, help="paired runs per figure (medians)")
    parser.add_argument("names", nargs="*", choices=[[], *patches.SWITCHABLE, "all"], help="only these patches")
    args = parser.parse_args(argv)
    print("\n".join(measure(args.scale, args.runs, args.names)))
    return 0
