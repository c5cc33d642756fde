"""Tests for the depth bonus: run them with `pytest exercises/bonus_depth`.

Parameter counts are checked against what Keras itself counts for stacks the
judge builds; widths against a search over every width, for every budget in
a small range; the study against the judge's own rerun of it (same seed,
same images, same epochs), which your numbers must match. The tests never
ask which depth wins: that is for you to look at (README.md).
"""

import numbers

import numpy as np
import pytest

from kata import keras_compat
from kata.judge import keras_checks as checks
from kata.judge import dense_stacks, lesson_runs, training
from kata.judge import LearnerModule, Teacher, recognise, shared

pytestmark = pytest.mark.timeout(60)

depth = LearnerModule("bonus_depth")
teacher = Teacher("bonus_depth")

COUNT = ("a Dense layer from m inputs to n units holds an m x n weight matrix and one bias per "
         "unit, m * n + n parameters; the stack's count is the sum over its layers (the input "
         "'layer' is only a shape and holds nothing).")
ARCHITECTURE = ("build_mlp makes one Dense layer for every entry of layer_sizes after the first, "
                "with that many units; the first entry is the width of the input.")
CLOSEST = ("with `depth` hidden layers of width w the network holds (depth - 1) w^2 + (inputs + "
           "depth + outputs) w + outputs parameters, which grows with w; the answer is the whole "
           "w >= 1 whose count is nearest the budget, on either side of it.")
TIE = ("when two widths are equally far from the budget, one above and one below, the README's "
       "rule takes the smaller width: the network that stays within the budget.")
STUDY = ("the README fixes the study so that anyone can rerun it: for each depth, widths from "
         "widths_for_budget(784, 10, depth, budget), the seed set right before the model is "
         "built, build_mlp, fit on the first train_size prepared training images for `epochs` "
         "epochs of batch 128, and the accuracy on the 10,000 test images.")


def count_by_formula(layer_sizes):
    return sum(m * n + n for m, n in zip(layer_sizes[:-1], layer_sizes[1:]))


def keras_count(layer_sizes):
    return shared(f"keras count {layer_sizes}", lambda: dense_stacks.keras_parameter_count(layer_sizes))


# --- parameter_count ---------------------------------------------------------------------------

SHAPES = [[784, 10], [784, 512, 10], [784, 784, 512, 10], [2, 2, 1], [3, 1], [1, 1], [10, 1, 10],
          [5, 7, 7, 7, 3], [784, 63, 10], [784, 55, 55, 55, 10], [1, 100, 100, 1], [6, 4, 9, 2, 8, 5]]


@pytest.mark.parametrize("layer_sizes", SHAPES, ids=["-".join(map(str, s)) for s in SHAPES])
def test_parameter_count_matches_keras(layer_sizes):
    found = depth.parameter_count(list(layer_sizes))
    expected = keras_count(layer_sizes)
    weights = sum(m * n for m, n in zip(layer_sizes[:-1], layer_sizes[1:]))
    whole = isinstance(found, numbers.Real) and not isinstance(found, bool) and float(found).is_integer()
    teacher.expect(whole and int(found) == expected, "parameter_count",
                   f"parameter_count({layer_sizes}) = {expected:,}, as Keras counts it", found, COUNT,
                   looks_like=recognise(found, {
                       "weights only, no biases": weights,
                       "one bias per layer instead of one per unit": weights + len(layer_sizes) - 1,
                       "one bias per input of a layer instead of one per unit":
                           sum(m * n + m for m, n in zip(layer_sizes[:-1], layer_sizes[1:])),
                       "biases for the input units too": weights + sum(layer_sizes),
                       "the output layer left out": count_by_formula(layer_sizes[:-1])}))


# --- build_mlp ---------------------------------------------------------------------------------

BUILDS = [[784, 32, 32, 10], [20, 16, 8, 4, 3], [12, 3]]


def built(layer_sizes):
    return checks.built_once(teacher, depth, "build_mlp", list(layer_sizes))


@pytest.mark.parametrize("layer_sizes", BUILDS, ids=["-".join(map(str, s)) for s in BUILDS])
def test_build_mlp_stacks_dense_layers_of_the_given_sizes(layer_sizes):
    model = built(layer_sizes)
    width = keras_compat.input_width(model)
    teacher.expect(width == layer_sizes[0], "build_mlp",
                   f"an input of {layer_sizes[0]} features for layer_sizes={layer_sizes}",
                   "no defined input" if width is None else f"{width} inputs",
                   ARCHITECTURE + " Declare the input so that Keras can create the weights.")
    checks.check_dense_units(teacher, "build_mlp", model, layer_sizes[1:], ARCHITECTURE)
    checks.check_parameter_count(teacher, "build_mlp", model, count_by_formula(layer_sizes), COUNT)


@pytest.mark.parametrize("layer_sizes", BUILDS, ids=["-".join(map(str, s)) for s in BUILDS])
def test_build_mlp_has_relu_hidden_layers_and_a_softmax_output(layer_sizes):
    expected = ["relu"] * (len(layer_sizes) - 2) + ["softmax"]
    checks.check_activations(teacher, "build_mlp", built(layer_sizes), expected)


def test_build_mlp_is_compiled_as_in_ex5_4():
    checks.check_compiled_like_ex5_4(teacher, "build_mlp", built(BUILDS[0]))


# --- widths_for_budget -------------------------------------------------------------------------

def count_at(inputs, outputs, depth_, width):
    return count_by_formula([inputs] + [width] * depth_ + [outputs])


def widest_within(count, budget):
    """The largest width w >= 1 whose count(w) is at most the budget (1 if even count(1) is over)."""
    width = 1
    while count(width + 1) <= budget:
        width += 1
    return width


def nearest(count, budget):
    """The width whose count(w) is nearest the budget; a tie goes to the smaller width."""
    width = widest_within(count, budget)
    return width + 1 if abs(count(width + 1) - budget) < abs(count(width) - budget) else width


def closest_width(inputs, outputs, depth_, budget):
    """The judge's answer."""
    return nearest(lambda w: count_at(inputs, outputs, depth_, w), budget)


def is_tie(inputs, outputs, depth_, budget):
    width = closest_width(inputs, outputs, depth_, budget)
    below, above = count_at(inputs, outputs, depth_, width), count_at(inputs, outputs, depth_, width + 1)
    return below < budget < above and budget - below == above - budget


def widths(inputs, outputs, depth_, budget):
    """The learner's widths, checked to be `depth_` equal whole numbers >= 1."""
    found = depth.widths_for_budget(inputs, outputs, depth_, budget)
    call = f"widths_for_budget({inputs}, {outputs}, {depth_}, {budget})"
    values = list(found) if isinstance(found, (list, tuple, np.ndarray)) else None
    ok = (values is not None and len(values) == depth_
          and all(isinstance(v, numbers.Integral) and not isinstance(v, bool) and v >= 1 for v in values)
          and len(set(values)) <= 1)
    teacher.expect(ok, "widths_for_budget", f"{call} should return a list of {depth_} equal whole "
                   "widths, each at least 1", found,
                   "the study compares networks whose hidden layers all have the same width; one "
                   "entry per hidden layer, so that [784, *widths, 10] is a layer_sizes list.")
    return int(values[0])


# Every budget from 0 to a little beyond width 10, for four shapes of network.
SMALL = [(2, 1, 1), (3, 2, 2), (5, 3, 3), (4, 10, 4)]


def small_budgets(inputs, outputs, depth_):
    return range(0, count_at(inputs, outputs, depth_, 10) + 5)


def mistakes(inputs, outputs, depth_, budget):
    """Widths a learner might give instead, by name."""
    def count(w):
        return count_at(inputs, outputs, depth_, w)

    def weights_only(w):
        return inputs * w + (depth_ - 1) * w * w + w * outputs

    rounded_down = widest_within(count, budget)
    rounded_up = rounded_down + (count(rounded_down) < budget)
    return {"rounded down: the largest width that stays within the budget, even when the next "
            "width comes closer": rounded_down,
            "rounded up: the smallest width that reaches the budget, even when the width below "
            "comes closer": rounded_up,
            "biases left out of the count": nearest(weights_only, budget)}


@pytest.mark.parametrize("shape", SMALL, ids=[f"{i}-in-{o}-out-depth-{d}" for i, o, d in SMALL])
def test_widths_come_closest_to_the_budget(shape):
    wrong = []
    for budget in small_budgets(*shape):
        if is_tie(*shape, budget):
            continue
        found, expected = widths(*shape, budget), closest_width(*shape, budget)
        if found != expected:
            wrong.append((budget, found, expected))
    inputs, outputs, depth_ = shape
    shown = "; ".join(f"budget {b}: width {f} ({count_at(inputs, outputs, depth_, f)} parameters), "
                      f"expected {e} ({count_at(inputs, outputs, depth_, e)})" for b, f, e in wrong[:3])
    named = [recognise(f, mistakes(*shape, b)) for b, f, _ in wrong]
    teacher.expect(not wrong, "widths_for_budget",
                   f"the closest width for every budget from 0 to {small_budgets(*shape)[-1]} "
                   f"({inputs} inputs, {outputs} outputs, depth {depth_})",
                   f"{len(wrong)} wrong, e.g. {shown}", CLOSEST,
                   looks_like=named[0] if wrong and len(set(named)) == 1 else None)


def test_ties_go_to_the_smaller_width():
    ties = [(shape, budget) for shape in SMALL for budget in small_budgets(*shape) if is_tie(*shape, budget)]
    assert len(ties) >= 10  # the rule is exercised on many budgets, not one
    for shape, budget in ties:
        found, expected = widths(*shape, budget), closest_width(*shape, budget)
        inputs, outputs, depth_ = shape
        teacher.expect(found == expected, "widths_for_budget",
                       f"width {expected} for widths_for_budget({inputs}, {outputs}, {depth_}, {budget}): "
                       f"widths {expected} and {expected + 1} hold {count_at(*shape, expected)} and "
                       f"{count_at(*shape, expected + 1)} parameters, equally far from the budget",
                       f"width {found}", TIE,
                       looks_like="the tie given to the larger width" if found == expected + 1 else None)


@pytest.mark.parametrize("budget", [1_000, 50_000, 100_000, 1_000_000])
def test_widths_for_mnist_sized_budgets(budget):
    for depth_ in (1, 2, 3, 5):
        found, expected = widths(784, 10, depth_, budget), closest_width(784, 10, depth_, budget)
        teacher.expect(found == expected, "widths_for_budget",
                       f"width {expected} ({count_at(784, 10, depth_, expected):,} parameters) for "
                       f"widths_for_budget(784, 10, {depth_}, {budget:,})",
                       f"width {found} ({count_at(784, 10, depth_, found):,} parameters)", CLOSEST,
                       looks_like=recognise(found, mistakes(784, 10, depth_, budget)))


# --- compare_depths: the study -----------------------------------------------------------------

BUDGET = 50_000  # widths 63 (depth 1) and 55, 55, 55 (depth 3)

# The reference, test accuracy after 3 epochs of batch 128 on the first 10,000 images, per
# seed, measured with `python benchmarks/depth_study.py --seeds 0 1 2 3 4 5 6 7 8 9` on a
# 2-core x86-64 VM (benchmarks/results/bonus_depth_seeds.txt):
#                              depth 1 (63 units)                depth 3 (55 x 3)
#   TF 2.21 / Keras 3.15:  min 0.9008 mean 0.9086        min 0.8301 mean 0.8959
#   TF 2.15 / Keras 2.15:  min 0.8988 mean 0.9082        min 0.8234 mean 0.8886
#   Keras 3.15 on JAX:     min 0.8946 mean 0.9076        min 0.8727 mean 0.8971
# The deep network's last epoch sometimes overshoots (seed 2 on TF 2.21, 7 on TF 2.15). The
# threshold sits 0.073 below the worst of the 60 runs.
ACCURACY_THRESHOLD = 0.75
# The judge's rerun and the reference agree to 0.0000 in all 30 seed runs above, and so do
# the gallery's correct variants; forcing different rounding (TF_ENABLE_ONEDNN_OPTS=0, one
# thread or two) moved an accuracy by at most 0.0004 in 24 runs on TF 2.21 and 2.15. The
# tolerance is 7 times that; setting the seed once instead of before each model moves the
# deep network's accuracy by 0.0045 (seed 0, TF 2.21), reporting the training accuracy by 0.011.
TOLERANCE = 0.003


def checked_study(result, depths_):
    """The learner's study result, checked before the judge trains anything."""
    expected_keys = sorted(depths_)
    ok = isinstance(result, dict) and sorted(result, key=str) == sorted(expected_keys, key=str) \
        and all(isinstance(k, numbers.Integral) and not isinstance(k, bool) for k in result)
    teacher.expect(ok, "compare_depths", f"a dict with one entry per depth, keys {expected_keys}",
                   result, "compare_depths maps each depth (an int) to the test accuracy of the "
                   "network of that depth.",
                   looks_like="keys written as strings" if isinstance(result, dict)
                   and sorted(map(str, result)) == sorted(map(str, expected_keys)) else None)
    values = {int(k): v for k, v in result.items()}
    good = all(isinstance(v, numbers.Real) and not isinstance(v, bool) and 0.0 <= float(v) <= 1.0
               for v in values.values())
    teacher.expect(good, "compare_depths", "accuracies: numbers between 0 and 1", result,
                   "the accuracy is the share of the 10,000 test images classified correctly.",
                   looks_like="percentages instead of shares" if all(
                       isinstance(v, numbers.Real) and 1.0 < float(v) <= 100.0 for v in values.values())
                   else None)
    return {k: float(v) for k, v in values.items()}


def study(budget, **arguments):
    """The learner's study, run once per session for each set of arguments, and checked."""
    result = lesson_runs.depth_study(budget, **arguments)
    return checked_study(result, arguments.get("depths", (1, 3)))


def rerun(budget, depths_, train_size, epochs, seed):
    """The judge's own study: its own widths, its own models."""
    def run():
        return {d: dense_stacks.study_accuracy([784] + [closest_width(784, 10, d, budget)] * d + [10],
                                               train_size, epochs, seed) for d in depths_}
    return shared(f"bonus_depth rerun {budget} {tuple(depths_)} {train_size} {epochs} {seed}", run)


def check_agreement(found, expected, call):
    far = {d: (found[d], expected[d]) for d in expected if abs(found[d] - expected[d]) > TOLERANCE}
    teacher.expect(not far, "compare_depths",
                   f"{call}: test accuracies within {TOLERANCE} of the judge's rerun of the same study, "
                   + ", ".join(f"depth {d}: {a:.4f}" for d, a in expected.items()),
                   ", ".join(f"depth {d}: {a:.4f}" for d, a in found.items()),
                   STUDY + " If widths_for_budget or build_mlp fail their tests, fix them first.")


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_the_study_matches_the_judges_rerun():
    seed = training.seed()
    found = study(BUDGET, seed=seed)
    check_agreement(found, rerun(BUDGET, (1, 3), 10_000, 3, seed), f"compare_depths({BUDGET:,}, seed={seed})")


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_both_depths_learn():
    found = study(BUDGET, seed=training.seed())
    low = {d: a for d, a in found.items() if a < ACCURACY_THRESHOLD}
    teacher.expect(not low, "compare_depths",
                   f"a test accuracy of at least {ACCURACY_THRESHOLD} for both depths after 3 "
                   f"epochs on 10,000 images (the reference reaches 0.82-0.92)",
                   ", ".join(f"depth {d}: {a:.4f}" for d, a in found.items()), STUDY)


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_the_study_honours_its_arguments():
    arguments = dict(depths=(2,), train_size=2_000, epochs=1, seed=training.seed() + 1)
    found = study(20_000, **arguments)
    check_agreement(found, rerun(20_000, (2,), 2_000, 1, arguments["seed"]),
                    f"compare_depths(20,000, depths=(2,), train_size=2,000, epochs=1, seed={arguments['seed']})")
