"""The MNIST loader: the real file when we have it, and every way a file can be wrong."""

import os

import numpy as np
import pytest

from kata import data

pytestmark = pytest.mark.timeout(60)

# A miniature spec, so that bad-input tests need no 50 MB arrays.
TINY = {name: (shape, "uint8", None) for name, shape in
        {"x_train": (3, 2, 2), "y_train": (3,), "x_test": (2, 2, 2), "y_test": (2,)}.items()}


def tiny_arrays():
    rng = np.random.default_rng(0)
    return {name: rng.integers(0, 255, size=shape, dtype=np.uint8)
            for name, (shape, _, _) in TINY.items()}


def spec_for(arrays):
    import hashlib
    return {name: (a.shape, "uint8", hashlib.sha256(a.tobytes()).hexdigest())
            for name, a in arrays.items()}


def test_a_good_file_loads(tmp_path):
    arrays = tiny_arrays()
    np.savez(tmp_path / "m.npz", **arrays)
    loaded = data.load_npz(tmp_path / "m.npz", spec_for(arrays))
    assert np.array_equal(loaded.x_train, arrays["x_train"])


def test_a_missing_path_says_how_to_provide_the_data(tmp_path):
    with pytest.raises(data.MnistUnavailable, match="no such file") as error:
        data.load_npz(tmp_path / "absent.npz")
    assert "MNIST_NPZ" in str(error.value) and "load_data" in str(error.value)


def test_a_folder_is_not_a_file(tmp_path):
    with pytest.raises(data.MnistUnavailable, match="not a file"):
        data.load_npz(tmp_path)


def test_a_file_that_is_not_an_npz(tmp_path):
    (tmp_path / "m.npz").write_text("hello")
    with pytest.raises(data.MnistUnavailable, match="not an .npz archive"):
        data.load_npz(tmp_path / "m.npz")


def test_missing_arrays_are_named(tmp_path):
    arrays = tiny_arrays()
    np.savez(tmp_path / "m.npz", x_train=arrays["x_train"])
    with pytest.raises(data.MnistUnavailable, match="y_train, x_test, y_test are missing"):
        data.load_npz(tmp_path / "m.npz", spec_for(arrays))


def test_a_wrong_shape_or_dtype_is_refused(tmp_path):
    arrays = tiny_arrays()
    spec = spec_for(arrays)
    arrays["y_test"] = arrays["y_test"].astype(np.int64)
    np.savez(tmp_path / "m.npz", **arrays)
    with pytest.raises(data.MnistUnavailable, match="y_test is int64"):
        data.load_npz(tmp_path / "m.npz", spec)


def test_a_hash_mismatch_is_refused(tmp_path):
    arrays = tiny_arrays()
    spec = spec_for(arrays)
    arrays["x_test"][0, 0, 0] ^= 1  # one bit of one pixel
    np.savez(tmp_path / "m.npz", **arrays)
    with pytest.raises(data.MnistUnavailable, match="x_test has the right shape but the wrong content"):
        data.load_npz(tmp_path / "m.npz", spec)


def test_no_download_under_ci(monkeypatch):
    monkeypatch.delenv("MNIST_NPZ", raising=False)
    monkeypatch.setenv("CI", "true")
    data.load_mnist.cache_clear()
    try:
        with pytest.raises(data.MnistUnavailable, match="downloads are off under CI"):
            data.load_mnist()
    finally:
        data.load_mnist.cache_clear()


def test_the_environment_variable_is_used(monkeypatch, tmp_path):
    arrays = tiny_arrays()
    np.savez(tmp_path / "m.npz", **arrays)
    monkeypatch.setenv("MNIST_NPZ", str(tmp_path / "m.npz"))
    data.load_mnist.cache_clear()
    try:
        # The tiny file is not MNIST, so the full check must refuse it.
        with pytest.raises(data.MnistUnavailable, match="not the standard MNIST split"):
            data.load_mnist()
    finally:
        data.load_mnist.cache_clear()


def test_the_local_copy_is_real_mnist():
    """Runs where MNIST_NPZ is set, as in CI; this test never downloads."""
    if not os.environ.get("MNIST_NPZ"):
        pytest.skip("MNIST_NPZ is not set")
    mnist = data.load_mnist()
    assert mnist.x_train.shape == (60000, 28, 28) and mnist.y_test.shape == (10000,)
    assert sorted(np.unique(mnist.y_train)) == list(range(10))
