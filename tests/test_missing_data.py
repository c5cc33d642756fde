"""Without MNIST, the verdict is the kata's set-up ("MNIST is not available: ..."), not a
failure of the learner's code: no "first thing to fix", no hint, exit status 2. The words
are checked in process; one run of the judge shows the whole way, worker included."""

import functools
import shutil

import pytest

from kata import catalog
from kata.notebook.display import VerdictView
from kata.outcomes import Outcome
from kata.tools import check
from kata.tools.runner import REPO_ROOT

pytestmark = [pytest.mark.tooling, pytest.mark.timeout(120)]

EX5_3 = catalog.get("ex5_3")
LACKING = ("MNIST is not available: MNIST_NPZ=/nowhere/mnist.npz: no such file.\n"
           "To provide MNIST, either\n  - let Keras download it once\n  - point MNIST_NPZ at a local copy")


def verdict(*outcomes):
    return check.missing_data(check.Verdict(EX5_3, outcomes=outcomes, hints_total=5))


def passing(number):
    return Outcome("ex5_3", f"test_{number}", f"test_{number}", "passed", "", 0.1)


def test_only_missing_data_is_the_kata_s_set_up_not_a_failure():
    result = verdict(passing(1), passing(2), Outcome("ex5_3", "test_on_real_mnist", "test_on_real_mnist",
                                                     "failed", "Failed: " + LACKING, 0.1))
    assert result.setup and not result.ok
    text = check.verdict_text(result, check.CLI)
    first, *rest = text.splitlines()
    assert first == "ex5_3: MNIST is not available: MNIST_NPZ=/nowhere/mnist.npz: no such file."
    assert "2 of 3 tests pass; 1 test that needs MNIST could not run." in text
    assert "let Keras download it once" in text and "MNIST_NPZ" in text
    for offered in ("failed", "First thing to fix", "hint", "Stuck"):
        assert offered not in text, text
    page = VerdictView(result).html()
    assert "MNIST is not available" in page and "hint" not in page and "First thing" not in page


def test_a_real_failure_comes_first_and_a_note_says_what_could_not_run():
    wrong = Outcome("ex5_3", "test_scale", "test_scale", "failed", "ex5_3 `prepare`: wrong scale", 0.1)
    lacking = Outcome("ex5_3", "test_on_real_mnist", "test_on_real_mnist", "failed", LACKING, 0.1)
    result = verdict(passing(1), lacking, wrong)
    assert not result.setup and result.first_failure is wrong
    text = check.verdict_text(result, check.CLI)
    assert "1 test that needs MNIST could not run: MNIST is not available" in text
    assert "wrong scale" in text and "kata hint ex5_3" in text


def test_the_readme_says_how_mnist_arrives_where_a_learner_starts():
    readme = (REPO_ROOT / "README.md").read_text()
    start = " ".join(readme.split("## Working in Jupyter", 1)[0].split())
    assert "MNIST_NPZ" in start and "downloads it" in start and "MNIST is not available" in start


@pytest.mark.slow
def test_check_without_mnist_runs_the_worker_and_says_so(tmp_path, monkeypatch, capsys):
    """MNIST_NPZ naming no file: the worker still starts (it is given no file to mount), the
    tests that need no data pass, and kata check reports the set-up with exit status 2."""
    tree = tmp_path / "solutions"
    (tree / "ex5_3").mkdir(parents=True)
    shutil.copyfile(REPO_ROOT / "reference" / EX5_3.filename, tree / EX5_3.filename)
    monkeypatch.setenv("MNIST_NPZ", str(tmp_path / "nowhere" / "mnist.npz"))
    monkeypatch.setattr(check, "judge", functools.partial(check.judge, tree=tree))
    assert check.verdict(EX5_3, quick=False, cache=False) == 2
    out = capsys.readouterr().out
    assert "\nex5_3: MNIST is not available: MNIST_NPZ=" in out, out
    assert "11 of 12 tests pass; 1 test that needs MNIST could not run." in out, out
    assert "worker could not start" not in out and "hint" not in out
