"""What every ``kata`` command shares: where things are, bad input, and the kata's own state.

Runs on the tools' side: nothing here imports learner code.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Union

from kata import catalog
from kata.tools.runner import REPO_ROOT

STATE_DIR = REPO_ROOT / ".kata"  # git-ignored: the board's cache and the hints shown so far
EXERCISES = REPO_ROOT / "exercises"
# Text for instructors only, in any Markdown file of the kata (README, an exercise's README
# or hints): `kata release` and the notebooks leave it out. The markers also work inside a
# sentence.
INSTRUCTORS_ONLY = re.compile(r"<!-- instructors-only -->.*?<!-- /instructors-only -->\n?", re.DOTALL)


def learner_text(text: str) -> str:
    """``text`` without its instructors-only parts."""
    return INSTRUCTORS_ONLY.sub("", text)


class UsageError(Exception):
    """Bad input: reported on one line, exit status 2."""


class Parser(argparse.ArgumentParser):
    """argparse, with its errors on one line (and no usage block) like the kata's own."""

    def error(self, message: str):
        print(f"kata: {message} (see `{self.prog} --help`)", file=sys.stderr)
        sys.exit(2)


def one_line(message: str) -> str:
    """A multi-line error (an import failure with its source excerpt) as one line:
    the first line, the error itself, and the line number when there is one."""
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    if len(lines) <= 1:
        return " ".join(lines)
    where = re.search(r"line (\d+)", message)
    at = f" (line {where.group(1)})" if where and f"line {where.group(1)}" not in lines[-1] else ""
    return f"{lines[0]} {lines[-1]}{at}"


def shown(path: Path) -> str:
    """``path`` relative to the current folder when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def exercise_named(name: str) -> catalog.Exercise:
    try:
        return catalog.get(name)
    except KeyError as error:
        raise UsageError(error.args[0]) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path: Path, content: Union[str, bytes]) -> None:
    """Write ``content`` to ``path`` through a temporary file in the same folder and
    ``os.replace``, so that an interruption leaves the old file or the new one, never half."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if isinstance(content, str):
            content = content.encode("utf-8")
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp's 0600 would hide it from other users
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


def load_state(name: str) -> dict:
    path = STATE_DIR / f"{name}.json"
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def save_state(name: str, state: dict) -> None:
    STATE_DIR.mkdir(exist_ok=True)
    write_atomically(STATE_DIR / f"{name}.json", json.dumps(state, indent=2, sort_keys=True))


def copy_checkout(root: Path, target: Path) -> Path:
    """A copy of the checkout at ``root``: its tracked files and the new ones git does not
    ignore (or, outside git, what the kata needs). For the maintainers' tests and benchmarks,
    which must never touch the real one."""
    import shutil
    import subprocess

    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"],
                            cwd=root, capture_output=True, text=True)
    files = [name for name in listed.stdout.split() if (root / name).is_file()]
    if not files:  # not a git checkout
        files = [str(p.relative_to(root)) for folder in ("kata", "exercises", "reference")
                 for p in (root / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        files += ["conftest.py", "pyproject.toml"]
    for name in files:
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / name, target / name)
    return target
