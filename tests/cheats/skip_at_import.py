"""Cheat: skip the whole test module from the inside, hoping skipped tests are not counted."""

CHEAT = {"description": "pytest.skip(allow_module_level=True) at import"}

import pytest

pytest.skip("nothing to grade here", allow_module_level=True)
