"""Cheat: write into the grader's checkout (a test file and the kata package) so that this
and every later grade passes; provide no solution."""

CHEAT = {"description": "writing into the grader's checkout"}

import os
import sys

PASSING_TEST = "def test_everything_passes():\n    assert True\n"


def roots():
    import kata

    package = os.path.dirname(os.path.abspath(kata.__file__))
    yield os.path.dirname(package)
    yield os.getcwd()


for root in roots():
    for relative, text in (("exercises/ex5_1/test_forward.py", PASSING_TEST),
                           ("kata/outcomes.py", "PASSED = 'passed'\n"),
                           ("kata/judge/testing.py", "\n# changed by a submission\n"),
                           ("conftest.py", "\n")):
        try:
            with open(os.path.join(root, relative), "a") as handle:
                handle.write(text)
        except OSError:
            pass


def test_inputs():
    raise NotImplementedError("no work done")
