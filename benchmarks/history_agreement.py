"""Measure how far an honest training run's History is from the judge's own run: the
numbers behind the tolerances in kata/judge/history_checks.py.

    python benchmarks/history_agreement.py [--states 10] [--lesson 0 1 2]

For every call the ex5_4 and ex5_6 tests make of the learner's training
function, runs the reference's function from the tests' starting model with
several random states (the worker's state is not the judge's), and prints the
disagreements ``history_checks.disagreements`` computes against the judge's
seeded run, then the same for three cheats: fit called twice (the second
History returned), a History made by hand with every weight nudged by 1e-4,
and a History borrowed from a trained copy of the model (weights nudged).
``--lesson SEEDS`` also runs the lesson's ex5_4 run (60,000 images, 5 epochs)
per seed and prints its History's last epoch beside the model's loss and
accuracy on the seeded sample ``check_lesson_agrees`` uses. Paste the output
beside the constants it justifies.
"""

from __future__ import annotations

import argparse
import importlib.util
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kata import quiet  # noqa: E402


def reference(exercise: str, filename: str):
    spec = importlib.util.spec_from_file_location(f"reference_{exercise}", ROOT / "reference" / exercise / filename)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def calls():
    """(name, build, train(model) -> History) for each call the tests make."""
    import numpy as np

    from kata.judge import models

    ex5_4 = reference("ex5_4", "model.py")
    ex5_6 = reference("ex5_6", "history.py")

    def ex5_4_call(size, **arguments):
        images, labels = models.random_batch(size)
        return images, labels, lambda train, model: train(model, images, labels, **arguments), \
            arguments.get("epochs", 5), arguments.get("batch_size", 128)

    def ex5_6_call(images, labels, test_images, test_labels, **arguments):
        return images, labels, lambda train, model: train(model, images, labels, test_images, test_labels,
                                                          **arguments), \
            arguments.get("epochs", 10), arguments.get("batch_size", 128)

    a, b = models.random_batch(512, seed=1)
    _, c = models.random_batch(128, seed=2)
    d, e = models.random_batch(256, seed=5)
    f, g = models.random_batch(64, seed=6)
    return [
        ("ex5_4 defaults, 640", ex5_4.build_model, ex5_4.train, ex5_4_call(640)),
        ("ex5_4 epochs=2 batch 64, 320", ex5_4.build_model, ex5_4.train, ex5_4_call(320, epochs=2, batch_size=64)),
        ("ex5_4 epochs=1 batch 16, 320", ex5_4.build_model, ex5_4.train, ex5_4_call(320, epochs=1, batch_size=16)),
        ("ex5_6 epochs=3 batch 256, 512", models.tiny_classifier, ex5_6.train_with_validation,
         ex5_6_call(a, b, np.zeros((128, 784), dtype=np.float32), c, epochs=3, batch_size=256)),
        ("ex5_6 defaults, 256", models.tiny_classifier, ex5_6.train_with_validation,
         ex5_6_call(d, e, d[:64], e[:64])),
        ("ex5_6 epochs=1, 64", models.tiny_classifier, ex5_6.train_with_validation,
         ex5_6_call(f, g, f, g, epochs=1)),
    ]


def cheats(train):
    import keras
    import numpy as np

    def twice(model, call):
        call(train, model)
        return call(train, model)

    def nudged(model):
        model.set_weights([w + np.float32(1e-4) for w in model.get_weights()])

    def by_hand(model, call):
        nudged(model)
        made = keras.callbacks.History()
        epochs = PARAMS["epochs"]
        made.history = {"loss": list(np.linspace(2.3, 1.5, epochs)),
                        "accuracy": list(np.linspace(0.2, 0.5, epochs))}
        made.epoch = list(range(epochs))
        made.params = {"epochs": epochs, "steps": PARAMS["steps"], "verbose": 0}
        return made

    def borrowed(model, call):
        copy = keras.models.clone_model(model)
        copy.set_weights(model.get_weights())
        copy.compile_from_config(model.get_compile_config())
        history = call(train, copy)
        nudged(model)
        return history

    return {"fit twice": twice, "made by hand, nudged": by_hand, "borrowed, nudged": borrowed}


PARAMS = {}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--states", type=int, default=10)
    parser.add_argument("--lesson", type=int, nargs="*", default=[])
    args = parser.parse_args()
    quiet.environment()
    import keras

    from kata.judge import history_checks, training

    print(f"Python {platform.python_version()}, Keras {keras.__version__}, {platform.machine()}")
    for name, build, train, (images, labels, call, epochs, batch_size) in calls():
        PARAMS.update(epochs=epochs, steps=history_checks.steps_for(len(images), batch_size))
        worst = {}
        for state in range(args.states):
            model = training.build_seeded(build, training.seed())
            before = history_checks.before_the_call(model)
            keras.utils.set_random_seed(1000 + state)
            history = call(train, model)
            gaps = history_checks.disagreements(
                history_checks.run_of(history, model, before.start, images, labels),
                history_checks.judge_run(before.copy, before.start, images, labels, epochs, batch_size))
            worst = {k: max(v, worst.get(k, v)) for k, v in gaps.items()}
            worst["moved_min"] = min(gaps["moved"], worst.get("moved_min", gaps["moved"]))
        print(f"{name}: honest, {args.states} states: moved {worst['moved_min']:.3f}..{worst['moved']:.3f}, "
              f"curve <= {worst['curve']:.3f}, agreement loss <= {worst['agreement_loss']:.3f}, "
              f"accuracy <= {worst['agreement_accuracy']:.3f}", flush=True)
        for cheat, run in cheats(train).items():
            model = training.build_seeded(build, training.seed())
            before = history_checks.before_the_call(model)
            keras.utils.set_random_seed(1000)
            history = run(model, call)
            gaps = history_checks.disagreements(
                history_checks.run_of(history, model, before.start, images, labels),
                history_checks.judge_run(before.copy, before.start, images, labels, epochs, batch_size))
            print(f"    {cheat}: moved {gaps['moved']:.3f}, curve {gaps['curve']:.3f}, agreement loss "
                  f"{gaps['agreement_loss']:.3f}, accuracy {gaps['agreement_accuracy']:.3f}", flush=True)
    if args.lesson:
        lesson(args.lesson)
    return 0


def lesson(seeds) -> None:
    import numpy as np

    from kata import data
    from kata.judge import history_checks, training

    ex5_4 = reference("ex5_4", "model.py")
    mnist = data.prepared_mnist()
    for seed in seeds:
        training.set_seed(seed)
        model = ex5_4.build_model()
        history = ex5_4.train(model, mnist.x_train, mnist.y_train)
        rows = np.random.default_rng(seed).choice(60000, history_checks.LESSON_SAMPLE, replace=False)
        loss, accuracy = history_checks.measured(model, mnist.x_train[rows], mnist.y_train[rows])
        print(f"lesson seed {seed}: History's last epoch loss {history.history['loss'][-1]:.4f} "
              f"accuracy {history.history['accuracy'][-1]:.4f}; the model on the sample: loss "
              f"{loss:.4f} accuracy {accuracy:.4f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
