"""Is the model the judge rebuilt the model the learner has? (both sides of the boundary).

A model crosses the wire as its configuration and weights, and the judge
checks and trains the copy it rebuilds from them. That copy can differ from
the learner's own model: a setting assigned to a layer after the layer was
built (``layer.kernel_regularizer = l2(0.1)``) is written into the
configuration, so the rebuilt copy has it, but the learner's model never
used it (in Keras, a layer's weight penalties are attached when its weights
are created: one set later never reaches the loss).

So when the worker describes a model, it also runs it on a batch both sides
draw from the same seed (``measure``): the predictions, and the weight and
activity penalties that the model adds to its loss (``model.losses``). The
judge measures its rebuilt copy on the same batch (``compare``); a copy that
disagrees is refused with a message that says what differs. Together with
the compile settings, which cross as data and are checked by the tests,
predictions and penalties fix the loss the model trains on.
"""

from __future__ import annotations

from typing import Any, List, Optional

import numpy as np

SEED = 20230  # the batch both sides draw
ROWS = 16
# Same weights, same Keras, two processes: the numbers agree to float32 round-off.
RTOL, ATOL = 1e-3, 1e-4

LATE_PENALTY = (
    "in your process the model adds {found} to its loss in penalties (model.losses{empty}), "
    "but the model its configuration describes adds {expected} with the same weights. "
    "A regularizer assigned to a layer that is already built (layer.kernel_regularizer = ...) "
    "is written into the configuration, but the penalty never reaches the loss: Keras attaches "
    "a layer's penalties when it creates the layer's weights. Pass it when creating the layer: "
    "keras.layers.Dense(units, ..., kernel_regularizer=keras.regularizers.l2(factor))")
LATE_SETTING = (
    "on the same batch of inputs its predictions differ from those of the model its "
    "configuration describes (largest difference {difference:.3g}): a setting changed on a "
    "layer after it was built (its activation, say) is written into the configuration but not "
    "used the way a layer created with it is. Give each layer its settings when creating it")
UNRUNNABLE = ("the model its configuration describes {judge}, while your model {worker}, on a "
              "batch of inputs of the shape it declares")


def _batch(shapes: List[List[int]]) -> List[np.ndarray]:
    rng = np.random.default_rng(SEED)
    return [rng.random([ROWS, *shape]).astype("float32") for shape in shapes]


def _run(model, shapes) -> dict:
    from kata import keras_compat

    try:
        outputs, penalty = keras_compat.run_on_batch(model, _batch(shapes))
    except Exception as error:  # the model cannot run on its own inputs
        return {"problem": f"{type(error).__name__}: {str(error)[:200]}"}
    return {"outputs": outputs, "penalty": penalty}


def measure(model, encoder) -> Optional[dict]:
    """What ``model`` does on the seeded batch, as data; None for a model without a
    defined input (it has no weights yet, and nothing to compare)."""
    from kata import keras_compat

    shapes = keras_compat.input_shapes(model)
    if shapes is None:
        return None
    measured = _run(model, shapes)
    if "outputs" in measured:
        measured["outputs"] = [encoder.encode(o) for o in measured["outputs"]]
    return {"shapes": shapes, **measured}


def compare(model, node: Any, decoder) -> Optional[str]:
    """Why the rebuilt ``model`` does not do what the learner's did (``node``, from
    ``measure``), or None when it does."""
    if not isinstance(node, dict):
        return None
    shapes = node.get("shapes")
    if not (isinstance(shapes, list) and all(isinstance(s, list) and all(isinstance(d, int) and 0 < d
                                                                         for d in s) for s in shapes)):
        return None
    if int(np.prod([ROWS] + [d for s in shapes for d in s])) > 50_000_000:
        return None
    here = _run(model, shapes)
    if "problem" in node or "problem" in here:
        if "problem" in node and "problem" in here:
            return None
        worker = f"fails ({node['problem']})" if "problem" in node else "runs"
        judge = f"fails ({here['problem']})" if "problem" in here else "runs"
        return UNRUNNABLE.format(judge=judge, worker=worker)
    outputs = [decoder.decode(o) for o in node.get("outputs") or []]
    penalty = node.get("penalty")
    if not isinstance(penalty, (int, float)) or not all(isinstance(o, np.ndarray) for o in outputs):
        return "its description does not say what the model computes"
    if not np.isclose(float(penalty), here["penalty"], rtol=RTOL, atol=ATOL):
        return LATE_PENALTY.format(found=f"{float(penalty):.4g}", expected=f"{here['penalty']:.4g}",
                                   empty=" is empty" if float(penalty) == 0 else "")
    same = len(outputs) == len(here["outputs"]) and all(
        o.shape == h.shape for o, h in zip(outputs, here["outputs"]))
    if not same:
        return LATE_SETTING.format(difference=float("inf"))
    difference = max((float(np.max(np.abs(o.astype(float) - h.astype(float)), initial=0.0))
                      for o, h in zip(outputs, here["outputs"])), default=0.0)
    if not all(np.allclose(o, h, rtol=RTOL, atol=ATOL, equal_nan=True)
               for o, h in zip(outputs, here["outputs"])):
        return LATE_SETTING.format(difference=difference)
    return None
