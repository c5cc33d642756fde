"""Keras models, training histories and matplotlib figures as data (the wire format's richer part).

``describe_*`` turns a live object into a tagged dict of plain values and
arrays; ``rebuild_*`` makes a live object from such a dict. Both sides use
both: the worker describes what learner code returns and rebuilds models
the judge sends; the judge rebuilds what the worker returns.

A model crosses as its architecture (``model.to_json()``), its compile
configuration and its weights; from the worker, also what it computes on a
seeded batch, which the rebuilt copy must match (``kata.worker.probe``).
Rebuilding is where code could sneak in, so before Keras sees a
configuration, every object in it is checked against an allow-list: a
class Keras itself exports from its layers, initializers, regularizers,
constraints, optimizers, losses and metrics, from a ``keras`` module, and
never a Lambda layer or a registered custom object. Anything else is
refused with a reason; nothing is ever imported by name.

A figure crosses as what a reader sees: per axes the lines (data, colour,
style, marker, width, label), the legend's entries in order with the style of
each entry's handle, the title and axis labels; plus the figure's texts.
The judge redraws it on a fresh Figure (no pyplot state), so the tests can
use matplotlib's own API on it, and ``--keep-plots`` can save it.
"""

from __future__ import annotations

import json
import weakref
from typing import Any, Dict, List, Optional

import numpy as np

from kata.worker import bounds
from kata.worker.wire import TAG, Decoder, Encoder, WireError

# Lambda-like layers run arbitrary functions; the others load files or code.
DENIED = {"Lambda", "TFOpLambda", "SlicingOpLambda", "TFSMLayer", "TorchModuleWrapper",
          "JaxLayer", "FlaxLayer"}
STRUCTURAL = {"Sequential", "Functional", "Model", "DTypePolicy", "FloatDTypePolicy", "Policy",
              "__keras_tensor__", "__tensor__", "__numpy__", "__bytes__", "__typespec__",
              "TensorShape", "__tuple__"}


class Refused(Exception):
    """A description that cannot be rebuilt safely or faithfully; the message says why."""


class Unlike(Refused):
    """A rebuilt model that does not compute what the learner's model computed
    (``kata.worker.probe``); the message says what differs and why."""


# --- models ------------------------------------------------------------------------------

def is_model(value: Any) -> bool:
    import sys

    keras = sys.modules.get("keras")
    return keras is not None and isinstance(value, keras.Model)


def describe_model(model, encoder: Encoder, handle: Optional[int] = None, measured: bool = False) -> dict:
    """Architecture, compile settings and weights of ``model``; ``measured`` (the worker's
    side) adds what it computes on a seeded batch, which the rebuilt copy must match
    (``kata.worker.probe``)."""
    try:
        config = model.to_json()
    except Exception as error:  # a custom layer without get_config, ...
        return {TAG: "model", "handle": handle, "config": None,
                "problem": f"its architecture cannot be saved as data ({type(error).__name__}: "
                           f"{str(error)[:200]})"}
    compile_config, problem = None, None
    try:
        compiled = model.get_compile_config() if getattr(model, "optimizer", None) is not None else None
        compile_config = json.dumps(compiled) if compiled else None
    except Exception as error:
        problem = (f"it was compiled with settings that cannot be saved as data "
                   f"({type(error).__name__}: {str(error)[:200]})")
    from kata import keras_compat

    weights = [encoder.encode(np.asarray(w)) for w in keras_compat.model_weights(model)]
    node = {TAG: "model", "handle": handle, "config": config, "compile": compile_config,
            "compile_problem": problem, "weights": weights,
            "iterations": keras_compat.optimizer_iterations(model)}
    if measured:
        from kata.worker import probe

        node["probe"] = probe.measure(model, encoder)
    return node


def _allowed_classes() -> set:
    import keras

    names = set(STRUCTURAL)
    for namespace in (keras.layers, keras.initializers, keras.regularizers, keras.constraints,
                      keras.optimizers, keras.losses, keras.metrics, keras.models):
        names.update(name for name in dir(namespace) if not name.startswith("_"))
    schedules = getattr(keras.optimizers, "schedules", None)
    if schedules is not None:
        names.update(name for name in dir(schedules) if not name.startswith("_"))
    return names - DENIED


_ALLOWED: Optional[set] = None


def check_config(node: Any, path: str = "model") -> None:
    """Raise Refused unless every object in a Keras configuration is a Keras built-in."""
    global _ALLOWED
    if _ALLOWED is None:
        _ALLOWED = _allowed_classes()
    if isinstance(node, list):
        for index, item in enumerate(node):
            check_config(item, f"{path}[{index}]")
        return
    if not isinstance(node, dict):
        return
    name = node.get("class_name")
    if name is not None:
        module = node.get("module")
        registered = node.get("registered_name")
        if not isinstance(name, str) or name not in _ALLOWED or "Lambda" in name:
            raise Refused(f"{path} uses {name!r}, which is not one of Keras's built-in classes "
                          f"(custom layers, Lambda layers and custom functions cannot be checked)")
        if module is not None and not (isinstance(module, str)
                                       and (module == "keras" or module.startswith("keras."))):
            raise Refused(f"{path} names the module {module!r}; only Keras's own objects are accepted")
        if registered not in (None, name):
            raise Refused(f"{path} is a registered custom object ({registered!r}); only Keras's "
                          f"own objects are accepted")
    for key, value in node.items():
        if key in ("function", "function_type", "output_shape_type") and value is not None:
            raise Refused(f"{path} carries a function ({key}); only Keras's own layers are accepted")
        check_config(value, f"{path}.{key}" if name is None else f"{path}/{name}.{key}")


def rebuild_model(node: dict, decoder: Decoder):
    """A live Keras model from a description, or Refused."""
    import keras

    import warnings

    from kata import keras_compat

    if node.get("config") is None:
        raise Refused(str(node.get("problem") or "no architecture"))
    config = _json(node.get("config"), "architecture")
    check_config(config)
    try:
        bounds.check_model(config)  # before Keras allocates a single weight
    except bounds.AnswerTooLarge as problem:
        raise Refused(str(problem)) from None
    compile_config = _json(node.get("compile"), "compile settings") if node.get("compile") else None
    if compile_config is not None:
        check_config(compile_config, "compile")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = keras.models.model_from_json(json.dumps(config))
    except Exception as error:
        raise Refused(f"its architecture does not rebuild ({type(error).__name__}: "
                      f"{str(error)[:300]})") from None
    weights = [decoder.decode(w) for w in node.get("weights") or []]
    if not all(isinstance(w, np.ndarray) for w in weights):
        raise Refused("its weights are not arrays")
    if weights or keras_compat.is_built(model):
        expected = [tuple(w.shape) for w in model.get_weights()]
        if expected != [tuple(w.shape) for w in weights]:
            raise Refused(f"its weights do not fit its layers ({len(weights)} arrays for "
                          f"{len(expected)} weights)")
        model.set_weights(weights)
    if compile_config is not None:
        try:
            model.compile_from_config(compile_config)
        except Exception as error:
            raise Refused(f"its compile settings do not rebuild ({type(error).__name__}: "
                          f"{str(error)[:300]})") from None
    if node.get("probe") is not None:
        from kata.worker import probe

        unlike = probe.compare(model, node["probe"], decoder)
        if unlike:
            raise Unlike(unlike)
    problem = node.get("compile_problem")
    if problem:
        COMPILE_PROBLEMS[id(model)] = str(problem)
    iterations = node.get("iterations")
    if isinstance(iterations, int) and not isinstance(iterations, bool):
        ITERATIONS[model] = iterations
    return model


# id(model) -> why its compile settings did not cross (a custom loss function, say)
COMPILE_PROBLEMS: Dict[int, str] = {}
# model -> how many steps its optimizer had taken where the model was described (the
# learner's process): the judge compares it with the steps a History claims. Like every
# value from there it is a claim, checked beside values (kata.judge.history_checks).
ITERATIONS: "weakref.WeakKeyDictionary[Any, int]" = weakref.WeakKeyDictionary()


def _json(text: Any, what: str) -> Any:
    if not isinstance(text, str) or len(text) > 10_000_000:
        raise Refused(f"its {what} are not a JSON document")
    try:
        return json.loads(text)
    except ValueError:
        raise Refused(f"its {what} are not a JSON document") from None


# --- histories ---------------------------------------------------------------------------

def is_history(value: Any) -> bool:
    import sys

    keras = sys.modules.get("keras")
    return keras is not None and isinstance(value, keras.callbacks.History)


def describe_history(history, encoder: Encoder) -> dict:
    metrics = {str(k): [float(v) for v in np.asarray(values, dtype=float).ravel()]
               for k, values in dict(getattr(history, "history", {}) or {}).items()}
    params = {str(k): v for k, v in dict(getattr(history, "params", {}) or {}).items()
              if v is None or isinstance(v, (bool, int, float, str))}
    epoch = [int(e) for e in list(getattr(history, "epoch", []) or [])]
    return {TAG: "history", "history": encoder.encode(metrics), "params": encoder.encode(params),
            "epoch": encoder.encode(epoch)}


def rebuild_history(node: dict, decoder: Decoder):
    import keras

    history = keras.callbacks.History()
    metrics = decoder.decode(node.get("history"))
    params = decoder.decode(node.get("params"))
    epoch = decoder.decode(node.get("epoch"))
    if not (isinstance(metrics, dict) and isinstance(params, dict) and isinstance(epoch, list)):
        raise WireError("a history needs a dict of metrics, a dict of params and a list of epochs")
    history.history = {str(k): [float(v) for v in values] for k, values in metrics.items()}
    history.params = params
    history.epoch = [int(e) for e in epoch]
    return history


# --- figures -----------------------------------------------------------------------------

def is_figure(value: Any) -> bool:
    import sys

    figure_module = sys.modules.get("matplotlib.figure")
    return figure_module is not None and isinstance(value, figure_module.Figure)


def _style(artist) -> dict:
    from matplotlib.colors import to_rgba

    def get(name, default=None):
        getter = getattr(artist, f"get_{name}", None)
        try:
            return getter() if getter else default
        except Exception:
            return default

    colour = get("color")
    if colour is None:
        colour = get("facecolor")
    try:
        rgba = [float(c) for c in to_rgba(colour)]
    except (ValueError, TypeError):
        rgba = None
    marker = get("marker")
    return {"color": rgba, "linestyle": str(get("linestyle", "")), "marker": str(marker) if marker else "",
            "linewidth": float(get("linewidth", 0.0) or 0.0)}


def describe_figure(figure, encoder: Encoder) -> dict:
    axes = []
    for ax in figure.axes:
        lines = [{"x": encoder.encode(np.asarray(line.get_xdata(), dtype=float)),
                  "y": encoder.encode(np.asarray(line.get_ydata(), dtype=float)),
                  "label": str(line.get_label()), **_style(line)} for line in ax.get_lines()]
        legend = ax.get_legend()
        axes.append({"title": ax.get_title(), "xlabel": ax.get_xlabel(), "ylabel": ax.get_ylabel(),
                     "lines": lines, "legend": _entries(legend) if legend is not None else None})
    suptitle = getattr(figure, "_suptitle", None)
    return {TAG: "figure", "axes": axes, "suptitle": suptitle.get_text() if suptitle else "",
            "texts": [text.get_text() for text in figure.texts if text is not suptitle],
            "legends": [_entries(legend) for legend in getattr(figure, "legends", [])]}


def _entries(legend) -> List[dict]:
    """A legend's entries in order: each one's text and the style of its handle."""
    handles = getattr(legend, "legend_handles", None) or getattr(legend, "legendHandles", [])
    return [{"text": text.get_text(), **_style(handle)} for text, handle in zip(legend.get_texts(), handles)]


def rebuild_figure(node: dict, decoder: Decoder):
    """A Figure that shows what the described one showed; no pyplot involved."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure()
    FigureCanvasAgg(figure)
    for described in _items(node.get("axes")):
        ax = figure.add_subplot()
        drawn = []
        for line in _items(described.get("lines")):
            x, y = decoder.decode(line.get("x")), decoder.decode(line.get("y"))
            (artist,) = ax.plot(x, y, **_style_arguments(line), label=str(line.get("label", "")))
            drawn.append(artist)
        ax.set_title(str(described.get("title", "")))
        ax.set_xlabel(str(described.get("xlabel", "")))
        ax.set_ylabel(str(described.get("ylabel", "")))
        entries = described.get("legend")
        if isinstance(entries, list):
            ax.legend(*_legend(entries, drawn))
    if node.get("suptitle"):
        figure.suptitle(str(node["suptitle"]))
    for text in node.get("texts") or []:
        figure.text(0.5, 0.01, str(text))
    everything = [line for ax in figure.axes for line in ax.get_lines()]
    for entries in node.get("legends") or []:
        if isinstance(entries, list):
            figure.legend(*_legend(entries, everything))
    return figure


def _legend(entries: List[dict], lines: list):
    """Handles and labels for a redrawn legend: each entry points at the one line drawn in
    its style, as a reader would match them (a stand-in when no line, or several, match)."""
    from matplotlib.lines import Line2D

    handles = []
    for entry in entries:
        same = [line for line in lines if _style(line) == _style_of(entry)]
        handles.append(same[0] if len(same) == 1 else Line2D([], [], **_style_arguments(entry)))
    return handles, [str(entry.get("text", "")) for entry in entries]


def _items(value: Any) -> List[dict]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise WireError("a figure description holds lists of objects")
    return value


def _style_of(node: dict) -> dict:
    line = _fresh_line(node)
    return _style(line)


def _fresh_line(node: dict):
    from matplotlib.lines import Line2D

    return Line2D([], [], **_style_arguments(node))


def _style_arguments(node: dict) -> dict:
    arguments = {"linestyle": str(node.get("linestyle") or "-"),
                 "linewidth": float(node.get("linewidth") or 1.0)}
    colour = node.get("color")
    if isinstance(colour, list) and len(colour) == 4:
        arguments["color"] = tuple(float(c) for c in colour)
    marker = node.get("marker")
    if marker and marker != "None":
        arguments["marker"] = str(marker)
    return arguments
