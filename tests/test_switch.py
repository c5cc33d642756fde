"""The --solutions switch and the plugin's reporting, seen from outside:
each case builds a small solution tree and runs the exercise tests on it."""

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from kata import catalog
from kata.tools.runner import REPO_ROOT, run_tests

pytestmark = [pytest.mark.slow, pytest.mark.timeout(120)]


@pytest.fixture
def tree(tmp_path):
    """A fresh copy of reference/ to break."""
    root = tmp_path / "tree"
    shutil.copytree(REPO_ROOT / "reference", root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def by_exercise(run, exercise):
    outcomes = [o for o in run.outcomes if o.exercise == exercise]
    assert outcomes, f"no {exercise} test ran:\n{run.output}"
    return outcomes


def test_a_syntax_error_fails_only_its_own_exercise(tree):
    (tree / "ex5_2" / "xor.py").write_text("def input_weights(:\n    pass\n")
    run = run_tests(tree, ["ex5_1", "ex5_2"])
    assert all(o.passed for o in by_exercise(run, "ex5_1")), run.output
    failures = by_exercise(run, "ex5_2")
    assert failures and not any(o.passed for o in failures)
    assert all("xor.py fails to import" in o.message and "SyntaxError" in o.message
               for o in failures), failures[0].message


def test_an_exception_on_import_names_the_file_and_line(tree):
    (tree / "ex5_1" / "forward.py").write_text("import numpy as np\n\nW = np.zeros(2) @ np.zeros(3)\n")
    run = run_tests(tree, ["ex5_1"])
    message = run.outcomes[0].message
    assert "forward.py fails to import" in message and "ValueError" in message
    assert "line 3" in message


def test_a_missing_module_is_not_borrowed_from_another_tree(tree):
    (tree / "ex5_1" / "forward.py").unlink()
    run = run_tests(tree, ["ex5_1", "ex5_2"])
    assert run.outcomes and not any(o.passed for o in run.outcomes)
    assert all("does not exist" in o.message for o in by_exercise(run, "ex5_1"))
    # ex5_2 imports ex5_1, which must resolve in this tree only, so it fails too.
    assert all("forward" in o.message for o in by_exercise(run, "ex5_2"))


def test_a_dependency_left_as_a_stub_is_reported_as_such(tree):
    shutil.copyfile(REPO_ROOT / "exercises" / "ex5_1" / "forward.py", tree / "ex5_1" / "forward.py")
    run = run_tests(tree, ["ex5_2"])
    predict = [o for o in run.outcomes if o.test == "test_predict_reproduces_the_truth_table"]
    assert predict and all("needs ex5_1 `hidden`, which is not implemented yet" in o.message
                           for o in predict)
    assert "waits for: ex5_1" in run.output


@pytest.mark.tooling  # the worker's deadline, the same on every Keras
def test_a_function_that_never_returns_is_stopped_with_a_clear_message(tree):
    source = (tree / "ex5_1" / "forward.py").read_text()
    (tree / "ex5_1" / "forward.py").write_text(source.replace(
        "def target(x):\n", "def target(x):\n    while True:\n        pass\n"))
    run = run_tests(tree, ["ex5_1/test_forward.py::test_target_is_x1_minus_x2[2,1]"])
    assert len(run.outcomes) == 1, run.output
    message = run.outcomes[0].message
    assert "ex5_1 `target`: still running after 10 s" in message, message
    assert "loop" in message


def test_the_environment_variable_selects_the_tree(tree):
    env = {**os.environ, "KATA_SOLUTIONS": str(tree)}
    process = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                              "exercises/ex5_1"], cwd=REPO_ROOT, env=env,
                             capture_output=True, text=True)
    assert process.returncode == 0, process.stdout
    assert "passed" in process.stdout


def test_an_unknown_tree_is_a_usage_error_not_a_traceback():
    process = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
                              "--solutions", "no/such/folder", "exercises/ex5_1"],
                             cwd=REPO_ROOT, capture_output=True, text=True)
    assert process.returncode == 4  # pytest's usage-error exit code
    assert "solutions tree 'no/such/folder' not found" in process.stderr
    assert "Traceback" not in process.stderr


def test_stub_failures_are_one_line_and_the_summary_says_what_to_do_next(tmp_path):
    stubs = tmp_path / "stubs"
    shutil.copytree(REPO_ROOT / "exercises", stubs, ignore=shutil.ignore_patterns("__pycache__"))
    run = run_tests(stubs, ["ex5_1"])
    assert run.outcomes[0].message.startswith("ex5_1 `test_inputs`: not implemented yet.")
    assert "\n" not in run.outcomes[0].message
    assert "Traceback" not in run.output
    assert "Next: open" in run.output and "implement `test_inputs`" in run.output


def test_numpy_exercises_do_not_import_tensorflow(tmp_path):
    probe = tmp_path / "conftest_probe.py"
    probe.write_text(textwrap.dedent("""
        import sys
        def pytest_sessionfinish(session):
            print("TENSORFLOW LOADED" if "tensorflow" in sys.modules else "TENSORFLOW NOT LOADED")
    """))
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    process = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p",
                              "conftest_probe", "-q", "-s", "--solutions", "reference",
                              "exercises/ex5_1", "exercises/ex5_2"],
                             cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    assert process.returncode == 0, process.stdout
    assert "TENSORFLOW NOT LOADED" in process.stdout


@pytest.mark.tooling  # the markers of the kata's own tests, the same on every Keras
@pytest.mark.timeout(900)
def test_the_quick_selection_trains_nothing():
    """README and `kata check --quick` promise that `-m "not slow"` leaves out every test that
    trains a model: the judge reports each epoch trained, in a worker or in the judge, and a
    quick run of the reference must report none."""
    events = []
    run = run_tests(REPO_ROOT / "reference", [e.name for e in catalog.EXERCISES],
                    extra_args=["-m", "not slow and not full", "--no-cache"], progress=events.append)
    assert run.outcomes and not run.failed(), run.output[-3000:]
    trained = sorted({event["exercise"] for event in events if event.get("event") == "epoch"})
    assert not trained, f"tests outside the `slow` marker train a model in: {trained}"
    assert any(event.get("event") == "collected" for event in events)


@pytest.mark.timeout(600)
def test_a_slow_run_reports_its_epochs():
    """The other side of the check above: training is seen when it happens."""
    events = []
    run_tests(REPO_ROOT / "reference", ["ex5_6/test_history.py::test_train_with_validation_defaults_to_10_epochs_of_batch_128"],
              extra_args=["--no-cache"], progress=events.append)
    epochs = [event for event in events if event.get("event") == "epoch"]
    assert epochs and epochs[-1]["epochs"] == 10 and epochs[-1]["exercise"] == "ex5_6", events


def test_an_exercise_whose_dependency_does_not_import_says_so(tree):
    (tree / "ex5_1" / "forward.py").write_text("def relu(z:\n    pass\n")
    run = run_tests(tree, ["ex5_2"])
    messages = {o.message.splitlines()[0] for o in run.outcomes}
    assert run.outcomes and not any(o.passed for o in run.outcomes)
    assert all("imports ex5_1" in m and "make ex5_1 import first" in m for m in messages), messages


@pytest.mark.timeout(600)
def test_training_under_the_kata_prints_no_progress_bars(tree):
    """Whatever verbose= the learner's fit asks for, the worker trains silently."""
    history = tree / "ex5_6" / "history.py"
    history.write_text(history.read_text().replace("verbose=0", "verbose=1"))
    assert "verbose=1" in history.read_text()
    run = run_tests(tree, ["ex5_6/test_history.py::test_train_with_validation_defaults_to_10_epochs_of_batch_128"],
                    extra_args=["-rP", "--no-cache"])
    assert run.outcomes and run.outcomes[0].passed, run.output[-2000:]
    assert "\x08" not in run.output and "━" not in run.output and "Epoch 1/10" not in run.output
