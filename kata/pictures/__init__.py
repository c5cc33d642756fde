"""Pictures of what the learner's network does, one set per exercise (judge side).

Every picture is drawn here, in the judge, from values the learner's functions
returned through their sandboxed worker: learner code never draws anything the
kata shows. Models come from the same training runs as the tests, under the
same keys (``kata.judge.training.once``), so a model the tests trained and the
cache keeps is never trained again for a picture.

``draw(exercise)`` returns the pictures it could make and a note for each it
could not: on a stub or a failing function, the pictures of what works so far
(or none), never a traceback. ``kata.tools.show`` writes them to PNG files;
``kata.show()`` puts them in a notebook.
"""

from __future__ import annotations

from typing import Callable, Dict, List, NamedTuple, Tuple

from kata.pictures import digits, functions, plane, runs
from kata.pictures.style import Picture

Drawer = Callable[[], Picture]

DRAWERS: Dict[str, Tuple[Drawer, ...]] = {
    "ex5_1": (plane.ex5_1_output,),
    "ex5_2": (plane.ex5_2_xor_square,),
    "ex5_3": (digits.ex5_3_samples, digits.ex5_3_pixels),
    "ex5_4": (digits.mistakes, digits.confusion, digits.first_layer_units),
    "ex5_5": (digits.mistakes, digits.confusion, digits.first_layer_units),
    "ex5_6": (runs.ex5_6_curves,),
    "ex5_7": (runs.ex5_7_curves, runs.ex5_7_weights),
    "ex5_8": (runs.ex5_8_curves, runs.ex5_8_weights, runs.ex5_8_preactivations),
    "bonus_activations": (functions.activations,),
    "bonus_losses": (functions.losses,),
    "bonus_backprop": (functions.backprop_descent,),
    "bonus_metrics": (functions.metrics_confusion,),
    "bonus_perceptron": (plane.perceptron_lines,),
    "bonus_depth": (runs.depth_study,),
}


class Drawn(NamedTuple):
    pictures: List[Picture]
    missing: List[str]  # one line per picture that could not be drawn, saying why


def draw(exercise: str) -> Drawn:
    """The exercise's pictures, drawn with the workers in use (``kata.judge.learner``)."""
    import pytest

    pictures, missing = [], []
    for drawer in DRAWERS[exercise]:
        try:
            pictures.append(drawer())
        except (Exception, pytest.fail.Exception) as error:  # the learner's code, whatever it did
            missing.append(f"{drawer.__name__.replace('_', ' ')}: {one_line(error)}")
    return Drawn(pictures, missing)


def one_line(error: BaseException) -> str:
    """The first line of an error's message, or its type when it has none."""
    text = str(error).strip()
    name = getattr(error, "type_name", None) or type(error).__name__
    if "NotImplementedError" in (name, text):
        return "not implemented yet"
    return text.splitlines()[0] if text else name
