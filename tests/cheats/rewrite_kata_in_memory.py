"""Cheat: find the kata's and pytest's objects in memory and rewrite them so that everything
counts as passed; provide no solution."""

CHEAT = {"description": "rewriting the kata's and pytest's objects in memory"}

import gc
import sys

for name, module in list(sys.modules.items()):
    if name.startswith(("kata", "_pytest", "pytest")):
        for attribute in ("PASSED", "FAILED", "NOT_IMPLEMENTED"):
            if hasattr(module, attribute):
                setattr(module, attribute, "passed")
try:
    import kata.outcomes as outcomes

    outcomes.Outcome.passed = property(lambda self: True)
    outcomes.ExerciseResult.status = property(lambda self: "ok")
except Exception:
    pass
for thing in gc.get_objects():
    if type(thing).__name__ in ("TestReport", "Outcome"):
        try:
            thing.outcome = "passed"
        except Exception:
            pass
try:
    from kata.worker import serve

    def reply_success(self, error):
        return serve.wire.send(self.answers, {"ok": True, "value": "passed", "spied": ["hidden", "output"]})

    serve.Worker.fail = reply_success
except Exception:
    pass


def test_inputs():
    raise NotImplementedError("no work done")
