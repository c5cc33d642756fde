"""While a model trains, each fit is shown under the test it belongs to, epoch by epoch,
with its loss and accuracy; ex5_4's verdict says the test accuracy reached."""

import re
import shutil

import pytest

from kata import catalog
from kata.tools import live, runner
from kata.worker import process

pytestmark = [pytest.mark.tooling, pytest.mark.timeout(300)]

EX5_4 = catalog.get("ex5_4")


def test_each_fit_is_named_and_each_epoch_has_its_loss_and_accuracy(capsys):
    progress = live.Progress(EX5_4)
    events = [{"event": "collected", "exercises": {"ex5_4": 13}},
              {"event": "start", "exercise": "ex5_4", "test": "test_train_honours_epochs"},
              {"event": "epoch", "epoch": 1, "epochs": 2, "function": "train",
               "metrics": {"loss": 2.25, "accuracy": 0.125}},
              {"event": "epoch", "epoch": 2, "epochs": 2, "function": "train",
               "metrics": {"loss": 1.5, "accuracy": 0.5}},
              {"event": "start", "exercise": "ex5_4", "test": "test_trained_model_reaches_the_accuracy_threshold"},
              {"event": "epoch", "epoch": 1, "epochs": 5, "function": "train",
               "metrics": {"loss": 0.25, "accuracy": 0.9254, "val_accuracy": 0.95}},
              {"event": "epoch", "epoch": 2, "epochs": 5, "function": "", "metrics": {}}]
    for event in events:
        progress(event)
    progress.close()
    lines = capsys.readouterr().out.splitlines()
    assert re.fullmatch(r"ex5_4: running 13 tests, then training a model \(started \d\d:\d\d:\d\d\)\.\.\.",
                        lines[0]), lines[0]
    assert lines[1:] == [
        "  test_train_honours_epochs: training, by `train`",
        "    epoch 1 of 2: loss 2.2500, accuracy 0.1250",
        "    epoch 2 of 2: loss 1.5000, accuracy 0.5000",
        "  test_trained_model_reaches_the_accuracy_threshold: training, by `train`",
        "    epoch 1 of 5: loss 0.2500, accuracy 0.9254, validation accuracy 0.9500",
        "  test_trained_model_reaches_the_accuracy_threshold: training, by the tests",
        "    epoch 2 of 5",
    ]


def test_the_metrics_a_worker_sends_are_kept_only_as_plain_numbers():
    assert process._metrics({"loss": 0.5, "accuracy": 1, "val_loss": "0.3", "x": 2.0,
                             "val_accuracy": True}) == {"loss": 0.5, "accuracy": 1.0}
    assert process._metrics(["loss", 1.0]) == {}


@pytest.mark.slow  # keras_compat imports Keras
def test_keras_logs_under_either_spelling():
    from kata import keras_compat

    assert keras_compat.epoch_metrics({"loss": 0.5, "acc": 0.75, "val_accuracy": 0.5, "lr": 0.001}) == \
        {"loss": 0.5, "accuracy": 0.75, "val_accuracy": 0.5}
    assert keras_compat.epoch_metrics(None) == {}


@pytest.mark.slow
def test_a_fit_in_the_worker_reports_its_function_and_metrics(tmp_path):
    """The whole way: the learner's `train` in the worker, the judge, the tools' listener."""
    tree = tmp_path / "solutions"
    (tree / "ex5_4").mkdir(parents=True)
    shutil.copyfile(runner.REPO_ROOT / "reference" / EX5_4.filename, tree / EX5_4.filename)
    events = []
    run = runner.run_tests(tree, ["ex5_4/test_model.py::test_train_honours_epochs_and_batch_size_and_returns_the_history"],
                           extra_args=["--no-cache"], progress=events.append, timeout=280)
    assert run.outcomes and all(o.passed for o in run.outcomes), run.output[-2000:]
    epochs = [e for e in events if e.get("event") == "epoch"]
    assert epochs and {e["function"] for e in epochs} == {"train"}, events
    assert all({"loss", "accuracy"} <= set(e["metrics"]) for e in epochs), epochs
    assert any(e.get("event") == "start" and e["test"].startswith("test_train_honours") for e in events)
