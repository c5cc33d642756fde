"""Fixtures shared by the maintainers' tests."""

from pathlib import Path

import pytest

from kata.tools.common import copy_checkout
from kata.tools.runner import REPO_ROOT


@pytest.fixture
def repo(tmp_path) -> Path:
    """A fresh copy of the repository (the exercises as untouched stubs), for one test."""
    return copy_checkout(REPO_ROOT, tmp_path / "repo")


@pytest.fixture(scope="session")
def checkout_copy(tmp_path_factory) -> Path:
    """One copy of the repository per session, for tests that must not touch the real one."""
    return copy_checkout(REPO_ROOT, tmp_path_factory.mktemp("checkout") / "repo")
