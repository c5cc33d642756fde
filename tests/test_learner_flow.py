"""What a learner reads while working: the names of their own errors, the board's key,
a function that never returns, and counts that add up (issue 24, items 1 to 5).
In-process where possible: nothing here starts a judge unless it says so."""

import builtins
import json
import os
import re
import shutil
import subprocess
import sys
import time
import traceback
from types import SimpleNamespace

import numpy as np
import pytest

from kata import catalog, data
from kata.judge import cache, learner
from kata.judge import plugin
from kata.outcomes import FAILED, PASSED, Outcome, ReportWriter, read_record
from kata.tools import board, check, common, live
from kata.tools.runner import REPO_ROOT
from kata.worker.hangs import HungFunctions
from kata.worker.results import LearnerError, LearnerTimeout, learner_error_class

pytestmark = [pytest.mark.tooling, pytest.mark.timeout(60)]


@pytest.mark.parametrize("builtin", ["ValueError", "TypeError", "ZeroDivisionError"])
def test_a_learner_exception_keeps_its_own_name(builtin):
    """The learner's code raised a ValueError: every message says ValueError, never the
    wrapper's name, and tests can still catch it as a ValueError."""
    cls = learner_error_class(builtin)
    error = cls("ex5_2", "predict", builtin, "The truth value of an array is ambiguous", [], "")
    assert isinstance(error, LearnerError) and isinstance(error, getattr(builtins, builtin))
    assert type(error).__name__ == builtin
    assert "Learner" not in repr(error)
    shown = "".join(traceback.format_exception_only(type(error), error))
    assert shown == f"{builtin}: The truth value of an array is ambiguous\n"
    assert learner_error_class(builtin) is cls  # one class per built-in type


def test_an_unknown_type_stays_a_learner_error():
    assert learner_error_class("MyOwnError") is LearnerError
    assert learner_error_class(None) is LearnerError


# --- item 2: a function that never returns costs one deadline, not one per test ---------------

LOOPING_OUTPUT = '''

def output(h, W):
    while True:
        pass
'''


@pytest.fixture
def looping_tree(tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(REPO_ROOT / "reference", tree, ignore=shutil.ignore_patterns("__pycache__"))
    with open(tree / "ex5_1" / "forward.py", "a") as module:
        module.write(LOOPING_OUTPUT)  # the later definition wins
    return tree


def test_a_function_that_hung_fails_at_once_afterwards(looping_tree):
    """Stopped once, ``output`` fails at once on its next call, and so does ``predict`` when
    it reaches ``output``: the same diagnosis each time, one deadline in all."""
    with learner.session(looping_tree, limit=2.0) as pool:
        started = time.monotonic()
        with pytest.raises(LearnerTimeout) as first:
            pool.call("ex5_1", "output", [np.array([1.0, 0.0]), np.array([1.0, -1.0])])
        assert time.monotonic() - started >= 2.0
        for function, args in (("output", [np.array([0.0, 1.0]), np.array([1.0, -1.0])]),
                               ("predict", [np.array([1.0, 2.0])])):
            pool.set_deadline(30.0)
            started = time.monotonic()
            with pytest.raises(LearnerTimeout) as again:
                pool.call("ex5_1", function, args)
            assert time.monotonic() - started < 5.0, f"{function} waited for a deadline again"
            assert (again.value.function, again.value.seconds, again.value.where) == \
                (first.value.function, first.value.seconds, first.value.where)
        # Code that does not reach the hung function still runs.
        assert pool.call("ex5_1", "relu", [-1.0]).value == 0.0


def test_the_screen_says_what_is_running_and_since_when(capsys, monkeypatch):
    monkeypatch.setattr(live.Progress, "SLOW_AFTER", 0.2)
    progress = live.Progress(catalog.get("ex5_1"))
    progress({"event": "collected", "exercises": {"ex5_1": 40}})
    progress({"event": "start", "exercise": "ex5_1", "test": "test_output[positive]", "limit": 10})
    time.sleep(1.2)
    progress.close()
    shown = capsys.readouterr().out
    assert re.search(r"ex5_1: running 40 tests \(started \d\d:\d\d:\d\d\)", shown), shown
    assert re.search(r"still running test_output\[positive\], since \d\d:\d\d:\d\d; the kata stops "
                     r"a call after 10 s", shown), shown
    assert shown.count("still running") == 1, "said once per test"


def test_the_memo_of_hangs_names_the_function_it_was_stopped_in():
    hangs = HungFunctions()
    error = LearnerTimeout("ex5_2", "predict", 10.0, ("ex5_1/forward.py", 30, "output"))
    assert hangs.earlier("ex5_2", "predict") is None
    hangs.remember(error)
    again = hangs.earlier("ex5_2", "predict")
    assert str(again) == str(error) and again.where == error.where
    assert hangs.earlier("ex5_1", "output") is not None  # where it was stopped
    assert hangs.earlier("ex5_2", "predict", replace={"ex5_1.output": 1.0}) is None  # swapped out
    assert hangs.names("ex5_2") == ["ex5_1.output", "ex5_2.predict"]  # ex5_2 requires ex5_1
    assert hangs.names("ex5_1") == ["ex5_1.output"] and hangs.names("ex5_3") == []
    assert hangs.named("ex5_1.output", "ex5_2", "score").where == error.where


# --- item 1: the board is keyed like the result cache, and a check updates it --------------------

def outcome(exercise, test, passed, case=None):
    return Outcome(exercise, test, case or test, PASSED if passed else FAILED, "" if passed else "wrong")


@pytest.fixture
def state(tmp_path, monkeypatch):
    """The kata's state folder in a temporary place."""
    monkeypatch.setattr(common, "STATE_DIR", tmp_path / ".kata")
    return tmp_path / ".kata"


def test_the_board_uses_the_caches_key(monkeypatch, tmp_path):
    asked = []
    real = cache.key_for
    monkeypatch.setattr(cache, "key_for", lambda *args: asked.append(args) or real(*args))
    exercise = catalog.get("ex5_2")
    tree = tmp_path / "tree"
    shutil.copytree(REPO_ROOT / "exercises", tree, ignore=shutil.ignore_patterns("__pycache__"))
    before = board.key_of(exercise, tree)
    assert asked and asked[0][:2] == ("board", "ex5_2"), "the board must reuse cache.key_for"
    (tree / "ex5_1" / "helpers.py").write_text("SCALE = 2\n")
    assert board.key_of(exercise, tree) != before, "a helper module beside ex5_1's own counts"


def test_a_check_moves_the_board_on_once_the_data_arrives(state, monkeypatch, tmp_path):
    """ex5_3 checked without MNIST, then with it: the check's own result is the board's row,
    so the board and `kata check` move on to ex5_4 (issue 24's loop)."""
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "mnist.npz"))
    for name in ("ex5_1", "ex5_2"):
        board.record(catalog.get(name), [outcome(name, "test_a", True), outcome(name, "test_b", True)])
    ex5_3 = catalog.get("ex5_3")
    board.record(ex5_3, [outcome("ex5_3", "test_shape", True), outcome("ex5_3", "test_data", False)])
    assert board.next_to_check() is ex5_3
    (tmp_path / "mnist.npz").write_bytes(b"arrived")  # the data is there now
    fresh = board.fresh_rows()
    assert "ex5_3" not in fresh, "the data ex5_3 reads changed: its row is stale"
    assert {"ex5_1", "ex5_2"} <= set(fresh), "exercises that read no data keep their rows"
    board.record(ex5_3, [outcome("ex5_3", "test_shape", True), outcome("ex5_3", "test_data", True)])
    assert board.fresh_rows()["ex5_3"]["status"] == "done"
    assert board.next_to_check() is catalog.get("ex5_4")
    board.record(ex5_3, [])  # a check that could not judge the code: the board finds out again
    assert "ex5_3" not in board.fresh_rows()


def test_kata_check_runs_nothing_twice_to_choose_what_to_check(state, monkeypatch):
    """From the exercise checked last on, nothing runs to choose (the check itself runs it,
    once); an out-of-date row behind it gets the board's quick run."""
    refreshed = []
    monkeypatch.setattr(board, "refresh", lambda exercises: refreshed.append([e.name for e in exercises]))
    ex5_1, ex5_2 = catalog.get("ex5_1"), catalog.get("ex5_2")
    board.record(ex5_1, [outcome("ex5_1", "test_a", True)])
    board.record(ex5_2, [outcome("ex5_2", "test_a", False)])
    assert board.next_to_check("ex5_2") is ex5_2 and board.next_to_check() is ex5_2 and refreshed == []
    saved = common.load_state("board")
    saved["ex5_1"]["key"] = "made before the kata was updated"
    common.save_state("board", saved)
    assert board.next_to_check("ex5_1") is ex5_1 and refreshed == [], "ex5_1 is the one to check"
    board.next_to_check("ex5_2")
    assert refreshed == [["ex5_1"]], "ex5_1, done before, is checked again by the board's quick run"


# --- item 4: one way of counting --------------------------------------------------------------

def test_the_passing_line_adds_up_to_the_headline():
    ex5_2 = catalog.get("ex5_2")
    results = [outcome("ex5_2", "test_weights", True),
               *(outcome("ex5_2", "test_truth_table", i < 3, f"test_truth_table[{i}]") for i in range(4)),
               *(outcome("ex5_2", "test_shape", True, f"test_shape[{i}]") for i in range(2)),
               *(outcome("ex5_2", "test_none", False, f"test_none[{i}]") for i in range(2))]
    verdict = check.Verdict(ex5_2, tuple(results))
    assert "6 of 9 tests pass" in check.headline(verdict)
    line = check.passing_line(verdict)
    assert line == "Passing: test_weights, test_truth_table (3 of 4), test_shape (2)", line
    assert "test_none" not in line


def test_the_board_counts_the_tests_a_check_runs(state):
    row = board.row_for("k", [outcome("ex5_4", f"test_{i}", True) for i in range(9)], not_run=4)
    assert (row["passed"], row["total"]) == (9, 13)
    assert board.count_text(row) == "9/13 tests (4 not run yet: they train a model)"
    verdict = check.Verdict(catalog.get("ex5_4"), tuple(outcome("ex5_4", f"t{i}", True) for i in range(9)),
                            quick=True, not_run=4)
    assert check.quick_note(verdict) == "The 4 tests that train a model were left out (quick run)."
    rows = [{"exercise": catalog.get("ex5_4"), **row}]
    common.save_state("check", {"last": "ex5_4"})
    assert check.progress_note(rows, catalog.get("ex5_5")).startswith(
        "ex5_4 done: 9 of 13 (4 that train a model not run yet). Next: ex5_5")


def test_a_quick_run_reports_the_tests_it_left_out(tmp_path):
    """The judge counts the tests -m left out (not those behind --full) and the record carries
    them, so the board's total is `kata check`'s."""
    def item(exercise, *markers):
        return SimpleNamespace(exercise=exercise, get_closest_marker=lambda name: name in markers or None)

    judge = SimpleNamespace(not_run={}, exercise_of=lambda it: it.exercise)
    plugin.KataReporter.pytest_deselected(judge, [item("ex5_4", "slow"), item("ex5_4", "slow"),
                                                  item("ex5_4", "full"), item(None, "slow")])
    assert judge.not_run == {"ex5_4": 2}
    writer = ReportWriter(tmp_path / "report.jsonl")
    writer.write("collected", tests=[], not_run=judge.not_run)
    writer.close()
    assert read_record(tmp_path / "report.jsonl").not_run == {"ex5_4": 2}


# --- end to end: the learner's loop of issue 24 --------------------------------------------------

def kata(repo, *args, mnist):
    env = {**os.environ, "CI": "1", data.ENV_VAR: str(mnist)}  # CI: never a download
    return subprocess.run([sys.executable, "-m", "kata", *args], cwd=repo, capture_output=True,
                          text=True, timeout=280, env=env)


REPLAYED = "answered from the record of an earlier run"


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_check_runs_once_updates_the_board_and_says_only_what_it_replayed(repo, tmp_path):
    missing, mnist = tmp_path / "absent.npz", os.environ.get(data.ENV_VAR, "")
    for name in ("ex5_1", "ex5_3"):
        module = catalog.get(name).filename
        shutil.copyfile(repo / "reference" / module, repo / "exercises" / module)
    first = kata(repo, "check", mnist=missing)  # no name: the next exercise, its tests run once
    assert first.returncode == 0 and first.stdout.count("ex5_1: running") == 1, first.stdout
    assert REPLAYED not in first.stdout, first.stdout
    again = kata(repo, "check", "ex5_1", mnist=missing)
    assert REPLAYED in again.stdout, "an unchanged module is answered from the record, and says so"
    with open(repo / "exercises" / "ex5_1" / "forward.py", "a") as module:
        module.write("\n# edited\n")
    edited = kata(repo, "check", mnist=missing)
    assert "ex5_1: passed" in edited.stdout and REPLAYED not in edited.stdout, edited.stdout
    # ex5_3 without MNIST, then with it: the check's result is what the board shows.
    # (test_a_check_moves_the_board_on_once_the_data_arrives follows the keys in-process.)
    def row():
        return json.loads((repo / ".kata" / "board.json").read_text())["ex5_3"]

    assert kata(repo, "check", "ex5_3", mnist=missing).returncode == 2  # the kata's set-up, not the code
    assert row()["status"] == "in progress" and 0 < row()["passed"] < row()["total"], row()
    if not mnist:
        pytest.skip("MNIST_NPZ is not set: the rest needs the data")
    assert kata(repo, "check", "ex5_3", mnist=mnist).returncode == 0
    assert row()["status"] == "done" and row()["passed"] == row()["total"], row()
