"""The Gradescope bundle (kata release --gradescope): built here, unpacked into a temporary
folder laid out like /autograder (its root from KATA_GRADESCOPE_ROOT), and its own
run_autograder run on an honest, a wrong and a cheating ex5_1 (NumPy only: seconds each)
and on a submission with no exercise in it. Every results.json must validate against
the schema below, written from Gradescope's autograder specification ("Output format")."""

import io
import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from kata.tools import cli
from kata.tools.grading import gradescope
from kata.tools.runner import REPO_ROOT

pytestmark = [pytest.mark.tooling, pytest.mark.slow, pytest.mark.timeout(300)]

VISIBILITY = {"enum": ["hidden", "after_due_date", "after_published", "visible"]}
NUMBER = {"type": "number"}
# Gradescope's results.json: a score (on the whole or on each test), the time in seconds,
# text for the student, visibility settings, and tests with name, score, max_score,
# status, output and visibility.
SCHEMA = {
    "type": "object",
    "properties": {
        "score": NUMBER, "max_score": NUMBER, "execution_time": NUMBER, "output": {"type": "string"},
        "visibility": VISIBILITY, "stdout_visibility": VISIBILITY, "extra_data": {"type": "object"},
        "tests": {"type": "array", "items": {
            "type": "object",
            "properties": {
                "score": NUMBER, "max_score": NUMBER, "status": {"enum": ["passed", "failed"]},
                "name": {"type": "string"}, "number": {"type": "string"}, "output": {"type": "string"},
                "tags": {"type": "array", "items": {"type": "string"}}, "visibility": VISIBILITY,
                "extra_data": {"type": "object"},
            },
            "required": ["score", "max_score", "name", "output", "visibility"],
            "additionalProperties": False,
        }},
    },
    "required": ["score", "max_score", "execution_time", "tests"],
    "additionalProperties": False,
}
HONEST = (REPO_ROOT / "reference" / "ex5_1" / "forward.py").read_bytes()
WRONG = (REPO_ROOT / "tests" / "gallery" / "ex5_1" / "no_relu.py").read_bytes()
CHEAT = (REPO_ROOT / "tests" / "cheats" / "forged_report.py").read_bytes()


@pytest.fixture(scope="module")
def autograder(tmp_path_factory):
    """A folder laid out like /autograder, with source/ unpacked from the bundle."""
    scratch = tmp_path_factory.mktemp("gradescope")
    (scratch / "grading.toml").write_text("[points]\nex5_1 = 10\nex5_2 = 5\n")
    bundle = scratch / "autograder.zip"
    assert cli.main(["release", "--gradescope", str(bundle), "--exercises", "ex5_1",
                     "--config", str(scratch / "grading.toml")]) == 0
    root = scratch / "autograder"
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        assert {"setup.sh", "run_autograder", "dnn-kata/pyproject.toml",
                "dnn-kata/exercises/ex5_1/test_forward.py"} <= set(names)
        assert not any(n.startswith(("dnn-kata/reference/", "dnn-kata/tests/")) for n in names)
        assert "mnist.npz" not in names  # setup.sh downloads it
        for name in ("setup.sh", "run_autograder"):
            assert (archive.getinfo(name).external_attr >> 16) & stat.S_IXUSR
        archive.extractall(root / "source")
    settings = json.loads((root / "source" / "dnn-kata" / "gradescope.json").read_text())
    assert settings["points"] == {"ex5_1": 10.0}
    return root


def run_autograder(root: Path, files: dict) -> dict:
    """Put ``files`` in a fresh submission/, run the bundle's run_autograder, read results.json."""
    submission = root / "submission"
    if submission.exists():
        subprocess.run(["rm", "-rf", str(submission), str(root / "results")], check=True)
    for name, content in files.items():
        (submission / name).parent.mkdir(parents=True, exist_ok=True)
        (submission / name).write_bytes(content)
    env = {**os.environ, gradescope.ROOT_VAR: str(root), gradescope.PYTHON_VAR: sys.executable}
    done = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env,
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stdout + done.stderr
    answer = json.loads((root / "results" / "results.json").read_text())
    import jsonschema  # the tools environment's (nbformat's dependency); not on every environment

    jsonschema.validate(answer, SCHEMA)
    assert answer["max_score"] == 10
    assert answer["score"] == pytest.approx(sum(test["score"] for test in answer["tests"]), abs=1e-3)
    return answer


def test_honest_bare_module_gets_every_point(autograder):
    answer = run_autograder(autograder, {"forward.py": HONEST})
    assert answer["score"] == pytest.approx(10)
    assert all(t["status"] == "passed" and t["name"].startswith("ex5_1: ") for t in answer["tests"])
    assert sum(t["max_score"] for t in answer["tests"]) == pytest.approx(10, abs=1e-3)


def test_wrong_solution_in_exercises_layout_is_told_why(autograder):
    answer = run_autograder(autograder, {"ada/exercises/ex5_1/forward.py": WRONG})
    failed = [t for t in answer["tests"] if t["status"] == "failed"]
    assert 0 < answer["score"] < 10 and failed
    assert all(t["score"] == 0 and t["output"] for t in failed)
    assert any("relu" in t["output"].lower() for t in failed)  # the teaching message


def test_cheat_in_a_zip_gets_no_credit(autograder):
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        archive.writestr("ex5_1/forward.py", CHEAT)
    answer = run_autograder(autograder, {"hand-in.zip": packed.getvalue()})
    assert answer["score"] == 0 and answer["tests"]


def test_no_exercise_found_still_writes_results(autograder):
    answer = run_autograder(autograder, {"notes.txt": b"hello"})
    assert answer["score"] == 0 and "forward.py" in answer["tests"][0]["output"]


def test_bundle_refusals(tmp_path, capsys):
    assert cli.main(["release", "--gradescope", str(tmp_path / "x.tar")]) == 2
    assert "as a .zip" in capsys.readouterr().err
    assert cli.main(["release", "--exercises", "ex5_1"]) == 2
    assert "go with --gradescope" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_with_mnist_carries_the_four_arrays_only():
    import numpy as np

    settings = gradescope.settings_for(["ex5_1"], None)
    files = gradescope.bundle_files(REPO_ROOT, settings, with_mnist=True)
    with np.load(io.BytesIO(files["mnist.npz"])) as arrays:
        assert sorted(arrays.files) == ["x_test", "x_train", "y_test", "y_train"]
        assert arrays["x_train"].shape == (60000, 28, 28)
    assert "MNIST_NPZ" in files["run_autograder"].decode()
