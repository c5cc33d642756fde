"""A worker's first steps: enter the sandbox, then serve (worker side).

The judge starts ``python -I -c "...; from kata.worker.boot import main; main()" CONFIG``
where CONFIG is a JSON document (see ``kata.worker.client``). Until the
sandbox is in place only the standard library and ``kata.worker.sandbox``
are imported; the first message on the answers pipe, sent before any
learner code exists in this process, says what protection is in effect.
"""

from __future__ import annotations

import faulthandler
import json
import os
import signal
import sys


def main() -> None:
    config = json.loads(sys.argv[1])
    sys.dont_write_bytecode = True
    # The judge's libraries (a virtual environment, PYTHONPATH), given explicitly: -I ignores
    # the environment, so nothing else about the judge's shell reaches this process.
    sys.path[1:1] = [entry for entry in config.get("path", []) if entry not in sys.path]
    # The judge reads answers on our stdout and sends requests on our stdin: keep both
    # on private descriptors, and let print() and the C libraries write to stderr instead.
    answers, commands = os.dup(1), os.dup(0)
    os.dup2(2, 1)
    nothing = os.open(os.devnull, os.O_RDONLY)
    os.dup2(nothing, 0)
    os.close(nothing)
    from kata.worker import sandbox

    sandbox.die_with_parent()
    plan = sandbox.Plan(**config["plan"])
    confinement = sandbox.enter(plan)
    scratch = confinement.scratch
    os.environ.clear()
    os.environ.update(config["env"])
    os.environ.update({"HOME": f"{scratch}/home", "TMPDIR": f"{scratch}/tmp",
                       "MPLCONFIGDIR": f"{scratch}/home/.matplotlib", "KERAS_HOME": f"{scratch}/home/.keras",
                       "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1"})
    if config.get("mnist"):
        os.environ["MNIST_NPZ"] = config["mnist"] if not confinement.namespaces else \
            plan.files.get(config["mnist"], config["mnist"])
    if hasattr(signal, "SIGUSR1"):
        # A timed-out worker is asked for its stack before it is killed: the judge then
        # names the line that was running.
        faulthandler.register(signal.SIGUSR1, file=sys.stderr, all_threads=False)

    from kata.worker import wire

    wire.send(answers, {"op": "hello", "namespaces": confinement.namespaces,
                        "detail": confinement.detail})
    from pathlib import Path

    from kata.worker import serve, trees

    trees.activate(Path(confinement.tree), display=Path(config["display_tree"]))
    if config.get("keras"):  # warm up: most of a Keras exercise's first call is this import
        try:
            from kata import keras_compat

            keras_compat.import_quietly()
        except ImportError:
            pass  # the learner's module will say what is missing when it imports
    if config.get("preload_mnist"):  # read while the judge is busy: the training call needs it
        import threading

        from kata import data

        threading.Thread(target=_quietly, args=(data.prepared_mnist,), daemon=True).start()
    serve.run(commands, answers)


def _quietly(function) -> None:
    """``function()``, its errors left for the call that needs its result to report."""
    try:
        function()
    except Exception:
        pass


if __name__ == "__main__":
    main()
