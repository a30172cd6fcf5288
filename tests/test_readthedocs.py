"""Read the Docs runs the commands of .readthedocs.yaml in a clone and publishes
$READTHEDOCS_OUTPUT/html. Here they run in a copy of the repository, as Read
the Docs would run them: the folder they leave must hold the site's pages as
real files (_build/html is a link to a release folder; a copied link would
publish nothing)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from helpcenter.testing import CODES, ROOT

pytestmark = pytest.mark.slow

CANONICAL = "https://helpcenter.readthedocs.io/en/latest/"
#: What a clone does not have (the virtual environment is linked in, so nothing is installed again).
NOT_IN_A_CLONE = shutil.ignore_patterns(".git", ".venv", "_build", "node_modules", "*.egg-info", "__pycache__", ".pytest_cache", "*.mo")


def commands() -> list[str]:
    config = yaml.safe_load((ROOT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    return config["build"]["commands"]


def test_read_the_docs_publishes_every_page_as_real_files(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    shutil.copytree(ROOT, clone, ignore=NOT_IN_A_CLONE)
    # The checkout's .venv, whose stamp matches the copied lock: make does not reinstall.
    (clone / ".venv").symlink_to(ROOT / ".venv")
    output = tmp_path / "readthedocs"
    env = {**os.environ, "READTHEDOCS": "True", "READTHEDOCS_OUTPUT": str(output), "READTHEDOCS_CANONICAL_URL": CANONICAL}
    env.pop("HELPCENTER_BASE_URL", None)
    for command in commands():
        run = subprocess.run(["bash", "-c", command], cwd=clone, env=env, capture_output=True, text=True)
        assert run.returncode == 0, f"{command}\n{run.stdout}\n{run.stderr}"
        assert "pip install" not in run.stdout, "the linked .venv was reinstalled"

    published = output / "html"
    links = [p for p in [published, *published.rglob("*")] if p.is_symlink()]
    assert not links, f"Read the Docs would publish links, not files: {links[:5]}"
    built = (clone / "_build" / "html").resolve()
    expected = sorted(p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file())
    got = sorted(p.relative_to(published).as_posix() for p in published.rglob("*") if p.is_file())
    assert got == expected
    for lang in CODES:
        for page in ("index", "faq/billing", "channels/email", "404"):
            assert (published / lang / f"{page}.html").is_file(), f"{lang}/{page}"
        home = BeautifulSoup((published / lang / "index.html").read_text(encoding="utf-8"), "html.parser")
        # The site is built for the address Read the Docs serves it from.
        assert home.select_one('link[rel="canonical"]')["href"] == f"{CANONICAL}{lang}/index.html"
    assert (published / "index.html").is_file()
