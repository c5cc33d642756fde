"""The list of exercises: one place that the plugin, the tests and the CLI read.

Names, folders and module names are fixed by ``../shared/CONTRACT.md``; the
titles and the ``uses_tensorflow`` flag are ours.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Tuple


@dataclass(frozen=True)
class Exercise:
    name: str  # folder name, also the import name inside a solution tree
    module: str  # the learner's module inside that folder, without ".py"
    title: str
    uses_tensorflow: bool = False
    requires: Tuple[str, ...] = ()  # exercises whose code this one imports
    time_limit: float = 120.0  # seconds for all of its tests, when grading (``--time-limit``)
    trains_on_mnist: bool = False  # its worker reads MNIST: it starts reading before the first call
    epochs: int = 0  # how long its tests train the learner's model on MNIST (0: they do not)
    tests_read_mnist: bool = False  # its tests need MNIST without training on it (ex5_3)

    @property
    def filename(self) -> str:
        return f"{self.name}/{self.module}.py"

    @property
    def reads_mnist(self) -> bool:
        """Whether its results depend on MNIST being there (every Keras exercise trains on it)."""
        return self.uses_tensorflow or self.trains_on_mnist or self.tests_read_mnist


EXERCISES: Tuple[Exercise, ...] = (
    Exercise("ex5_1", "forward", "A network computed by hand: y = x1 - x2"),
    Exercise("ex5_2", "xor", "XOR with the same two layers", requires=("ex5_1",)),
    Exercise("ex5_3", "prepare", "Preparing MNIST: flat, scaled, one-hot", tests_read_mnist=True),
    Exercise("ex5_4", "model", "The first Keras model", uses_tensorflow=True, time_limit=900,
             trains_on_mnist=True, epochs=5),
    Exercise("ex5_5", "evaluate", "Measuring generalization", uses_tensorflow=True,
             requires=("ex5_4",), time_limit=900),
    Exercise("ex5_6", "history", "Training history and plots", uses_tensorflow=True,
             requires=("ex5_4",), time_limit=900),
    Exercise("ex5_7", "regularization", "L2 regularization", uses_tensorflow=True, time_limit=900,
             epochs=5),
    Exercise("ex5_8", "batchnorm", "Batch normalization", uses_tensorflow=True, time_limit=900,
             epochs=8),
    Exercise("bonus_activations", "activations", "Bonus: activation functions, numerically safe"),
    Exercise("bonus_losses", "losses", "Bonus: entropy, cross-entropy, KL divergence"),
    Exercise("bonus_backprop", "backprop", "Bonus: backpropagation by hand"),
    Exercise("bonus_metrics", "metrics", "Bonus: confusion matrix, precision, recall, F1"),
    # The perceptron's code imports nothing from ex5_2, but one of its tests runs ex5_2's
    # network (and so ex5_1's layers) beside it: both decide its status.
    Exercise("bonus_perceptron", "perceptron", "Bonus: the perceptron, and why XOR needs a hidden layer",
             requires=("ex5_2", "ex5_1")),
    Exercise("bonus_depth", "depth", "Bonus: depth against width at a fixed parameter budget",
             uses_tensorflow=True, time_limit=600),
)

BY_NAME: Dict[str, Exercise] = {exercise.name: exercise for exercise in EXERCISES}


def canonical(name: str) -> str:
    """``name`` as the folders spell it: the titles' "ex5-1" (and "EX5-1", "5-1", "5_1")
    is ex5_1, "bonus-depth" is bonus_depth. A name that is none of these comes back as given."""
    spelled = str(name).strip().lower().replace("-", "_")
    if spelled[:1].isdigit():
        spelled = "ex" + spelled
    return spelled if spelled in BY_NAME else name


def get(name: str) -> Exercise:
    """Return the exercise called ``name`` (in any of the spellings ``canonical`` accepts),
    or raise KeyError listing the known ones."""
    try:
        return BY_NAME[canonical(name)]
    except KeyError:
        known = ", ".join(BY_NAME)
        raise KeyError(f"unknown exercise {name!r}; known exercises: {known}") from None
