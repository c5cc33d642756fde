"""Cheat: ignore every signal that asks politely, then never finish importing."""

CHEAT = {"description": "SIGALRM/SIGTERM/SIGINT ignored, endless loop at import"}

import signal

for name in ("SIGALRM", "SIGTERM", "SIGINT", "SIGHUP", "SIGUSR1", "SIGXCPU"):
    signal.signal(getattr(signal, name), signal.SIG_IGN)

while True:
    pass
