"""``kata release --gradescope OUT.zip``: an autograder bundle for Gradescope.

Tools side. Why a bundle and not a separate grader: where students already
submit (Gradescope), their work should be graded by the very judge and tests
``kata grade`` uses, so that a grade there and a grade here agree. The zip holds,
at its root, what Gradescope's autograder specification asks for:

    setup.sh          run once when Gradescope builds its image: a virtual
                      environment with the kata and its dependencies, and MNIST
                      (downloaded, unless the bundle carries it)
    run_autograder    run for each submission: grades $ROOT/submission and
                      writes $ROOT/results/results.json (``gradescope_run``)
    dnn-kata/         the kata as a learner copy has it (the ``kata`` package,
                      the exercises' tests and untouched stubs, conftest.py,
                      pyproject.toml; no reference/, no tests/) and
                      gradescope.json: the exercises graded and their points
    mnist.npz         with ``--with-mnist`` only: the training and test arrays

``$ROOT`` is ``/autograder`` on Gradescope, or what the environment variable
``KATA_GRADESCOPE_ROOT`` says (the tests lay out a temporary folder like it).
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Dict, Optional, Sequence

from kata import catalog
from kata.tools import release, stubs
from kata.tools.common import UsageError, write_atomically
from kata.tools.grading import config as grading_config

ROOT_VAR = "KATA_GRADESCOPE_ROOT"
DEFAULT_ROOT = "/autograder"
SOURCE = "dnn-kata"  # the kata's folder inside the bundle, so $ROOT/source/dnn-kata
SETTINGS = "gradescope.json"
MNIST = "mnist.npz"
PYTHON_VAR = "KATA_PYTHON"  # the interpreter run_autograder uses (default: setup.sh's venv)

SETUP = f"""#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image
# (written by `kata release --gradescope`).
set -euo pipefail
ROOT="${{{ROOT_VAR}:-{DEFAULT_ROOT}}}"
apt-get update && apt-get install -y python3 python3-venv python3-pip
python3 -m venv "$ROOT/venv"
"$ROOT/venv/bin/python" -m pip install --upgrade pip
"$ROOT/venv/bin/python" -m pip install -e "$ROOT/source/{SOURCE}"
if [ ! -f "$ROOT/source/{MNIST}" ]; then
  # MNIST once, through Keras's own download, kept beside the kata for every run.
  "$ROOT/venv/bin/python" -c "import shutil, keras; keras.datasets.mnist.load_data(); \\
from kata import data; shutil.copyfile(data.npz_path(), '$ROOT/source/{MNIST}')"
fi
"""

RUN = f"""#!/usr/bin/env bash
# Gradescope runs this for each submission (written by `kata release --gradescope`):
# the kata's judge grades $ROOT/submission into $ROOT/results/results.json.
ROOT="${{{ROOT_VAR}:-{DEFAULT_ROOT}}}"
export {ROOT_VAR}="$ROOT" TF_CPP_MIN_LOG_LEVEL=3
if [ -f "$ROOT/source/{MNIST}" ]; then export MNIST_NPZ="$ROOT/source/{MNIST}"; fi
cd "$ROOT/source/{SOURCE}"
exec "${{{PYTHON_VAR}:-$ROOT/venv/bin/python}}" -m kata.tools.grading.gradescope_run
"""


def add_arguments(parser) -> None:
    """The options of ``kata release`` that build the bundle (kept beside their use)."""
    parser.add_argument("--gradescope", metavar="ZIP", help="instead of a learner copy, write "
                        "Gradescope's autograder bundle (setup.sh, run_autograder, the kata) to ZIP")
    parser.add_argument("--exercises", metavar="LIST", help="with --gradescope: the exercises the "
                        "assignment grades, comma-separated (default: all, or grading.toml's [points])")
    parser.add_argument("--with-mnist", action="store_true", help="with --gradescope: put MNIST's "
                        "training and test arrays in the bundle (else setup.sh downloads them)")
    parser.add_argument("--config", metavar="FILE", help="with --gradescope: points per exercise "
                        "and time limit (default: grading.toml in the repository, if any)")


def settings_for(names: Optional[Sequence[str]], config_path: Optional[Path]) -> dict:
    """What the bundle grades: exercises in the catalogue's order, points, time limit."""
    settings = grading_config.load(config_path).narrowed(names)
    return {"exercises": list(settings.points), "points": dict(settings.points),
            "timeout": settings.timeout, "config": settings.described}


def _mnist_bytes() -> bytes:
    """The four arrays, and nothing else, as an .npz (from the file the kata reads)."""
    import numpy as np

    from kata import data

    path = data.npz_path()
    if path is None:
        raise UsageError(f"--with-mnist needs MNIST here first.\n{data.HOW_TO_PROVIDE}")
    try:
        arrays = data.validate(data.read_npz(path), str(path))
    except data.MnistUnavailable as error:
        raise UsageError(str(error)) from None
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()


def bundle_files(root: Path, settings: dict, with_mnist: bool) -> Dict[str, bytes]:
    """Every file of the bundle: its path in the zip -> content."""
    files: Dict[str, bytes] = {"setup.sh": SETUP.encode(), "run_autograder": RUN.encode()}
    for relative in release.copied_files(root):
        files[f"{SOURCE}/{relative.as_posix()}"] = (root / relative).read_bytes()
    pyproject = (root / "pyproject.toml").read_text(encoding="utf-8")
    files[f"{SOURCE}/pyproject.toml"] = release.learner_pyproject(pyproject).encode()
    readme = (root / "README.md").read_text(encoding="utf-8")  # pyproject.toml names it
    files[f"{SOURCE}/README.md"] = release.learner_readme(readme).encode()
    for exercise in catalog.EXERCISES:
        files[f"{SOURCE}/exercises/{exercise.filename}"] = stubs.pristine(exercise).encode()
    files[f"{SOURCE}/{SETTINGS}"] = json.dumps(settings, indent=2).encode()
    if with_mnist:
        files[MNIST] = _mnist_bytes()
    return files


def write_bundle(root: Path, target: Path, settings: dict, with_mnist: bool = False) -> int:
    """Write the zip (through a temporary file); return how many files it holds."""
    if target.suffix.lower() != ".zip":
        raise UsageError(f"{target}: Gradescope takes the autograder as a .zip; name it OUT.zip")
    if not target.parent.is_dir():
        raise UsageError(f"{target.parent}: no such folder")
    resolved = target.resolve()
    if resolved.parent == root or root in resolved.parents:
        raise UsageError(f"{target} is inside this repository; write the bundle outside it")
    files = bundle_files(root, settings, with_mnist)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            executable = name in ("setup.sh", "run_autograder")
            info.external_attr = (0o755 if executable else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    write_atomically(target, buffer.getvalue())
    return len(files)


def wanted(args) -> bool:
    """Whether ``kata release`` builds the bundle; UsageError for options that go with it
    but came without it, and for neither a folder nor a zip."""
    if args.gradescope:
        return True
    if args.exercises or args.with_mnist or args.config or not args.outdir:
        raise UsageError("name the learner copy's folder (kata release OUTDIR), or the bundle "
                         "(kata release --gradescope OUT.zip); --exercises, --with-mnist and "
                         "--config go with --gradescope")
    return False


def command(args, root: Path) -> int:
    """``kata release --gradescope ZIP``: build the bundle and say what it grades."""
    names = [n.strip() for n in args.exercises.split(",") if n.strip()] if args.exercises else None
    if args.exercises is not None and not names:
        raise UsageError("--exercises needs at least one exercise name, as ex5_1,ex5_2")
    settings = settings_for(names, Path(args.config).expanduser() if args.config else None)
    target = Path(args.gradescope).expanduser()
    count = write_bundle(root, target, settings, args.with_mnist)
    points = ", ".join(f"{name} {value:g}" for name, value in settings["points"].items())
    print(f"Wrote Gradescope's autograder bundle to {target}: {count} files.")
    print(f"It grades {points} (points from {settings['config']}); MNIST "
          f"{'is in the bundle' if args.with_mnist else 'is downloaded by setup.sh'}.")
    print("Upload it as the assignment's autograder (Configure Autograder > Zip file upload); "
          "students submit their exercise folders, the modules alone, or a zip.")
    return 0
