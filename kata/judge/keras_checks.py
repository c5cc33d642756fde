"""Checks on Keras models that several exercises share (ex5_4, ex5_7, ex5_8).

Each check fails through a Teacher, so the message names the exercise and
the function under test, and explains the concept.
"""

from __future__ import annotations

from typing import Optional, Sequence

import keras
import numpy as np

from kata import keras_compat
from kata.judge import training
from kata.judge.testing import Teacher, recognise, shared

COMPILE = ("compile(optimizer='rmsprop', loss='categorical_crossentropy', metrics=['accuracy']) "
           "fixes how the model learns (RMSprop), what it minimises (cross-entropy between "
           "one-hot labels and softmax outputs) and what it reports (accuracy).")
ACTIVATIONS_CONCEPT = (
    "hidden layers need a non-linearity (ReLU), or the network collapses into a linear model; "
    "the output needs softmax, which turns 10 scores into probabilities that sum to 1 "
    "(sigmoid scores each digit on its own).")


def check_is_model(teacher: Teacher, function: str, model) -> None:
    teacher.expect(isinstance(model, keras.Model), function, "a keras.Model",
                   type(model).__name__, f"{function} must return the model it builds.")


def built_once(teacher: Teacher, learner, function: str, *positional, **arguments):
    """``learner.<function>(*positional, **arguments)``, built right after seeding, once per
    session for each set of arguments, and checked to be a keras.Model: what the structure
    tests share."""
    key = f"{teacher.exercise} {function} {list(positional) or ''}{sorted(arguments.items())!r}"
    model = shared(key, lambda: training.build_seeded(getattr(learner, function), training.seed(),
                                                      *positional, **arguments))
    check_is_model(teacher, function, model)
    return model


def check_dense_units(teacher: Teacher, function: str, model, units: Sequence[int],
                      concept: str, allowed_others: Sequence[str] = ()) -> None:
    dense, others = keras_compat.dense_layers(model)
    found = [layer.units for layer in dense]
    teacher.expect(found == list(units), function, f"Dense layers of {list(units)} units",
                   f"Dense layers of {found} units", concept,
                   looks_like=recognise(found, {
                       "the classic two-layer network; the lesson adds a first layer of 784 units":
                           [512, 10]}) if len(found) == 2 else None)
    extra = [kind for kind in others if kind not in allowed_others]
    teacher.expect(not extra, function, "no layers besides those of the lesson's network",
                   f"extra layers: {', '.join(extra)}", concept)


def check_activations(teacher: Teacher, function: str, model,
                      expected: Sequence[str] = ("relu", "relu", "softmax")) -> None:
    dense, _ = keras_compat.dense_layers(model)
    found = [layer.activation for layer in dense]
    looks_like: Optional[str] = None
    if found[-1:] == ["sigmoid"]:
        looks_like = "sigmoid where softmax belongs"
    elif "linear" in found[:-1]:
        looks_like = "a hidden layer without an activation"
    teacher.expect(found == list(expected), function, f"activations {list(expected)}", found,
                   ACTIVATIONS_CONCEPT, looks_like=looks_like)


def check_parameter_count(teacher: Teacher, function: str, model, expected: int, concept: str) -> None:
    found = model.count_params() if keras_compat.is_built(model) else "a model without weights yet"
    teacher.expect(found == expected, function, f"{expected:,} parameters", found, concept)


def check_compiled(teacher: Teacher, function: str, model) -> None:
    teacher.expect(keras_compat.is_compiled(model), function, "a compiled model",
                   "a model that was never compiled",
                   f"call model.compile(...) inside {function}, before returning it. " + COMPILE)


def check_optimizer(teacher: Teacher, function: str, model) -> None:
    check_compiled(teacher, function, model)
    name = keras_compat.optimizer_class(model)
    teacher.expect(name == "RMSprop", function, "the RMSprop optimizer", name, COMPILE,
                   looks_like="Adam; a fine optimizer, but the lesson's numbers are for RMSprop"
                   if name == "Adam" else None)
    found = keras_compat.optimizer_hyperparameters(model.optimizer)
    defaults = keras_compat.optimizer_hyperparameters(keras.optimizers.RMSprop())
    same = all(np.isclose(float(found[k]), float(v)) for k, v in defaults.items())
    teacher.expect(same, function, f"RMSprop's default settings {defaults}", found,
                   "the lesson uses optimizer='rmsprop' with no changes.")


LOSS_MISTAKES = {"meansquarederror": "mean squared error, a regression loss",
                 "mse": "mean squared error, a regression loss",
                 "sparsecategoricalcrossentropy": "the sparse variant, which expects integer "
                                                  "labels; ours are one-hot"}


def check_loss(teacher: Teacher, function: str, model) -> None:
    check_compiled(teacher, function, model)
    name = keras_compat.loss_name(model)
    teacher.expect(name == "categoricalcrossentropy", function, "loss='categorical_crossentropy'",
                   model.loss,
                   "cross-entropy measures how much probability the softmax puts on the true "
                   "class; with one-hot labels it is categorical_crossentropy.",
                   looks_like=LOSS_MISTAKES.get(name))


def check_metrics(teacher: Teacher, function: str, model) -> None:
    check_compiled(teacher, function, model)
    metrics = keras_compat.compile_metrics(model)
    accurate = [m for m in metrics
                if (m[0] == "string" and keras_compat.normalise(m[1]) in ("accuracy", "acc",
                                                                          "categoricalaccuracy"))
                or (m[0] == "class" and m[1] == "CategoricalAccuracy")]
    looks_like = None
    if not metrics:
        looks_like = "no metrics: fit and evaluate would report the loss alone"
    elif ("class", "Accuracy") in metrics:
        looks_like = ("keras.metrics.Accuracy(), which counts exact equality between "
                      "probabilities and one-hot labels and stays near 0")
    teacher.expect(bool(accurate), function, "metrics=['accuracy']",
                   [name for _, name in metrics], COMPILE, looks_like=looks_like)


def check_compiled_like_ex5_4(teacher: Teacher, function: str, model) -> None:
    """Optimizer, loss and metrics exactly as in ex5_4."""
    check_optimizer(teacher, function, model)
    check_loss(teacher, function, model)
    check_metrics(teacher, function, model)


L2_CONCEPT = ("L2 regularization adds factor * (sum of squared weights) of a layer's kernel to the "
              "loss, so training trades a little training accuracy for smaller weights; "
              "kernel_regularizer=keras.regularizers.l2(factor) on each hidden Dense layer. "
              "The lesson leaves the output layer unpenalised.")


def check_hidden_l2(teacher: Teacher, function: str, model, factor: float) -> None:
    """Both hidden Dense layers carry an L2 kernel penalty of ``factor``."""
    dense, _ = keras_compat.dense_layers(model)
    for layer in dense[:-1]:
        regularizer = layer.layer.kernel_regularizer
        l1, l2 = keras_compat.regularizer_penalties(regularizer)
        where = f"the {layer.units}-unit layer"
        teacher.expect(regularizer is not None, function,
                       f"an L2 kernel regularizer of {factor} on {where}",
                       "no kernel regularizer", L2_CONCEPT)
        teacher.expect(np.isclose(l1, 0.0) and np.isclose(l2, factor, rtol=1e-5), function,
                       f"an L2 kernel regularizer of {factor} on {where}",
                       f"{type(regularizer).__name__}(l1={l1:g}, l2={l2:g})", L2_CONCEPT,
                       looks_like="an L1 penalty (the sum of |w|), not L2" if l1 > 0 and l2 == 0
                       else (f"factor ignored: always {l2:g}" if l2 > 0 else None))


def check_output_unregularized(teacher: Teacher, function: str, model) -> None:
    dense, _ = keras_compat.dense_layers(model)
    regularizer = dense[-1].layer.kernel_regularizer
    teacher.expect(regularizer is None, function, "no regularizer on the 10-unit output layer",
                   type(regularizer).__name__, L2_CONCEPT,
                   looks_like="the regularizer on the output layer too")


def check_no_activity_or_bias_regularizers(teacher: Teacher, function: str, model) -> None:
    for layer in keras_compat.dense_layers(model)[0]:
        for kind in ("activity_regularizer", "bias_regularizer"):
            found = getattr(layer.layer, kind, None)
            teacher.expect(found is None, function,
                           f"no {kind} on the {layer.units}-unit layer",
                           type(found).__name__, L2_CONCEPT + " An activity regularizer penalises "
                           "the layer's outputs and a bias regularizer its biases, not the weights.",
                           looks_like=f"{kind} where kernel_regularizer belongs")


def check_loss_includes_penalty(teacher: Teacher, function: str, model, factor: float,
                                images, labels) -> None:
    """The loss that evaluate() reports is cross-entropy plus factor * sum(w**2) over the
    hidden kernels: the penalty is really in the objective, on the right layers."""
    reported = keras_compat.evaluate_loss(model, images, labels)
    probabilities = np.clip(model.predict(images, verbose=0), 1e-7, 1 - 1e-7)
    cross_entropy = float(np.mean(-np.sum(labels * np.log(probabilities), axis=1)))
    hidden = keras_compat.dense_layers(model)[0][:-1]
    penalty = sum(factor * float(np.sum(np.square(layer.layer.get_weights()[0]))) for layer in hidden)
    extra = reported - cross_entropy
    teacher.expect(np.isclose(extra, penalty, rtol=1e-3, atol=1e-3), function,
                   f"a reported loss of cross-entropy {cross_entropy:.4f} + L2 penalty {penalty:.4f}",
                   f"cross-entropy + {extra:.4f}", L2_CONCEPT)
