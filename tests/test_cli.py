"""The kata command, end to end: each test runs `python -m kata` in a subprocess,
on a temporary copy of the repository, so nothing here touches the real tree."""

import json
import shutil
import subprocess
import sys

import pytest

from kata import catalog, cli
from kata.runner import REPO_ROOT

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]


@pytest.fixture
def repo(tmp_path):
    """A copy of the repository's tracked files, with the exercises as untouched stubs."""
    copy = tmp_path / "repo"
    files = subprocess.run(["git", "ls-files"], cwd=REPO_ROOT, capture_output=True, text=True,
                           check=True).stdout.split()
    if not files:  # not a git checkout: copy what the kata needs
        files = [str(p.relative_to(REPO_ROOT)) for folder in ("kata", "exercises", "reference")
                 for p in (REPO_ROOT / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        files += ["conftest.py", "pyproject.toml"]
    for name in files:
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO_ROOT / name, target)
    return copy


def kata(repo, *args):
    return subprocess.run([sys.executable, "-m", "kata", *args], cwd=repo, capture_output=True,
                          text=True, timeout=280)


def solve(repo, exercise):
    module = catalog.get(exercise).filename
    shutil.copyfile(repo / "reference" / module, repo / "exercises" / module)


def test_the_board_shows_progress_and_what_comes_next(repo):
    solve(repo, "ex5_1")
    result = kata(repo)
    assert result.returncode == 0, result.stderr
    assert "1 of" in result.stdout
    assert "ex5_1" in result.stdout and "done" in result.stdout
    assert "not started" in result.stdout
    assert "Next: ex5_2." in result.stdout
    # Nothing changed: the second board comes from the cache, without running pytest.
    cached = json.loads((repo / ".kata" / "board.json").read_text())
    assert cached["ex5_1"]["status"] == "done"
    again = kata(repo, "list")
    assert again.stdout == result.stdout


def test_check_names_the_first_thing_to_fix(repo):
    result = kata(repo, "check", "ex5_1")
    assert result.returncode == 1
    assert "0 of" in result.stdout and "First thing to fix" in result.stdout
    assert "not implemented yet" in result.stdout and "kata hint ex5_1" in result.stdout
    solve(repo, "ex5_1")
    result = kata(repo, "check", "ex5_1")
    assert result.returncode == 0 and "Done." in result.stdout


def test_hints_come_one_at_a_time(repo):
    first, second = kata(repo, "hint", "ex5_1"), kata(repo, "hint", "ex5_1")
    assert "Hint 1 of" in first.stdout and "Hint 2 of" in second.stdout
    everything = kata(repo, "hint", "ex5_1", "--all")
    assert "Hint 1 of" in everything.stdout and "Hint 4 of 4" in everything.stdout


def test_grade_writes_a_score_table_and_json(repo, tmp_path):
    report = tmp_path / "report.json"
    result = kata(repo, "grade", str(repo / "exercises"), "--json", str(report))
    assert result.returncode == 1  # untouched stubs fail
    rows = json.loads(report.read_text())["exercises"]
    assert [row["exercise"] for row in rows] == [e.name for e in catalog.EXERCISES]
    assert all(row["passed"] == 0 and row["failed"] > 0 for row in rows)
    assert "not implemented yet" in rows[0]["failures"][0]["message"]
    assert "ex5_1" in result.stdout and "0%" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["check", "ex9_9"], "unknown exercise 'ex9_9'"),
    (["hint", "nope"], "unknown exercise 'nope'"),
    (["grade", "no/such/folder"], "no/such/folder: no such folder"),
])
def test_bad_input_is_one_line_and_exit_2(repo, args, message):
    result = kata(repo, *args)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("exercise", catalog.EXERCISES, ids=lambda e: e.name)
def test_every_exercise_has_at_least_three_hints(exercise):
    assert len(cli.hints_of(exercise)) >= 3
