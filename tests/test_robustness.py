"""Test code never crashes on what a learner returns: every exercise's tests, run against
trees whose functions all return the same wrong value (None, a string, a 7x7 array),
must each fail with a teaching message that names the exercise, never a traceback
from the test code."""

import ast
import re
from pathlib import Path

import pytest

from kata import catalog
from kata.tools import stubs
from kata.tools.runner import run_tests

pytestmark = [pytest.mark.tooling, pytest.mark.slow, pytest.mark.timeout(1800)]

WRONG_VALUES = {"none": "None", "text": "'not an answer'", "array": "np.full((7, 7), 0.5)"}
CRASH = re.compile(r"(Traceback|\btest_\w+\.py:\d+: in |^E\s{3})", re.MULTILINE)


def module_returning(source: str, value: str) -> str:
    """The stub module's functions, each returning ``value`` whatever it is given."""
    names = [node.name for node in ast.parse(source).body if isinstance(node, ast.FunctionDef)]
    body = "".join(f"\n\ndef {name}(*args, **kwargs):\n    return {value}\n" for name in names)
    return f"import numpy as np\n{body}"


@pytest.mark.parametrize("kind", sorted(WRONG_VALUES))
def test_every_test_words_a_wrong_return_value(kind, tmp_path):
    tree = tmp_path / "tree"
    for exercise in catalog.EXERCISES:
        (tree / exercise.name).mkdir(parents=True)
        (tree / exercise.filename).write_text(module_returning(stubs.pristine(exercise), WRONG_VALUES[kind]))
    run = run_tests(tree, [e.name for e in catalog.EXERCISES], extra_args=["-m", "not full", "--no-cache"])
    assert run.outcomes, run.output[-3000:]
    crashed = [f"{o.case}: {o.message[:300]}" for o in run.failed()
               if not o.message.startswith(o.exercise) or CRASH.search(o.message)]
    assert not crashed, f"{len(crashed)} tests crashed on functions returning {kind}:\n" + "\n".join(crashed)
