"""Training results kept across runs (kata/judge/cache.py) and the workers' answers
recorded (kata/judge/replay.py): every ingredient of the key invalidates, damaged entries
are retrained, the cap evicts, a second run replays until the code changes, and grading
never trusts a learner's cache."""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from kata import data
from kata.judge import cache
from kata.tools.runner import REPO_ROOT

pytestmark = pytest.mark.timeout(600)


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "tree"
    shutil.copytree(REPO_ROOT / "reference", root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def key(tree, name="ex5_2 run", exercise="ex5_2", seed=0, full=False, tests=REPO_ROOT / "exercises"):
    return cache.key_for(name, exercise, tree, tests, seed, full)


def test_the_key_follows_every_ingredient(tree, monkeypatch, tmp_path):
    base = key(tree)
    assert key(tree) == base, "the key must be stable"
    # the exercise's own module, and a module it imports (ex5_2 imports ex5_1)
    for module in ("ex5_2/xor.py", "ex5_1/forward.py"):
        original = (tree / module).read_text()
        (tree / module).write_text(original + "\n# one more line\n")
        assert key(tree) != base, f"editing {module} must change the key"
        (tree / module).write_text(original)
    assert key(tree) == base
    assert key(tree, seed=1) != base
    assert key(tree, full=True) != base
    assert key(tree, name="ex5_2 other run") != base
    tests = tmp_path / "tests"
    shutil.copytree(REPO_ROOT / "exercises", tests)
    (tests / "ex5_2" / "test_xor.py").write_text("# changed tests\n")
    assert key(tree, tests=tests) != base, "the exercise's test file is part of the key"
    versions = cache.library_versions()
    monkeypatch.setattr(cache, "library_versions", lambda: {**versions, "keras": "0.0.1"})
    assert key(tree) != base, "a library version is part of the key"
    monkeypatch.undo()
    spec = dict(data.MNIST_SPEC)
    spec["y_test"] = (spec["y_test"][0], spec["y_test"][1], "0" * 64)
    monkeypatch.setattr(data, "MNIST_SPEC", spec)
    assert key(tree) != base, "the data's content hash is part of the key"
    monkeypatch.undo()
    reading = key(tree, name="ex5_3 run", exercise="ex5_3")
    monkeypatch.setenv(data.ENV_VAR, str(tmp_path / "mnist.npz"))
    missing = key(tree, name="ex5_3 run", exercise="ex5_3")
    assert missing != reading, "where the data comes from is part of the key of ex5_3, which reads it"
    (tmp_path / "mnist.npz").write_bytes(b"arrived")
    assert key(tree, name="ex5_3 run", exercise="ex5_3") != missing, "the data arriving changes the key"
    assert key(tree) == base, "ex5_2 reads no data: MNIST arriving leaves its key alone"


def test_unrelated_modules_do_not_change_the_key(tree):
    base = key(tree)
    (tree / "ex5_3" / "prepare.py").write_text("# not imported by ex5_2\n")
    assert key(tree) == base


def test_a_helper_module_beside_the_exercise_is_part_of_the_key(tree):
    """A learner may split an exercise into modules; the worker gets all of them, so the key
    must follow all of them (ex5_2 imports ex5_1, whose folder now holds a helper)."""
    base = key(tree)
    helper = tree / "ex5_1" / "helpers.py"
    helper.write_text("SCALE = 1\n")
    assert key(tree) != base, "a new helper module in an imported exercise's folder changes the key"
    with_helper = key(tree)
    helper.write_text("SCALE = 2\n")
    assert key(tree) != with_helper, "editing the helper changes the key"
    (tree / "ex5_1" / "test_mine.py").write_text("# a learner's own test file\n")
    assert key(tree) == key(tree) and "ex5_1/test_mine.py" not in cache.modules_involved(tree, "ex5_2")
    # The catalog's requirements count as well as imports (the perceptron's tests run ex5_2).
    assert "ex5_2/xor.py" in cache.modules_involved(tree, "bonus_perceptron")


def history(values):
    from kata import keras_compat

    keras = keras_compat.import_quietly()
    kept = keras.callbacks.History()
    kept.history = {"loss": list(values)}
    kept.params = {"epochs": len(values)}
    kept.epoch = list(range(len(values)))
    return kept


def test_an_entry_comes_back_as_it_went_in_and_a_damaged_one_is_dropped(tmp_path):
    store = cache.Cache(tmp_path / "cache")
    store.put("abc", *cache.encode(history([0.5, 0.25])))
    value, created = store.get("abc", cache.decode)
    assert value.history == {"loss": [0.5, 0.25]} and value.epoch == [0, 1] and created > 0
    path = tmp_path / "cache" / "abc.npz"
    path.write_bytes(path.read_bytes()[:100])  # truncated
    assert store.get("abc", cache.decode) is None and not path.exists()
    store.put("abc", *cache.encode(history([0.5])))
    os.replace(path, tmp_path / "cache" / "other.npz")  # an entry filed under another key
    assert store.get("other", cache.decode) is None
    (tmp_path / "cache" / "foreign.npz").write_bytes(b"PK not really a zip")
    assert store.get("foreign", cache.decode) is None


def test_a_pickled_entry_is_never_unpickled(tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    np.savez(folder / "evil.npz", meta=np.array([{"format": 1}], dtype=object))
    assert cache.Cache(folder).get("evil", cache.decode) is None


def test_the_cap_evicts_the_least_recently_used(tmp_path):
    store = cache.Cache(tmp_path / "roomy", cap_bytes=10 ** 9)
    for name in ("a", "b", "c"):
        store.put(name, *cache.encode(history([1.0])))
    os.utime(tmp_path / "roomy" / "a.npz", (1, 1))  # a: least recently used
    store.cap_bytes = sum(p.stat().st_size for p in (tmp_path / "roomy").glob("*.npz")) + 16  # room for three
    store.put("d", *cache.encode(history([1.0])))
    assert sorted(p.stem for p in (tmp_path / "roomy").glob("*.npz")) == ["b", "c", "d"]


@pytest.mark.slow
@pytest.mark.tooling
@pytest.mark.timeout(1800)
def test_a_grade_ignores_a_doctored_entry(checkout_copy, tmp_path):
    """A submission whose train() learns nothing useful, plus a cache entry holding a trained model
    under exactly the key its run would have: pytest (which reads the cache) is fooled,
    kata grade is not."""
    submission = tmp_path / "submission"
    shutil.copytree(REPO_ROOT / "reference", submission, ignore=shutil.ignore_patterns("__pycache__"))
    model_py = submission / "ex5_4" / "model.py"
    # train() fits each image to another image's label: a History like any other, a useless model
    model_py.write_text(model_py.read_text().replace("fit(images, labels", "fit(images, labels[::-1]"))
    name = cache.key_for("ex5_4 trained", "ex5_4", submission, checkout_copy / "exercises", 0, False)
    store = cache.Cache(checkout_copy / ".kata" / "cache")
    store.put(name, *cache.encode(_trained_reference_model()))
    selected = "exercises/ex5_4/test_model.py::test_trained_model_reaches_the_accuracy_threshold"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    fooled = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                             f"--solutions={submission}", selected], cwd=checkout_copy, env=env,
                            capture_output=True, text=True)
    assert fooled.returncode == 0 and "reused the model" in fooled.stdout, fooled.stdout[-3000:]
    report = tmp_path / "grade.json"
    graded = subprocess.run([sys.executable, "-m", "kata", "grade", str(submission), "--exercises", "ex5_4",
                             "--json", str(report)], cwd=checkout_copy, env=env, capture_output=True, text=True)
    assert graded.returncode == 1, graded.stdout
    (row,) = json.loads(report.read_text())["exercises"]
    failed = [f["test"] for f in row["failures"]]
    assert "test_trained_model_reaches_the_accuracy_threshold" in failed, row


@pytest.mark.tooling
@pytest.mark.timeout(600)
def test_a_second_run_replays_the_workers_answers_until_the_code_changes(checkout_copy, tmp_path):
    """kata/judge/replay.py: the same code gets the same verdicts without a worker; an edit
    to one module sends that exercise (and only it) back to its worker."""
    submission = tmp_path / "submission"
    shutil.copytree(REPO_ROOT / "reference", submission, ignore=shutil.ignore_patterns("__pycache__"))

    def run():
        done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-rA",
                               f"--solutions={submission}", "exercises/ex5_1", "exercises/ex5_4",
                               "-m", "not slow"], cwd=checkout_copy, capture_output=True, text=True,
                              env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
        lines = done.stdout.splitlines()
        verdicts = sorted(line for line in lines if line.startswith(("PASSED ", "FAILED ")))
        replayed = next((line.split(":")[0] for line in lines if "answered from the record" in line), "")
        return verdicts, replayed, done.stdout[-3000:]

    first, replayed, shown = run()
    assert first and all(v.startswith("PASSED") for v in first) and not replayed, shown
    again, replayed, shown = run()
    assert (again, replayed) == (first, "ex5_1, ex5_4"), shown
    forward = submission / "ex5_1" / "forward.py"
    forward.write_text(forward.read_text() + "\n# an edit that changes nothing\n")
    again, replayed, shown = run()
    assert (again, replayed) == (first, "ex5_4"), shown
    forward.write_text(forward.read_text().replace("np.maximum(0, z)", "np.abs(z)"))
    wrong, replayed, shown = run()
    assert replayed == "ex5_4" and any(v.startswith("FAILED exercises/ex5_1") for v in wrong), shown
    assert [v for v in wrong if "ex5_4" in v] == [v for v in first if "ex5_4" in v], shown


@pytest.mark.tooling
@pytest.mark.timeout(600)
def test_a_grade_ignores_recorded_answers(checkout_copy, tmp_path):
    """A submission whose ReLU turns into the absolute value a moment after its first run:
    pytest replays the answers recorded while it was right and passes it; kata grade runs
    the code and fails it."""
    submission = tmp_path / "submission"
    shutil.copytree(REPO_ROOT / "reference", submission, ignore=shutil.ignore_patterns("__pycache__"))
    forward = submission / "ex5_1" / "forward.py"
    flip = time.time() + 45
    forward.write_text(forward.read_text() + f"""

import time as _time

_right_relu = relu


def relu(z):  # right until the flip, then the absolute value
    return np.abs(z) if _time.time() > {flip!r} else _right_relu(z)
""")
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}

    def pytest_run():
        return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q",
                               f"--solutions={submission}", "exercises/ex5_1"], cwd=checkout_copy, env=env,
                              capture_output=True, text=True)

    recorded = pytest_run()
    assert recorded.returncode == 0 and time.time() < flip, recorded.stdout[-3000:]
    time.sleep(max(0.0, flip - time.time()) + 1)
    fooled = pytest_run()
    assert fooled.returncode == 0 and "answered from the record" in fooled.stdout, fooled.stdout[-3000:]
    report = tmp_path / "grade.json"
    graded = subprocess.run([sys.executable, "-m", "kata", "grade", str(submission), "--exercises", "ex5_1",
                             "--json", str(report)], cwd=checkout_copy, env=env, capture_output=True, text=True)
    assert graded.returncode == 1, graded.stdout
    (row,) = json.loads(report.read_text())["exercises"]
    assert row["failures"], row


def _trained_reference_model():
    """The reference network trained for two epochs here: well above the threshold."""
    from kata import keras_compat
    from kata.judge import training

    keras = keras_compat.import_quietly()
    training.set_seed(0)
    model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(784, activation="relu"),
                              keras.layers.Dense(512, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")], name="nn")
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    mnist = data.prepared_mnist()
    history = model.fit(mnist.x_train, mnist.y_train, epochs=2, batch_size=128, verbose=0)
    # 5 epochs, as train's, ending with the epoch the model is at: a forgery consistent
    # enough for the History checks (kata.judge.history_checks), so that only the cache fools
    history.history = {k: [v[0]] * 4 + [v[1]] for k, v in history.history.items()}
    history.epoch = list(range(5))
    return training.Trained(model, history, 1.0)


def test_recorded_answers_come_back_and_a_damaged_record_is_dropped(tree, tmp_path, monkeypatch):
    from kata.judge import replay

    def recorder():
        return replay.Recorder(tmp_path / "answers", tree, REPO_ROOT / "exercises", 0, False)

    first = recorder()
    key = first.key("ex5_1", {"function": "relu", "args": [1.5]}, [b"\x93NUMPY"])
    assert key != first.key("ex5_1", {"function": "relu", "args": [2.5]}, [b"\x93NUMPY"])
    assert key != first.key("ex5_2", {"function": "relu", "args": [1.5]}, [b"\x93NUMPY"])
    second = first.key("ex5_1", {"function": "relu", "args": [1.5]}, [b"\x93NUMPY"])
    assert second != key, "the same call made again in a session has a key of its own"
    assert recorder().key("ex5_1", {"function": "relu", "args": [1.5]}, [b"\x93NUMPY"]) == key
    assert not first.knows("ex5_1") and first.lookup("ex5_1", key) is None
    first.store("ex5_1", key, {"ok": True, "value": 1.5}, [b"blob"], "printed\n")
    first.save()
    again = recorder()
    assert again.knows("ex5_1") and not again.knows("ex5_2")
    assert again.lookup("ex5_1", key) == ({"ok": True, "value": 1.5}, [b"blob"], "printed\n")
    assert again.replayed == {"ex5_1"} and again.asked == set()
    forward = tree / "ex5_1" / "forward.py"
    forward.write_text(forward.read_text() + "\n# edited\n")
    assert not recorder().knows("ex5_1"), "an edit to the module must retire its record"
    forward.write_text(forward.read_text().replace("\n# edited\n", ""))
    (record,) = (tmp_path / "answers").glob("*.npz")
    record.write_bytes(record.read_bytes()[:100])
    assert not recorder().knows("ex5_1") and not record.exists(), "a damaged record is dropped"


def test_a_record_that_outgrows_its_cap_keeps_only_this_sessions_answers(tree, tmp_path, monkeypatch):
    from kata.judge import replay

    monkeypatch.setattr(replay, "RECORD_BYTES", 10)
    old = replay.Recorder(tmp_path / "answers", tree, REPO_ROOT / "exercises", 0, False)
    old.store("ex5_1", "a", {"ok": True}, [b"12345678"], "")
    old.save()
    new = replay.Recorder(tmp_path / "answers", tree, REPO_ROOT / "exercises", 0, False)
    new.store("ex5_1", "b", {"ok": True}, [b"87654321"], "")
    new.save()
    kept = replay.Recorder(tmp_path / "answers", tree, REPO_ROOT / "exercises", 0, False)
    assert kept.lookup("ex5_1", "a") is None and kept.lookup("ex5_1", "b") is not None
