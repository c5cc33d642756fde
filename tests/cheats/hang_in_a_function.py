"""Cheat: a module whose every function ignores the polite signals and loops forever."""

CHEAT = {"description": "functions that ignore signals and loop forever"}

import signal


def stubborn(*args, **kwargs):
    for name in ("SIGALRM", "SIGTERM", "SIGINT", "SIGHUP"):
        signal.signal(getattr(signal, name), signal.SIG_IGN)
    while True:
        pass


test_inputs = target = relu = hidden = output = input_weights = output_weights = predict = stubborn
