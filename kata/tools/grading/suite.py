"""The instructor's suite as the grader sees it: which tests each exercise expects,
how long an exercise may take, and a fingerprint that says when grades go stale.

Tools side: the expected tests are collected by a separate pytest process
(``--collect-only``) pointed at an empty solutions tree, so no learner code is
involved, and whatever a submission does, the tests it is graded on are these.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Dict, Iterable, List, Sequence, Tuple

from kata import catalog
from kata.tools.common import load_state, save_state
from kata.tools.runner import REPO_ROOT, run_tests

# The selection every grade uses: the lesson's 80-epoch runs (--full) are not graded.
MARKS = ("-m", "not full")

# Seconds one exercise of one submission may take before it is stopped, unless
# --timeout or grading.toml says otherwise: each exercise's ``time_limit`` in the
# catalog. Measured (benchmarks/results/grading.txt, a 2-core machine with a load
# average of 4 to 10): the NumPy exercises take at most a few seconds, ex5_4 about
# 50 s, ex5_7 about 60 s and ex5_8 about 80 s (limits 120 s and 900 s).

# What the grades depend on besides the submission: the tests, the judge, the
# worker and the grading code (kata/tools/ holds the CLI, whose other modules only
# format what grade_submission returns), and the library versions.
_GRADER_FILES = ("conftest.py", "pyproject.toml")
_VERSIONED = ("numpy", "tensorflow", "tensorflow-cpu", "keras", "jax")
CACHE = "grading-suite"  # .kata/grading-suite.json: the expected tests, by fingerprint
CACHE_ENTRIES = 8


class SuiteError(Exception):
    """The instructor's tests could not be collected (a broken test file)."""


def default_limit(exercise: catalog.Exercise) -> float:
    return exercise.time_limit


def _grader_files(names: Sequence[str], root: Path) -> List[Path]:
    files = [root / name for name in _GRADER_FILES if (root / name).is_file()]
    for name in names:
        files += sorted((root / "exercises" / name).glob("test_*.py"))
    tools = root / "kata" / "tools"
    files += sorted(p for p in (root / "kata").rglob("*.py")
                    if "__pycache__" not in p.parts
                    and (tools not in p.parents or p.name in ("grade.py", "judging.py", "runner.py")))
    return files


def _versions() -> List[Tuple[str, str]]:
    found = []
    for name in _VERSIONED:
        try:
            found.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            pass
    found.append(("python", "%d.%d" % sys.version_info[:2]))
    found.append(("KERAS_BACKEND", os.environ.get("KERAS_BACKEND", "")))
    return found


def fingerprint(names: Sequence[str], root: Path = REPO_ROOT) -> str:
    """A hash of everything besides the submission that decides its grade on ``names``:
    the tests, the judge, the grading code and the library versions. A grade made
    under another fingerprint is stale."""
    digest = hashlib.sha256()
    for path in _grader_files(names, root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name, version in _versions():
        digest.update(f"{name}={version}\0".encode())
    return digest.hexdigest()


def test_key(name: str) -> str:
    """The name a test is known by in a grade: the last part of its node id
    (``test_relu[-2-0]``), which is also what the JUnit report calls it."""
    return name.split("::")[-1]


def expected_tests(names: Sequence[str], root: Path = REPO_ROOT) -> Dict[str, List[str]]:
    """Every test the suite defines for each exercise in ``names``, in order: what a
    submission is graded on, whether or not it runs. Collected once per fingerprint
    (kept in the kata's state folder, .kata/, between runs)."""
    key = f"{fingerprint(names, root)}:{','.join(names)}"
    cache = load_state(CACHE) if root == REPO_ROOT else {}
    if isinstance(cache.get(key), dict) and set(cache[key]) == set(names):
        return {name: list(cache[key][name]) for name in names}
    found = {name: list(tests) for name, tests in _collected(tuple(names), key, root).items()}
    if root == REPO_ROOT:
        kept = {k: v for k, v in list(cache.items())[-(CACHE_ENTRIES - 1):] if k != key}
        try:
            save_state(CACHE, {**kept, key: found})
        except OSError:  # a read-only checkout (a worker's, say): collect again next time
            pass
    return found


@functools.lru_cache(maxsize=16)
def _collected(names: Tuple[str, ...], key: str, root: Path) -> Dict[str, Tuple[str, ...]]:
    """The judge's own list of what it would run (its report, written at collection),
    against an empty tree: no worker starts and nothing of a submission is read."""
    with tempfile.TemporaryDirectory(prefix="kata-suite-") as empty:
        run = run_tests(Path(empty), list(names), extra_args=[*MARKS, "--collect-only", "--no-cache"],
                        timeout=600, root=root)
    found: Dict[str, List[str]] = {name: [] for name in names}
    for outcome in run.outcomes:
        if outcome.exercise in found:
            found[outcome.exercise].append(test_key(outcome.case))
    empty_ones = [name for name, tests in found.items() if not tests]
    if run.problem or empty_ones:
        tail = run.output.strip().splitlines()[-5:]
        raise SuiteError(f"collecting the tests of {', '.join(empty_ones or names)} failed: "
                         + " / ".join([run.problem, *tail] if run.problem else tail))
    return {name: tuple(tests) for name, tests in found.items()}


def selection(names: Iterable[str]) -> List[catalog.Exercise]:
    """The exercises named, in the catalogue's order (KeyError for an unknown name)."""
    wanted = {catalog.get(name).name for name in names}
    return [exercise for exercise in catalog.EXERCISES if exercise.name in wanted]
