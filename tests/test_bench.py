"""The benchmark is a tool of the checkout (bench/), apart from the installed package:
no import cycle, its stock row has none of the patches, and the package reads nothing
of tests/ or bench/."""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

from helpcenter.sphinxext import patches

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    """The bench modules a bench module imports (relative imports)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            found |= {node.module} if node.module else {alias.name for alias in node.names}
    return found


def test_the_bench_modules_import_each_other_without_a_cycle() -> None:
    graph = {path.stem: _imports(path) for path in (ROOT / "bench").glob("*.py")}
    assert graph["run"] and graph["scale"], graph

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, f"import cycle: {' -> '.join([*path, module])}"
        for imported in graph.get(module, ()):
            visit(imported, (*path, module))

    for module in graph:
        visit(module, ())


def test_the_package_holds_no_benchmark_and_reads_nothing_of_tests_or_bench() -> None:
    assert importlib.util.find_spec("helpcenter.bench") is None
    readers = []
    for path in (ROOT / "src" / "helpcenter").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in ("tests", "bench"):
                readers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
            if isinstance(node, (ast.Import, ast.ImportFrom)) and any(
                (getattr(node, "module", None) or alias.name).split(".")[0] == "bench" for alias in node.names
            ):
                readers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert readers == []


def test_the_stock_build_is_plain_sphinx_with_every_patch_off(monkeypatch: pytest.MonkeyPatch) -> None:
    from bench.stock import STOCK_ENV, stock_args

    options = stock_args(ROOT / "docs")
    assert options[:2] == ["--sphinx-module", "sphinx"]  # not the tuned Sphinx process (gc, teardown)
    assert options[-1].startswith("extensions=") and options[-1].endswith(",bench.stock")
    for name, value in STOCK_ENV.items():
        monkeypatch.setenv(name, value)
    patches.off.cache_clear()
    try:
        assert patches.off() == set(patches.SWITCHABLE)
    finally:
        monkeypatch.delenv(patches.OFF_VARIABLE)
        patches.off.cache_clear()


def test_a_patchs_gain_and_the_verdict_that_removes_it() -> None:
    from bench.patches import Figure
    from helpcenter import budgets

    kept = Figure("one-page rebuild, fr", with_=[1.0, 0.8, 0.9], without=[1.25, 1.0, 1.0])
    assert round(kept.gain, 3) == 0.2 and kept.gain >= budgets.PATCH_GAIN  # the pairs' gains: 20 %, 20 %, 10 %
    assert kept.cell() == "0.90 / 1.00 s (+20 %, faster in 3 of 3)"
    # One slow pair (the machine was busy) does not make a patch's gain.
    noisy = Figure("full build", with_=[2.0, 2.0, 2.0], without=[2.02, 4.0, 1.98])
    assert noisy.gain < budgets.PATCH_GAIN and noisy.faster == 2
