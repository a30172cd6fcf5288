"""CI as a contributor expects it: every push and pull request runs the README's
test command (through .ci/run, in Debian with Debian's Chromium) and make
check, and the site is published only after they pass. The fast layer is what
``make test-fast`` runs and stays free of builds and browsers."""

from __future__ import annotations

import re

import pytest
import yaml

from helpcenter.testing import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def readme_test_command() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## The two commands", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return next(line.split("#")[0].strip() for line in block.splitlines() if "test" in line)


def test_ci_runs_exactly_the_readmes_test_command_and_fails_on_any_failure() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.strip() for line in script.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert readme_test_command() == "make test"
    assert commands[-1] == readme_test_command()
    assert "set -euo pipefail" in commands  # pytest's exit code 5 (no test ran) fails make, then the script


def workflows() -> dict[str, dict]:  # type: ignore[type-arg]
    return {path.name: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(WORKFLOWS.glob("*.yml"))}


def steps_running(job: dict, command: str) -> list[dict]:  # type: ignore[type-arg]
    return [step for step in job.get("steps", []) if re.search(rf"(^|\s){re.escape(command)}(\s|$)", step.get("run", ""))]


def test_every_push_and_pull_request_runs_the_tests_and_the_checks_in_debian() -> None:
    found = []
    for name, workflow in workflows().items():
        triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads the key `on` as true
        for job_name, job in workflow["jobs"].items():
            if steps_running(job, "bash .ci/run"):
                found.append((name, job_name, triggers, job))
    assert found, "no workflow runs .ci/run"
    name, job_name, triggers, job = found[0]
    for event in ("push", "pull_request"):
        assert event in triggers, f"{name} does not run on {event}"
        assert not (triggers[event] or {}).get("branches"), f"{name} runs on {event} for some branches only"
    assert job["container"].startswith("debian:"), "the browser tests are written against Debian's Chromium"
    assert steps_running(job, "make check"), f"{name}: {job_name} does not run make check"
    # The site is deployed only once the tests and checks have passed.
    deploys = [(n, j) for wf in workflows().values() for n, j in wf["jobs"].items() if "deploy-pages" in str(j.get("steps"))]
    assert deploys and all(job_name in ([j["needs"]] if isinstance(j["needs"], str) else j["needs"]) for _, j in deploys)


def test_make_test_fast_is_the_not_slow_selection() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ntest-fast:", 1)[1].split("\n\n", 1)[0]
    assert '-m "not slow"' in recipe
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`make test-fast`" in readme


def test_a_fast_test_may_start_no_process() -> None:
    import subprocess
    import sys

    with pytest.raises(RuntimeError, match="is in the fast layer .* mark it @pytest.mark.slow"):
        subprocess.run([sys.executable, "-c", "pass"], check=False)


@pytest.mark.slow
def test_make_tests_workers_keep_each_group_on_one_worker(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """make test's --dist loadgroup sends a group's tests to one worker, so an expensive
    session fixture (the grown sites of test_scale.py) is built once; pytest 9.2 broke it
    silently (pytest-xdist#1386), hence the cap in pyproject.toml."""
    import subprocess
    import sys

    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\ntest:", 1)[1].split("\n\n", 1)[0]
    dist = re.search(r"-n \$\(jobs\) --dist (\w+)", recipe)
    assert dist, "make test no longer runs pytest-xdist with --dist: update this test"
    (tmp_path / "test_grouped.py").write_text(
        "import os, pathlib, pytest\n"
        "pytestmark = pytest.mark.xdist_group('one')\n"
        "@pytest.mark.parametrize('i', range(6))\n"
        "def test_where(i):\n"
        "    pathlib.Path(f'ran-{i}').write_text(os.environ['PYTEST_XDIST_WORKER'])\n",
        encoding="utf-8",
    )
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "3", "--dist", dist[1], "test_grouped.py"]
    run = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    workers = {path.read_text() for path in tmp_path.glob("ran-*")}
    assert len(workers) == 1, f"the 6 tests of one group ran on {sorted(workers)}: is xdist_group honoured?"
