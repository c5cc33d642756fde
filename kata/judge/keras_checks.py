"""Checks on Keras models that several exercises share (ex5_4, ex5_7, ex5_8).

Each check fails through a Teacher, so the message names the exercise and
the function under test, and explains the concept.
"""

from __future__ import annotations

from typing import Optional, Sequence, Tuple

import keras
import numpy as np

from kata import keras_compat
from kata.judge import training
from kata.judge.testing import Teacher, recognise, shared, type_name, verbatim

COMPILE = ("compiling fixes how the model learns (the lesson's RMSprop, at its default settings), "
           "what it minimises (categorical cross-entropy between the one-hot labels and the "
           "softmax outputs) and what it reports (accuracy). `kata hint {exercise}` shows the "
           "compile call.")
ACTIVATIONS_CONCEPT = (
    "each hidden layer needs a non-linearity, and the lesson's is ReLU, which passes positive "
    "values unchanged and zeroes the rest: its slope is 1 for every positive input, so the "
    "gradient does not shrink from layer to layer on its way back, as it does through a "
    "sigmoid's slope of at most 0.25; the output layer needs softmax, which turns the 10 "
    "scores into probabilities that sum to 1, what categorical cross-entropy expects.")
HISTORY = ("model.fit returns a History: its .history dict holds the loss and each metric per "
           "epoch, its .params the number of epochs and steps. The caller (and the next "
           "exercises) read the training from it, so {function} must hand it back.")


def check_is_model(teacher: Teacher, function: str, model) -> None:
    from kata.worker.results import Unrebuildable

    if isinstance(model, Unrebuildable):  # the kata's copy would not be the learner's model
        teacher.fail(function, "a keras.Model the kata can rebuild as it is in your process",
                     verbatim("a model it cannot check"),
                     f"the tests check and train a copy of your model rebuilt from its "
                     f"configuration and weights, so the copy must behave as yours does; here "
                     f"{model.reason}.")
    teacher.expect(isinstance(model, keras.Model), function, "a keras.Model",
                   None if model is None else f"a value of type {type_name(model)}",
                   f"{function} must return the model it builds, compiled and ready to fit.",
                   looks_like="a forgotten return: a function without one returns None (and "
                   "compile, which changes the model in place, returns None too)"
                   if model is None else None)


def check_history(teacher: Teacher, function: str, history):
    """``history`` is the History that fit returns, with the loss of every epoch: checked
    before anything else is read from it, so that a wrong return value is named as such."""
    looks_like = None
    if history is None:
        looks_like = f"a forgotten return: {function} fits the model but returns None"
    elif isinstance(history, dict):
        looks_like = "the History's .history dict rather than the History itself"
    found = None if history is None else f"a value of type {type_name(history)}"
    teacher.expect(isinstance(history, keras.callbacks.History), function,
                   "the History object that model.fit returns", found,
                   HISTORY.format(function=function), looks_like=looks_like)
    record = getattr(history, "history", None)
    losses = record.get("loss") if isinstance(record, dict) else None
    teacher.expect(isinstance(losses, list) and len(losses) > 0, function,
                   "a History whose .history holds the loss of every epoch",
                   f"a History with .history = {record!r}", HISTORY.format(function=function),
                   looks_like="a History made by hand, or by a fit that never ran")
    return history


def epochs_and_steps(history) -> Tuple[int, Optional[int]]:
    """(epochs recorded, steps per epoch) of a History that check_history accepted."""
    params = getattr(history, "params", None)
    steps = params.get("steps") if isinstance(params, dict) else None
    return len(history.history["loss"]), steps


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


SATURATING = {"sigmoid", "hard_sigmoid", "tanh", "softsign"}


def activation_mistake(position: int, count: int, units: int, found: str) -> Tuple[str, str]:
    """(what a wrong activation at one layer is, in a few words; why it matters)."""
    if position < count - 1:  # a hidden layer
        where = f"the {units}-unit hidden layer"
        if found == "linear":
            return (f"a hidden layer without an activation ({where})",
                    "With no non-linearity between them, two Dense layers compose into one "
                    "linear map: the layer adds weights but no power.")
        if found in SATURATING:
            return (f"{found} in {where}, where the lesson uses ReLU",
                    f"{found.capitalize()} is non-linear, but it squashes every unit into a "
                    "narrow range and its gradient fades wherever the inputs are large, so a "
                    "deep network learns slowly; the lesson's network, and the tests' numbers, "
                    "use ReLU.")
        if found == "softmax":
            return (f"softmax in {where}",
                    "Softmax makes the units compete for a total of 1: a distribution over "
                    "classes, which belongs on the output, not a set of features.")
        return (f"{found} in {where}, where the lesson uses ReLU",
                "It is a non-linearity, but the tests' thresholds are measured for ReLU.")
    if found == "sigmoid":
        return ("sigmoid where softmax belongs",
                "Sigmoid scores each digit on its own, so the 10 outputs need not sum to 1.")
    return (f"{found} on the output layer, where softmax belongs",
            "Without softmax the 10 outputs are not probabilities that sum to 1, which "
            "categorical cross-entropy expects.")


def check_activations(teacher: Teacher, function: str, model,
                      expected: Sequence[str] = ("relu", "relu", "softmax")) -> None:
    dense, _ = keras_compat.dense_layers(model)
    found = [layer.activation for layer in dense]
    mistakes = []
    if len(found) == len(expected):
        mistakes = [activation_mistake(i, len(found), dense[i].units, found[i])
                    for i, (f, e) in enumerate(zip(found, expected)) if f != e]
    teacher.expect(found == list(expected), function, f"activations {list(expected)}", found,
                   " ".join([ACTIVATIONS_CONCEPT] + [why for _, why in mistakes]),
                   looks_like="; and ".join(what for what, _ in mistakes) or None)


def check_parameter_count(teacher: Teacher, function: str, model, expected: int, concept: str) -> None:
    found = model.count_params() if keras_compat.is_built(model) else "a model without weights yet"
    teacher.expect(found == expected, function, f"{expected:,} parameters", found, concept)


def check_compiled(teacher: Teacher, function: str, model) -> None:
    teacher.expect(keras_compat.is_compiled(model), function, "a compiled model",
                   "a model that was never compiled",
                   f"{function} compiles the model before returning it: a model learns "
                   f"nothing until it is compiled. " + COMPILE.format(exercise=teacher.exercise))


def check_optimizer(teacher: Teacher, function: str, model) -> None:
    check_compiled(teacher, function, model)
    name = keras_compat.optimizer_class(model)
    teacher.expect(name == "RMSprop", function, "the RMSprop optimizer", name,
                   COMPILE.format(exercise=teacher.exercise),
                   looks_like="Adam; a fine optimizer, but the lesson's numbers are for RMSprop"
                   if name == "Adam" else None)
    changed = keras_compat.changed_settings(keras_compat.optimizer_settings(model.optimizer),
                                            keras_compat.optimizer_settings(keras.optimizers.RMSprop()))
    teacher.expect(not changed, function, "RMSprop at its default settings",
                   "RMSprop with " + ", ".join(f"{k}={v!r}" for k, v in changed.items()),
                   "the lesson uses RMSprop exactly as Keras defines it; every setting changes "
                   "how the weights move (the learning rate the step size, weight decay and "
                   "clipping shrink or cap the steps), and the tests' accuracy thresholds are "
                   "measured at the defaults. " + COMPILE.format(exercise=teacher.exercise))


LOSS_MISTAKES = {"meansquarederror": "mean squared error, a regression loss",
                 "mse": "mean squared error, a regression loss",
                 "sparsecategoricalcrossentropy": "the sparse variant, which expects integer "
                                                  "labels; ours are one-hot"}
LOSS_SETTINGS = {
    "label_smoothing": "label smoothing: the targets are no longer the one-hot labels but a "
                       "blend of them with a uniform distribution, so the loss stops rewarding "
                       "full confidence",
    "from_logits": "from_logits=True, which declares the outputs to be raw scores (logits), "
                   "while the softmax layer already makes them probabilities",
    "reduction": "a reduction other than the mean over the batch, which changes the scale of "
                 "the loss and of every gradient step",
}
CROSS_ENTROPY = ("cross-entropy measures how much probability the softmax puts on the true "
                 "class; with one-hot labels it is Keras's categorical cross-entropy, at its "
                 "default settings.")


def check_loss(teacher: Teacher, function: str, model) -> None:
    check_compiled(teacher, function, model)
    name = keras_compat.loss_name(model)
    teacher.expect(name == "categoricalcrossentropy", function, "categorical cross-entropy as the loss",
                   model.loss, CROSS_ENTROPY, looks_like=LOSS_MISTAKES.get(name))
    defaults = keras_compat.loss_settings(keras.losses.CategoricalCrossentropy())
    changed = keras_compat.changed_settings(keras_compat.loss_settings(model.loss), defaults)
    teacher.expect(not changed, function, "categorical cross-entropy at its default settings",
                   ", ".join(f"{k}={v!r}" for k, v in changed.items()), CROSS_ENTROPY,
                   looks_like="; and ".join(LOSS_SETTINGS.get(k, f"{k} changed") for k in changed))


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
    teacher.expect(bool(accurate), function, "the accuracy metric",
                   [name for _, name in metrics], COMPILE.format(exercise=teacher.exercise),
                   looks_like=looks_like)


def check_compiled_like_ex5_4(teacher: Teacher, function: str, model) -> None:
    """Optimizer, loss and metrics exactly as in ex5_4."""
    check_optimizer(teacher, function, model)
    check_loss(teacher, function, model)
    check_metrics(teacher, function, model)


L2_CONCEPT = ("an L2 penalty on a layer's kernel (its weight matrix) adds factor x (the sum of its "
              "squared weights) to the loss, so training trades a little training accuracy for "
              "smaller weights; the lesson puts it on both hidden Dense layers and leaves the "
              "output layer unpenalised. `kata hint {exercise}` shows where it goes.")


def dense_stack(teacher: Teacher, function: str, model):
    """The model's Dense layers (activation layers folded in); fails when there is none,
    so that the checks below never index an empty list."""
    dense, _ = keras_compat.dense_layers(model)
    teacher.expect(bool(dense), function, "Dense layers", "a model without Dense layers",
                   L2_CONCEPT.format(exercise=teacher.exercise))
    return dense


def check_hidden_l2(teacher: Teacher, function: str, model, factor: float) -> None:
    """Both hidden Dense layers carry an L2 kernel penalty of ``factor``."""
    concept = L2_CONCEPT.format(exercise=teacher.exercise)
    for layer in dense_stack(teacher, function, model)[:-1]:
        regularizer = layer.layer.kernel_regularizer
        l1, l2 = keras_compat.regularizer_penalties(regularizer)
        where = f"the {layer.units}-unit layer"
        teacher.expect(regularizer is not None, function,
                       f"an L2 kernel regularizer of {factor} on {where}",
                       "no kernel regularizer", concept)
        teacher.expect(np.isclose(l1, 0.0) and np.isclose(l2, factor, rtol=1e-5), function,
                       f"an L2 kernel regularizer of {factor} on {where}",
                       f"{type(regularizer).__name__}(l1={l1:g}, l2={l2:g})", concept,
                       looks_like="an L1 penalty (the sum of |w|), not L2" if l1 > 0 and l2 == 0
                       else (f"factor ignored: always {l2:g}" if l2 > 0 else None))


def check_output_unregularized(teacher: Teacher, function: str, model) -> None:
    regularizer = dense_stack(teacher, function, model)[-1].layer.kernel_regularizer
    teacher.expect(regularizer is None, function, "no regularizer on the 10-unit output layer",
                   type(regularizer).__name__, L2_CONCEPT.format(exercise=teacher.exercise),
                   looks_like="the regularizer on the output layer too")


def check_no_activity_or_bias_regularizers(teacher: Teacher, function: str, model) -> None:
    for layer in dense_stack(teacher, function, model):
        for kind in ("activity_regularizer", "bias_regularizer"):
            found = getattr(layer.layer, kind, None)
            teacher.expect(found is None, function,
                           f"no {kind} on the {layer.units}-unit layer",
                           type(found).__name__, L2_CONCEPT.format(exercise=teacher.exercise)
                           + " An activity regularizer penalises the layer's outputs and a bias "
                           "regularizer its biases, not the weights.",
                           looks_like=f"{kind} where kernel_regularizer belongs")


def check_loss_includes_penalty(teacher: Teacher, function: str, model, factor: float,
                                images, labels) -> None:
    """The loss that evaluate() reports is cross-entropy plus factor * sum(w**2) over the
    hidden kernels: the penalty is really in the objective, on the right layers."""
    reported = keras_compat.evaluate_loss(model, images, labels)
    probabilities = np.clip(model.predict(images, verbose=0), 1e-7, 1 - 1e-7)
    cross_entropy = float(np.mean(-np.sum(labels * np.log(probabilities), axis=1)))
    hidden = dense_stack(teacher, function, model)[:-1]
    penalty = sum(factor * float(np.sum(np.square(layer.layer.get_weights()[0]))) for layer in hidden)
    extra = reported - cross_entropy
    teacher.expect(np.isclose(extra, penalty, rtol=1e-3, atol=1e-3), function,
                   f"a reported loss of cross-entropy {cross_entropy:.4f} + L2 penalty {penalty:.4f}",
                   f"cross-entropy + {extra:.4f}", L2_CONCEPT.format(exercise=teacher.exercise))
