"""The gallery meta-test: every wrong solution is rejected by the right test for
the right reason, every correct variant passes, the reference passes and the
untouched stubs fail everywhere with "not implemented yet".

Each entry is judged by the exercise tests in a separate pytest process (see
kata/tools/runner.py), against a temporary copy of reference/ with its module
swapped in: all of the exercise's tests for a correct variant, and only the
tests named in the entry for a wrong one. Entries of unrelated exercises share
a process (sessions_for), each with its own worker.
"""

import ast
import dataclasses
import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import List, Sequence, Set

import pytest

from kata import catalog
from kata.tools.runner import REPO_ROOT, run_tests, stub_problems

GALLERY = Path(__file__).parent / "gallery"
ENTRIES = sorted(GALLERY.glob("*/*.py"))

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


def declared(entry: Path) -> dict:
    """The entry's GALLERY dict, read without importing the file."""
    for node in ast.parse(entry.read_text()).body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "GALLERY":
            return ast.literal_eval(node.value)
    raise AssertionError(f"{entry} has no GALLERY dict (see tests/gallery/README.md)")


def tree_with(entries: Sequence[Path], root: Path) -> Path:
    """A copy of reference/ in which each entry replaces its exercise's module."""
    tree = root / "tree"
    shutil.copytree(REPO_ROOT / "reference", tree, ignore=shutil.ignore_patterns("__pycache__"))
    for entry in entries:
        shutil.copyfile(entry, tree / catalog.get(entry.parent.name).filename)
    return tree


def targets_for(entry: Path) -> list:
    """All of the exercise's tests for a correct variant; for a wrong one, only the
    tests that must reject it, so that a wrong model is never trained for nothing."""
    exercise, expected = entry.parent.name, declared(entry)
    tests = expected["tests"] if expected["verdict"] == "rejected" else []
    if not tests:
        return [exercise]
    test_file = next((REPO_ROOT / "exercises" / exercise).glob("test_*.py")).name
    return [f"{exercise}/{test_file}::{test}" for test in tests]


def depends_on(exercise: str) -> Set[str]:
    """The exercises whose modules decide ``exercise``'s results, directly or not."""
    found, queue = set(), list(catalog.get(exercise).requires)
    while queue:
        name = queue.pop()
        if name not in found:
            found.add(name)
            queue.extend(catalog.get(name).requires)
    return found


def sessions_for(entries: Sequence[Path]) -> List[List[Path]]:
    """The entries packed into judge sessions, so that TensorFlow is imported once per
    session rather than once per entry: a session holds at most one entry per exercise,
    and never two exercises of which one runs the other's module (ex5_2 and ex5_1, ex5_5
    and ex5_4, ...), so that each entry is judged beside the reference alone, as if by
    itself. Each exercise's tests talk to their own worker, so a crash stays in its entry."""
    names = [e.name for e in catalog.EXERCISES]
    clashes = {name: {name} | depends_on(name) | {other for other in names if name in depends_on(other)}
               for name in names}  # what may not share a session with ``name``
    sessions: List[List[Path]] = []
    for entry in entries:
        exercise = entry.parent.name
        for session in sessions:
            if not clashes[exercise] & {e.parent.name for e in session}:
                session.append(entry)
                break
        else:
            sessions.append([entry])
    return sessions


@pytest.fixture(scope="session")
def gallery_runs(request, tmp_path_factory):
    """The run of every selected entry, made the first time a gallery test asks: the
    entries are packed into a few judge sessions (sessions_for), each a separate pytest
    process, run side by side on all cores."""
    selected = [item.callspec.params["entry"] for item in request.session.items
                if getattr(item, "originalname", "") == "test_gallery_entry_gets_its_verdict"]

    def run(session):
        tree = tree_with(session, tmp_path_factory.mktemp("gallery"))
        targets = [target for entry in session for target in targets_for(entry)]
        together = run_tests(tree, targets, timeout=600 + 300 * len(session))
        return [(entry, dataclasses.replace(together, outcomes=[
            o for o in together.outcomes if o.exercise == entry.parent.name])) for entry in session]

    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        return dict(pair for pairs in pool.map(run, sessions_for(selected)) for pair in pairs)


def entry_param(entry: Path):
    """An entry as a test case. A NumPy exercise's verdicts do not depend on the Keras or
    TensorFlow version, so its entries carry the ``tooling`` marker and run in the one
    environment with the tools factor (tox.ini) instead of on every environment."""
    marks = () if catalog.get(entry.parent.name).uses_tensorflow else (pytest.mark.tooling,)
    return pytest.param(entry, marks=marks, id=f"{entry.parent.name}/{entry.stem}")


@pytest.mark.timeout(3600)  # the first case waits for the whole gallery (gallery_runs)
@pytest.mark.parametrize("entry", [entry_param(entry) for entry in ENTRIES])
def test_gallery_entry_gets_its_verdict(entry, gallery_runs):
    expected = declared(entry)
    exercise = entry.parent.name
    run = gallery_runs[entry]
    assert run.outcomes, f"no test ran for {exercise}:\n{run.output}"
    if expected["verdict"] == "accepted":
        assert not run.failed(), (
            f"{entry.name} is a correct variant but was rejected:\n"
            + "\n".join(f"  {o.case}: {o.message}" for o in run.failed()))
        return
    assert expected["verdict"] == "rejected", f"{entry}: verdict must be accepted or rejected"
    assert expected["tests"], f"{entry}: a rejected entry must name the tests that reject it"
    for test in expected["tests"]:
        cases = [o for o in run.outcomes if o.test == test]
        assert cases, f"{entry.name}: {exercise} has no test called {test}:\n{run.output}"
        reasons = [o.message for o in cases if not o.passed]
        assert reasons, f"{entry.name} should fail {test}, but every case of it passed"
        assert any(expected["message"] in reason for reason in reasons), (
            f"{entry.name} failed {test}, but not for the declared reason "
            f"{expected['message']!r}; messages were:\n  " + "\n  ".join(reasons))


def test_every_exercise_has_wrong_solutions_in_the_gallery():
    covered = {entry.parent.name for entry in ENTRIES if declared(entry)["verdict"] == "rejected"}
    missing = [e.name for e in catalog.EXERCISES if e.name not in covered]
    assert not missing, f"no wrong solution in tests/gallery for {missing}"


@pytest.mark.tooling  # on every environment, the suite itself runs exercises/ against reference/
def test_reference_passes_every_test():
    run = run_tests(REPO_ROOT / "reference", [e.name for e in catalog.EXERCISES])
    assert run.returncode == 0 and run.outcomes, run.output
    assert not run.failed()


def test_untouched_stubs_fail_every_test_as_not_implemented(tmp_path):
    stubs = tmp_path / "stubs"
    shutil.copytree(REPO_ROOT / "exercises", stubs, ignore=shutil.ignore_patterns("__pycache__"))
    problems = stub_problems(run_tests(stubs, [e.name for e in catalog.EXERCISES]))
    assert not problems, "every test must fail on the stubs, as 'not implemented yet':\n" + "\n".join(problems)
