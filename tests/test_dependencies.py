"""requirements.lock is what `make lock` writes from pyproject.toml, and what the tests run on."""

from __future__ import annotations

import subprocess
import sys
import tomllib

from packaging.requirements import Requirement

from helpcenter.testing import ROOT


def locked() -> dict[str, str]:
    lines = (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
    pins = [line.split("==") for line in lines if line and not line.startswith("#")]
    return {name.lower().replace("_", "-"): version for name, version in pins}


def test_every_dependency_of_pyproject_is_pinned_within_its_range() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *(r for extra in project["optional-dependencies"].values() for r in extra)]
    pins = locked()
    for text in wanted:
        requirement = Requirement(text)
        name = requirement.name.lower().replace("_", "-")
        assert name in pins, f"{name} is not in requirements.lock: run make lock"
        assert requirement.specifier.contains(pins[name]), f"{name}=={pins[name]} is outside {requirement}: run make lock"


def test_the_environment_is_exactly_the_lock() -> None:
    """A lock edited by hand, or a package installed by hand, shows up here."""
    freeze = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--all", "--exclude-editable"], capture_output=True, text=True, check=True
    ).stdout
    installed = {
        name.lower().replace("_", "-"): version
        for name, version in (line.split("==") for line in freeze.splitlines() if "==" in line)
        if name != "pip"
    }
    assert installed == locked()
