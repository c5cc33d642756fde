"""Arguments changed in place: what the judge makes of the worker's list of changed arrays
(kata.worker.changes), in-process, shape and dtype included."""

import numpy as np
import pytest

from kata.judge.learner import changed_in_place
from kata.worker import changes

pytestmark = [pytest.mark.tooling, pytest.mark.timeout(30)]


def images():
    return np.arange(2 * 28 * 28, dtype=np.uint8).reshape(2, 28, 28)


def test_a_new_shape_is_described_and_mirrored_into_the_callers_array():
    caller = images()
    after = caller.reshape(2, 784).copy()
    found = changes.changed_arguments([caller], {}, [["0", after]], ["images"])
    assert found == {"`images` (argument 1)": "its shape changed from (2, 28, 28) to (2, 784)"}
    assert caller.shape == (2, 784) and np.array_equal(caller, after)


def test_a_new_dtype_of_the_same_item_size_is_described_and_mirrored():
    caller = images()
    after = caller.view(np.int8).copy()
    found = changes.changed_arguments([caller], {}, [["0", after]], [])
    assert found == {"(argument 1)": "its dtype changed from uint8 to int8"}
    assert caller.dtype == np.int8 and np.array_equal(caller, after)


def test_new_values_are_counted_and_a_keyword_argument_named():
    caller = np.array([[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0]])
    after = caller - caller.max(axis=1, keepdims=True)
    found = changes.changed_arguments([], {"z": caller}, [["z", after]], [])
    assert found == {"`z`": "its values changed from [[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0]] to "
                            "[[-1.0, 0.0, -1.5], [-4.0, -3.0, 0.0]]"}
    assert np.array_equal(caller, after)
    big = np.zeros(100)
    changed = big.copy()
    changed[:3] = 1.0
    assert changes.describe([big], {}, "0", changed) == "3 of its 100 values overwritten"


def test_a_change_numpy_cannot_mirror_in_place_is_still_described():
    caller = images()
    after = np.zeros((3, 10), dtype=np.float64)  # another size and item size
    found = changes.changed_arguments([caller], {}, [["0", after]], ["images"])
    assert found == {"`images` (argument 1)": "its shape changed from (2, 28, 28) to (3, 10) and "
                                              "its dtype changed from uint8 to float64"}
    assert caller.shape == (2, 28, 28) and caller.dtype == np.uint8


def test_parameter_names_follow_the_signature():
    def f(a, b, *rest, key=1):
        return a

    assert changes.parameter_names(f, 4) == ["a", "b", "rest[0]", "rest[1]"]
    assert changes.parameter_names(len, 1) in ([], ["obj"])


def test_the_failure_names_the_function_the_argument_and_the_concept():
    message = changed_in_place("ex5_3", "flatten_and_scale",
                               {"`images` (argument 1)": "its shape changed from (2, 28, 28) to (2, 784)"})
    assert message.startswith("ex5_3 `flatten_and_scale`: ")
    assert "`images` (argument 1): its shape changed from (2, 28, 28) to (2, 784)" in message
    assert "changes the caller's data" in message and "Concept:" in message
