"""MNIST, loaded once per process, checked before anyone trains on it.

Where the data comes from:

1. ``MNIST_NPZ=/path/to/mnist.npz`` in the environment: that file, always.
   This is how CI and offline machines work; nothing is downloaded.
2. Otherwise ``keras.datasets.mnist.load_data()``, which reads Keras's cache
   (``~/.keras/datasets/mnist.npz``) or downloads the data once. Under CI
   (``CI`` set) this fallback is refused, so that a test run never touches
   the network there.

Either way the arrays are checked against the published shapes, dtypes and
SHA-256 content hashes, so a truncated or doctored file fails loudly instead
of producing a mysteriously low accuracy.
"""

from __future__ import annotations

import functools
import hashlib
import os
import threading
import zipfile
from pathlib import Path
from typing import Mapping, NamedTuple, Optional, Tuple

import numpy as np

ENV_VAR = "MNIST_NPZ"

# array name -> (shape, dtype, sha256 of array.tobytes()); from ../shared/data/README.md
MNIST_SPEC: Mapping[str, Tuple[Tuple[int, ...], str, str]] = {
    "x_train": ((60000, 28, 28), "uint8",
                "741c988805d008ac6e4c904b69001ba184c24b2c540a4ef403f4c71b676cf757"),
    "y_train": ((60000,), "uint8",
                "1feba77c54802fa5339a11837ea4b2866434b83314ec45192930f1df69120c13"),
    "x_test": ((10000, 28, 28), "uint8",
               "6d87418db22cc8025d05968bec9bd5c3932904b23485740db143a061a2c9d161"),
    "y_test": ((10000,), "uint8",
               "ddeff807876a9661a1110d45c266c86239a3a1b7d37da0c3716a7a683c852ff5"),
}

HOW_TO_PROVIDE = (
    "To provide MNIST, either\n"
    "  - let Keras download it once: python -c \"import keras; keras.datasets.mnist.load_data()\"\n"
    "    (it is cached in ~/.keras/datasets/mnist.npz), or\n"
    "  - point MNIST_NPZ at a local copy: export MNIST_NPZ=/path/to/mnist.npz\n"
    "    (arrays x_train, y_train, x_test, y_test, as Keras stores them)."
)


class MnistUnavailable(RuntimeError):
    """MNIST could not be had, or what was found is not MNIST."""


class Mnist(NamedTuple):
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray


def remember_failures(function):
    """Like functools.lru_cache for a function of no arguments, but a raised
    MnistUnavailable is remembered too: a failed download is tried once per
    process, not once per test. Thread-safe: a worker may start reading MNIST in the
    background before the call that needs it arrives."""
    outcome = []
    lock = threading.Lock()

    @functools.wraps(function)
    def wrapper():
        with lock:
            if not outcome:
                try:
                    outcome.append((True, function()))
                except MnistUnavailable as error:
                    outcome.append((False, error))
        ok, value = outcome[0]
        if not ok:
            raise value
        return value

    wrapper.cache_clear = outcome.clear
    return wrapper


def npz_path() -> Optional[Path]:
    """The file MNIST is read from: ``MNIST_NPZ``, else Keras's cached download once it
    exists (a worker, which has no network, is given this file to read)."""
    path = os.environ.get(ENV_VAR)
    if path:
        return Path(path).expanduser().resolve()
    cached = Path(os.environ.get("KERAS_HOME", Path.home() / ".keras")).expanduser() / "datasets" / "mnist.npz"
    return cached.resolve() if cached.is_file() else None


def source() -> str:
    """Where MNIST would be read from now, as a line that changes when that changes: the
    file with its size and modification time, or "none" while there is no file yet."""
    path = npz_path()
    try:
        found = path.stat() if path is not None else None
    except OSError:
        found = None
    return "none" if found is None else f"{path}:{found.st_size}:{found.st_mtime_ns}"


@remember_failures
def load_mnist() -> Mnist:
    """The checked MNIST split, read once per process."""
    path = os.environ.get(ENV_VAR)
    if path:
        return load_npz(path)
    if os.environ.get("CI"):
        raise MnistUnavailable(
            f"{ENV_VAR} is not set and downloads are off under CI (CI is set). "
            f"Set {ENV_VAR} to the shared copy, for example "
            f"{ENV_VAR}=../shared/data/mnist.npz.\n{HOW_TO_PROVIDE}"
        )
    return _load_from_keras()


def _load_from_keras() -> Mnist:
    from kata import quiet

    quiet.environment()
    try:
        import keras

        quiet.tensorflow_logs()
        (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    except Exception as error:  # no network, a broken cache, ...
        raise MnistUnavailable(
            f"Keras could not load MNIST ({type(error).__name__}: {error}).\n{HOW_TO_PROVIDE}"
        ) from None
    arrays = {"x_train": x_train, "y_train": y_train, "x_test": x_test, "y_test": y_test}
    return Mnist(**validate(arrays, "keras.datasets.mnist.load_data()"))


def load_npz(path, spec: Mapping[str, Tuple[Tuple[int, ...], str, str]] = MNIST_SPEC) -> Mnist:
    """Read and check an ``.npz`` in Keras's MNIST layout."""
    arrays = read_npz(path, spec)
    return Mnist(**validate(arrays, str(path), spec))


def read_npz(path, spec: Mapping[str, Tuple[Tuple[int, ...], str, str]] = MNIST_SPEC) -> dict:
    """The arrays named in ``spec`` from the ``.npz`` at ``path``, or MnistUnavailable."""
    where = f"{ENV_VAR}={path}"
    file = Path(path).expanduser()
    if not file.exists():
        raise MnistUnavailable(f"{where}: no such file.\n{HOW_TO_PROVIDE}")
    if not file.is_file():
        raise MnistUnavailable(f"{where}: not a file.\n{HOW_TO_PROVIDE}")
    if not zipfile.is_zipfile(file):
        raise MnistUnavailable(
            f"{where}: not an .npz archive (an .npz is a zip of .npy arrays).\n{HOW_TO_PROVIDE}"
        )
    try:
        with np.load(file, allow_pickle=False) as archive:
            missing = [name for name in spec if name not in archive.files]
            if missing:
                raise MnistUnavailable(
                    f"{where}: arrays {', '.join(missing)} are missing "
                    f"(found {', '.join(archive.files) or 'none'}).\n{HOW_TO_PROVIDE}"
                )
            return {name: archive[name] for name in spec}
    except MnistUnavailable:
        raise
    except Exception as error:  # a damaged member, pickled objects, ...
        raise MnistUnavailable(
            f"{where}: could not be read ({type(error).__name__}: {error}).\n{HOW_TO_PROVIDE}"
        ) from error


def validate(arrays: Mapping[str, np.ndarray], source: str,
             spec: Mapping[str, Tuple[Tuple[int, ...], str, str]] = MNIST_SPEC) -> dict:
    """Check shapes, dtypes and content hashes; return the arrays as a dict."""
    for name, (shape, dtype, digest) in spec.items():
        array = arrays[name]
        if array.shape != shape or array.dtype != np.dtype(dtype):
            raise MnistUnavailable(
                f"{source}: {name} is {array.dtype}{list(array.shape)}, "
                f"expected {dtype}{list(shape)}; this is not the standard MNIST split."
            )
        found = hashlib.sha256(np.ascontiguousarray(array).tobytes()).hexdigest()
        if found != digest:
            raise MnistUnavailable(
                f"{source}: {name} has the right shape but the wrong content "
                f"(sha256 {found[:12]}..., expected {digest[:12]}...). "
                f"The file is damaged or not the standard MNIST; fetch a fresh copy."
            )
    return dict(arrays)


class Prepared(NamedTuple):
    """MNIST as the Keras exercises consume it, prepared by the kata itself, so that
    a bug in the learner's ex5_3 never leaks into the tests of later exercises."""

    x_train: np.ndarray  # (60000, 784) float32 in [0, 1]
    y_train: np.ndarray  # (60000, 10) float32 one-hot
    x_test: np.ndarray
    y_test: np.ndarray


@remember_failures
def prepared_mnist() -> Prepared:
    raw = load_mnist()

    def images(x):
        return x.reshape(len(x), -1).astype(np.float32) / np.float32(255)

    def labels(y):
        return np.eye(10, dtype=np.float32)[y]

    return Prepared(images(raw.x_train), labels(raw.y_train), images(raw.x_test), labels(raw.y_test))
