"""What a worker may see and use, decided by the judge before the worker starts (judge side).

The sandbox (``kata.worker.sandbox``) shows the worker exactly what this plan
lists: a copy of the solution tree's modules and nothing else of it, the
system, the interpreter and the judge's libraries (read-only), the kata
package, the MNIST file; and an environment scrubbed down to the settings
that change how Keras computes.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence

from kata import catalog

MAX_MODULE_BYTES = 2 << 20
PASSED_ENVIRONMENT = ("KERAS_BACKEND", "CUDA_VISIBLE_DEVICES", "TF_CPP_MIN_LOG_LEVEL",
                      "TF_FORCE_GPU_ALLOW_GROWTH", "XLA_PYTHON_CLIENT_PREALLOCATE",
                      "TF_ENABLE_ONEDNN_OPTS", "OMP_NUM_THREADS", "TF_NUM_INTEROP_THREADS",
                      "TF_NUM_INTRAOP_THREADS", "XLA_FLAGS", "JAX_PLATFORMS", "LANG", "LC_ALL")
MEMORY_SETTING, DEFAULT_MEMORY_MB = "KATA_WORKER_MEMORY_MB", 6144  # per worker
SANDBOX_SETTING = "KATA_SANDBOX"  # "process": no namespaces, for debugging and comparison
@dataclass
class Settings:
    tree: Path  # the solution tree, as the learner knows it
    checkout: Optional[Path] = None  # the judge's checkout (reference/, the tests): never shown



def copy_modules(tree: Path, target: Path) -> None:
    """The tree's exercise modules, and nothing else: no tests, no links, no large files."""
    target.mkdir(parents=True)
    for exercise in catalog.EXERCISES:
        folder = tree / exercise.name
        if not folder.is_dir() or folder.is_symlink():
            continue
        for source in folder.glob("*.py"):
            if source.name.startswith("test_") or source.name == "conftest.py" or source.is_symlink() \
                    or not source.is_file() or source.stat().st_size > MAX_MODULE_BYTES:
                continue
            destination = target / exercise.name / source.name
            destination.parent.mkdir(exist_ok=True)
            shutil.copyfile(source, destination)


def library_paths(settings: Settings) -> List[str]:
    """The judge's import path, for the worker to import from: the interpreter's libraries,
    virtual environments and PYTHONPATH folders, wherever they are; but not the checkout (a
    virtual environment's packages inside it excepted), a folder above it, or anything in
    the solution tree."""
    checkout = settings.checkout.resolve() if settings.checkout else None
    tree = settings.tree.resolve()
    found: List[Path] = []
    for entry in sys.path:
        if not entry or not os.path.exists(entry):
            continue
        real = Path(entry).resolve()
        if real == tree or tree in real.parents:
            continue
        if checkout is not None:
            if real == checkout or real in checkout.parents:
                continue
            if checkout in real.parents and not {"site-packages", "dist-packages"} & set(real.parts):
                continue
        if real not in found:
            found.append(real)
    return [str(path) for path in found]


def readable_paths(package: Path, libraries: Sequence[str]) -> List[str]:
    """What a worker may read: the system, the interpreter and its libraries, and the kata
    package itself; never the checkout around it."""
    return ["/usr", "/etc", "/opt/nvidia", "/usr/local/nvidia", "/usr/local/cuda",  # GPU drivers
            sys.base_prefix, sys.prefix, sys.exec_prefix, str(package), *libraries]
