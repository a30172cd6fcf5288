"""requirements.lock is what `make lock` writes from pyproject.toml, and what the tests run on."""

from __future__ import annotations

import json
import tomllib
from importlib import metadata

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
    # What `pip freeze --all --exclude-editable` lists, read in-process (the fast layer starts no process).
    installed = {
        dist.metadata["Name"].lower().replace("_", "-"): dist.version
        for dist in metadata.distributions()
        if dist.metadata["Name"] != "pip" and not editable(dist)
    }
    assert installed == locked()


def editable(dist: metadata.Distribution) -> bool:
    origin = dist.read_text("direct_url.json")
    return bool(origin and json.loads(origin).get("dir_info", {}).get("editable"))
