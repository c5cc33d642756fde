"""How much does the test harness add to training? pytest vs a bare Keras script.

    python benchmarks/bench_ex5_4.py [--repeat 3]

Times, in the same run and on the same machine, (a) `pytest exercises/ex5_4
--solutions reference --no-cache` (so that it trains, whatever .kata/cache holds) and (b) a plain script that loads MNIST, builds the
same network and trains it for the same 5 epochs of batch 128, then
evaluates it. Both start a fresh Python, so both pay for importing
TensorFlow. Prints each wall time and the ratio a/b; the target is 1.3 at most.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BARE_KERAS = r'''
import os
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np, keras
keras.utils.set_random_seed(0)
if os.environ.get("MNIST_NPZ"):
    with np.load(os.environ["MNIST_NPZ"]) as f:
        x_train, y_train, x_test, y_test = (f[k] for k in ("x_train", "y_train", "x_test", "y_test"))
else:
    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
x_train = x_train.reshape(-1, 784).astype("float32") / 255
x_test = x_test.reshape(-1, 784).astype("float32") / 255
y_train, y_test = np.eye(10, dtype="float32")[y_train], np.eye(10, dtype="float32")[y_test]
model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(784, activation="relu"),
                          keras.layers.Dense(512, activation="relu"),
                          keras.layers.Dense(10, activation="softmax")], name="nn")
model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=5, batch_size=128, verbose=0)
print("bare keras test accuracy", model.evaluate(x_test, y_test, verbose=0)[1])
'''


def wall(command) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    pytest_cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                  "exercises/ex5_4", "--solutions", "reference", "--no-cache"]
    bare_cmd = [sys.executable, "-c", BARE_KERAS]
    ratios = []
    for run in range(1, args.repeat + 1):
        harness, bare = wall(pytest_cmd), wall(bare_cmd)
        ratios.append(harness / bare)
        print(f"run {run}: pytest exercises/ex5_4 {harness:.1f} s, bare Keras {bare:.1f} s, "
              f"ratio {harness / bare:.2f}", flush=True)
    if len(ratios) > 1:  # a shared 2-core machine varies by 10-15 % from run to run
        print(f"median ratio {statistics.median(ratios):.2f} over {len(ratios)} runs", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
