"""Fixtures shared by the maintainers' tests."""

import shutil
import subprocess
from pathlib import Path

import pytest

from kata.tools.runner import REPO_ROOT


def checkout_files():
    """The files of this checkout that a copy needs (tracked and new, not ignored)."""
    files = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                           cwd=REPO_ROOT, capture_output=True, text=True).stdout.split()
    files = [name for name in files if (REPO_ROOT / name).is_file()]
    if not files:  # not a git checkout: copy what the kata needs
        files = [str(p.relative_to(REPO_ROOT)) for folder in ("kata", "exercises", "reference")
                 for p in (REPO_ROOT / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        files += ["conftest.py", "pyproject.toml"]
    return files


def copy_checkout(target: Path) -> Path:
    for name in checkout_files():
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO_ROOT / name, destination)
    return target


@pytest.fixture(scope="session")
def checkout_copy(tmp_path_factory) -> Path:
    """One copy of the repository per session, for tests that must not touch the real one."""
    return copy_checkout(tmp_path_factory.mktemp("checkout") / "repo")
