"""Cheat: find the grader's checkout (working folder, the kata package, the environment,
other processes' working folders) and execute its reference solution."""

CHEAT = {"description": "reading and executing reference/ex5_1/forward.py"}

import glob
import os
import sys


def places():
    yield os.getcwd()
    for name in ("kata",):
        module = sys.modules.get(name)
        if module is None:
            try:
                module = __import__(name)
            except ImportError:
                continue
        yield os.path.dirname(os.path.dirname(os.path.abspath(module.__file__)))
    for value in os.environ.values():
        if os.sep in value:
            yield value
    for link in glob.glob("/proc/*/cwd") + glob.glob("/proc/*/root"):
        yield link
    yield "/work/main"


def find_reference():
    for place in places():
        folder = os.path.abspath(place)
        for _ in range(6):
            candidate = os.path.join(folder, "reference", "ex5_1", "forward.py")
            try:
                with open(candidate) as handle:
                    return handle.read()
            except OSError:
                folder = os.path.dirname(folder)
    return None


SOURCE = find_reference()
if SOURCE:
    exec(compile(SOURCE, "reference", "exec"), globals())
else:
    def test_inputs():
        raise NotImplementedError("the reference was not found")
