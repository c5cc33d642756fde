"""Reading a Keras model the same way on Keras 2 (TF 2.15) and Keras 3 (TF 2.16+).

Every place where the two differ is handled here and nowhere else, so the
exercise tests can ask plain questions ("which optimizer?", "how many
inputs?") without caring which Keras answers. Public API only.
"""

from __future__ import annotations

import contextlib
import inspect
import re
from dataclasses import dataclass
from typing import Any, Callable, Dict, List, Optional, Tuple

import keras

IS_KERAS_3 = int(keras.__version__.split(".")[0]) >= 3

# Layers that only apply an activation; they are folded into the Dense layer before them.
_ACTIVATION_LAYERS = {"Activation", "ReLU", "Softmax"}


def normalise(name: str) -> str:
    """'CategoricalCrossentropy', 'categorical_crossentropy' -> 'categoricalcrossentropy'."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def activation_name(activation: Any) -> str:
    if activation is None:
        return "linear"
    if isinstance(activation, str):
        return activation
    return getattr(activation, "__name__", type(activation).__name__).lower()


@dataclass
class DenseLayer:
    units: int
    activation: str
    layer: Any


def _activation_of(layer) -> str:
    """The activation an activation-only layer applies ('relu', 'softmax', ...)."""
    kind = type(layer).__name__
    return activation_name(getattr(layer, "activation", None)) if kind == "Activation" else kind.lower()


def _grouped(model) -> List[Tuple[str, Any, str]]:
    """The model's layers as a reader groups them, InputLayer left out: ("Dense", layer,
    activation) for a Dense layer, with an activation layer right after it folded in (as
    if given as ``activation=``); ("Activation", layer, activation) for an activation layer
    that follows anything else, say a BatchNormalization layer, whose output it changes
    instead; (class name, layer, "") for every other layer."""
    groups: List[Tuple[str, Any, str]] = []
    previous = None
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "InputLayer":
            continue
        if kind == "Dense":
            groups.append(("Dense", layer, activation_name(layer.activation)))
        elif kind in _ACTIVATION_LAYERS and previous == "Dense" and groups[-1][2] == "linear":
            groups[-1] = ("Dense", groups[-1][1], _activation_of(layer))
        elif kind in _ACTIVATION_LAYERS:
            groups.append(("Activation", layer, _activation_of(layer)))
        else:
            groups.append((kind, layer, ""))
        previous = kind
    return groups


def dense_layers(model) -> Tuple[List[DenseLayer], List[str]]:
    """The Dense layers in order (activation layers right after them folded in), and the
    class names of every other layer: an activation layer that does not follow a Dense
    layer is one of those."""
    groups = _grouped(model)
    dense = [DenseLayer(int(layer.units), activation, layer)
             for kind, layer, activation in groups if kind == "Dense"]
    others = [type(layer).__name__ for kind, layer, _ in groups if kind != "Dense"]
    return dense, others


def layer_outline(model) -> List[str]:
    """The model as a reader would list it: 'Dense 512 relu', 'BatchNormalization',
    'Activation relu' (an activation layer that does not follow a Dense layer)."""
    outline = []
    for kind, layer, activation in _grouped(model):
        if kind == "Dense":
            outline.append(f"Dense {int(layer.units)} {activation}")
        else:
            outline.append(f"{kind} {activation}".strip())
    return outline


def regularizer_penalties(regularizer) -> Tuple[float, float]:
    """(l1, l2) factors of a weight regularizer; (0, 0) for none. Keras 2 stores them
    as float32, so compare them approximately."""
    if regularizer is None:
        return 0.0, 0.0
    return float(getattr(regularizer, "l1", 0.0) or 0.0), float(getattr(regularizer, "l2", 0.0) or 0.0)


def input_width(model) -> Optional[int]:
    """The number of input features, or None while the model has no defined input."""
    try:
        inputs = model.inputs  # Keras 3 raises before the model is built; Keras 2 gives None
    except (AttributeError, ValueError):
        return None
    if not inputs:
        return None
    width = inputs[0].shape[-1]
    return None if width is None else int(width)


def input_shapes(model) -> Optional[List[List[int]]]:
    """The shape of one example of each of the model's inputs (batch axis left out), or
    None while it has no defined input or an input has an open dimension."""
    try:
        inputs = model.inputs  # Keras 3 raises before the model is built; Keras 2 gives None
    except (AttributeError, ValueError):
        return None
    if not inputs:
        return None
    shapes = [list(tensor.shape)[1:] for tensor in inputs]
    if any(d is None for shape in shapes for d in shape):
        return None
    return [[int(d) for d in shape] for shape in shapes]


def run_on_batch(model, arrays: list) -> Tuple[list, float]:
    """The model's outputs on ``arrays`` (inference mode) as NumPy arrays, and the sum of
    the penalties it adds to its loss (model.losses: weight penalties, and activity
    penalties of this call)."""
    import numpy as np

    outputs = model(arrays[0] if len(arrays) == 1 else list(arrays), training=False)
    if isinstance(outputs, dict):
        flat = [outputs[key] for key in sorted(outputs)]
    else:
        flat = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
    penalty = float(sum(float(np.asarray(loss)) for loss in model.losses))
    return [np.asarray(output) for output in flat], penalty


def model_weights(model) -> list:
    """The model's weight arrays: none yet while it has never seen an input (Keras 3
    returns an empty list then; Keras 2 raises ValueError)."""
    try:
        return model.get_weights()
    except ValueError:
        if getattr(model, "built", True):
            raise
        return []


def optimizer_iterations(model) -> Optional[int]:
    """How many steps the model's optimizer has taken (``optimizer.iterations``: a variable
    on both Keras 2 and 3), or None for a model without an optimizer."""
    import numpy as np

    optimizer = getattr(model, "optimizer", None)
    try:
        return None if optimizer is None else int(np.asarray(optimizer.iterations))
    except Exception:  # an optimizer without the counter (not one of Keras's own)
        return None


def is_built(model) -> bool:
    return input_width(model) is not None


def is_compiled(model) -> bool:
    return getattr(model, "optimizer", None) is not None


def optimizer_class(model) -> str:
    return type(model.optimizer).__name__


# Optimizer settings that name or place the optimizer rather than change its update rule.
_BOOKKEEPING = {"name", "jit_compile", "is_legacy_optimizer"}


def _plain(value: Any) -> Any:
    """A setting as a plain Python value: variables and NumPy scalars become floats."""
    if isinstance(value, (bool, str, dict, list, tuple)) or value is None:
        return value
    try:
        return float(value)
    except (TypeError, ValueError):
        return value


def optimizer_settings(optimizer) -> Dict[str, Any]:
    """Every setting of the optimizer's configuration (learning rate, rho, weight decay,
    clipping, EMA, ...), as plain Python values; the name and backend flags left out."""
    config = dict(optimizer.get_config())
    if "learning_rate" in config and not isinstance(config["learning_rate"], (int, float, dict)):
        config["learning_rate"] = float(optimizer.learning_rate)  # a variable or a tensor
    return {key: _plain(value) for key, value in config.items() if key not in _BOOKKEEPING}


def loss_settings(loss) -> Dict[str, Any]:
    """The settings of a Loss object (from_logits, label_smoothing, reduction, ...);
    {} for a loss given as a string or a plain function, which has its defaults."""
    get_config = getattr(loss, "get_config", None)
    if isinstance(loss, str) or get_config is None:
        return {}
    try:
        config = dict(get_config())
    except (NotImplementedError, TypeError):
        return {}
    return {key: _plain(value) for key, value in config.items() if key not in ("name", "fn")}


def changed_settings(found: Dict[str, Any], defaults: Dict[str, Any]) -> Dict[str, Any]:
    """The settings in ``found`` that differ from ``defaults`` (numbers compared to within
    float32 rounding), with their values; settings missing from ``defaults`` count too."""
    import math

    def same(a, b) -> bool:
        if isinstance(a, bool) or isinstance(b, bool) or not (
                isinstance(a, (int, float)) and isinstance(b, (int, float))):
            return a == b
        return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-12)

    return {key: value for key, value in found.items()
            if key not in defaults or not same(value, defaults[key])}


def loss_name(model) -> str:
    """The compiled loss as a normalised name, whether it was given as a string,
    a Loss object or a function."""
    loss = model.loss
    if isinstance(loss, str):
        return normalise(loss)
    name = getattr(loss, "name", None)
    if isinstance(name, str):
        return normalise(name)
    fn = getattr(loss, "fn", None) or loss  # Keras 3 LossFunctionWrapper
    return normalise(getattr(fn, "__name__", type(loss).__name__))


def compile_outline(model) -> Dict[str, Any]:
    """How the model is compiled, as plain data that two snapshots can be compared by:
    optimizer class and settings, loss name and settings, metrics."""
    if not is_compiled(model):
        return {"compiled": False}
    return {"optimizer": optimizer_class(model), "optimizer settings": optimizer_settings(model.optimizer),
            "loss": loss_name(model), "loss settings": loss_settings(model.loss),
            "metrics": compile_metrics(model)}


def compile_changes(before: Dict[str, Any], after: Dict[str, Any]) -> List[str]:
    """What differs between two compile_outline snapshots, in words; [] when nothing does."""
    changes = []
    for key, value in after.items():
        if key == "optimizer settings" and after.get("optimizer") == before.get("optimizer"):
            changes += [f"optimizer setting {name}={setting!r}" for name, setting in
                        changed_settings(value, before.get(key, {})).items()]
        elif key != "optimizer settings" and value != before.get(key):
            changes.append(f"{key} {before.get(key)!r} became {value!r}")
    return changes


def compile_metrics(model) -> List[Tuple[str, str]]:
    """The metrics given to compile(), each as ("string", name) or ("class", class name)."""
    config = model.get_compile_config() or {}
    metrics = config.get("metrics") or []
    if isinstance(metrics, dict):  # a dict per output
        metrics = [m for ms in metrics.values() for m in (ms if isinstance(ms, list) else [ms])]
    found = []
    for metric in metrics:
        if isinstance(metric, str):
            found.append(("string", metric))
        elif isinstance(metric, dict):
            found.append(("class", metric.get("class_name", "")))
        else:
            found.append(("class", type(metric).__name__))
    return found


def to_categorical_dtype() -> str:
    """Keras 2's to_categorical returns float32, Keras 3's float64."""
    return str(keras.utils.to_categorical([0], 2).dtype)


def evaluate_loss(model, images, labels) -> float:
    """The loss model.evaluate reports (a list with metrics, a scalar without)."""
    result = model.evaluate(images, labels, verbose=0)
    return float(result[0] if isinstance(result, (list, tuple)) else result)


def to_tensor(array):
    """A backend tensor of ``array``: Keras 2's functions accept only TensorFlow tensors."""
    if IS_KERAS_3:
        return keras.ops.convert_to_tensor(array)
    import tensorflow as tf

    return tf.constant(array)


def keras_value(function, *arrays, **keywords):
    """``function`` (a Keras activation, loss or regularizer) applied to NumPy arrays,
    as a NumPy array."""
    import numpy as np

    return np.asarray(function(*(to_tensor(a) for a in arrays), **keywords))


def keras_leaky_relu(array, alpha):
    """Keras's leaky ReLU: keras.activations.relu's negative slope is called
    ``negative_slope`` on Keras 3 and ``alpha`` on Keras 2."""
    keyword = "negative_slope" if IS_KERAS_3 else "alpha"
    return keras_value(keras.activations.relu, array, **{keyword: alpha})


def import_quietly():
    """Import Keras with its start-up noise and its progress bars off (in a worker)."""
    from kata import quiet

    quiet.environment()
    import keras as imported

    quiet.tensorflow_logs()
    disable = getattr(imported.utils, "disable_interactive_logging", None)
    if disable is not None:  # progress bars go to the (silenced) logger instead of stdout
        disable()
    return imported


EPOCH_METRICS = {"loss": "loss", "accuracy": "accuracy", "acc": "accuracy",
                 "val_loss": "val_loss", "val_accuracy": "val_accuracy", "val_acc": "val_accuracy"}


def epoch_metrics(logs) -> dict:
    """The loss and accuracy (and validation ones) in an epoch's Keras logs, as floats
    under one spelling whichever Keras wrote them."""
    metrics = {}
    for key, value in dict(logs or {}).items():
        name = EPOCH_METRICS.get(key)
        try:
            if name is not None:
                metrics[name] = float(value)
        except (TypeError, ValueError):
            continue
    return metrics


@contextlib.contextmanager
def fit_progress(report: Callable[[int, int, dict], None]):
    """While active, every ``Model.fit`` prints nothing and calls ``report(epoch, epochs,
    metrics)`` after each epoch (``metrics``: the epoch's loss and accuracy, and their
    validation values, as numbers), whatever ``verbose`` and ``callbacks`` the caller gave."""
    original = keras.Model.fit
    signature = inspect.signature(original)

    class Progress(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            report(epoch + 1, int(self.params.get("epochs") or 0), epoch_metrics(logs))

    def fit(self, *args, **kwargs):
        try:
            bound = signature.bind(self, *args, **kwargs)
        except TypeError:  # let Keras word the error about the caller's arguments
            return original(self, *args, **kwargs)
        arguments = bound.arguments
        if "verbose" in signature.parameters:
            arguments["verbose"] = 0
        if "callbacks" in signature.parameters:
            arguments["callbacks"] = list(arguments.get("callbacks") or []) + [Progress()]
        return original(*bound.args, **bound.kwargs)

    keras.Model.fit = fit
    try:
        yield
    finally:
        keras.Model.fit = original
