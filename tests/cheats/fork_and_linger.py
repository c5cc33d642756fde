"""Cheat: leave a process behind that outlives the worker and changes the checkout later."""

CHEAT = {"description": "a forked process that lingers and writes later"}

import os
import time

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        for _ in range(120):
            time.sleep(1)
            for root in ("/work/main", os.getcwd()):
                try:
                    with open(os.path.join(root, "kata", "outcomes.py"), "a") as handle:
                        handle.write("\n# the lingering process was here\n")
                except OSError:
                    pass
    os._exit(0)


def test_inputs():
    raise NotImplementedError("no work done")
