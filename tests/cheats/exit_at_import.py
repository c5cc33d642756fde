"""Cheat: end the process as soon as the module is imported, hoping for an empty, 'clean' run."""

CHEAT = {"description": "os._exit(0) at import"}

import os

os._exit(0)
