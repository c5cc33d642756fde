"""How steady are the learning curves? The numbers behind ex5_8's README.

    python benchmarks/steadiness.py benchmarks/results/ex5_7_curves_8_epochs.txt \
        benchmarks/results/ex5_8_curves_8_epochs.txt

Reads the output of benchmarks/curves.py (one or more runs per file, each
headed by a '# exNN, E epochs: ... TensorFlow X, Keras Y' line, a
'# KERAS_BACKEND=jax' line marking the runs that follow as JAX's) and prints,
per platform and seed, the mean size of the epoch-to-epoch change in test
accuracy (over all epochs, and over epochs 5 on), the largest fall of the
training accuracy between two epochs, and the training accuracy after epochs
1 and 5; then the range over the seeds of each platform.
"""

from __future__ import annotations

import re
import sys
from collections import OrderedDict
from typing import Dict, List, Tuple

ROW = re.compile(r"\s+(\d+)\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*$")


def read(path: str) -> Dict[Tuple[str, int], List[Tuple[float, ...]]]:
    """{(platform, seed): [(train_acc, test_acc, train_loss, test_loss) per epoch]}."""
    runs: Dict[Tuple[str, int], List[Tuple[float, ...]]] = OrderedDict()
    platform, jax = None, False
    for line in open(path):
        if line.startswith("# KERAS_BACKEND=jax"):
            jax = True
        elif line.startswith("# ex5") and "TensorFlow" in line:
            exercise = line[2:].split(",")[0]
            tensorflow = line.split("TensorFlow")[1].split(",")[0].strip()
            platform = f"{exercise} {'JAX' if jax else 'TF ' + tensorflow}"
        match = ROW.match(line)
        if match and platform:
            seed = int(match.group(1))
            runs.setdefault((platform, seed), []).append(tuple(float(g) for g in match.groups()[2:]))
    return runs


def mean_change(values: List[float]) -> float:
    steps = [abs(b - a) for a, b in zip(values, values[1:])]
    return sum(steps) / len(steps) if steps else 0.0


def main(paths: List[str]) -> int:
    print("platform               seed  test swing (all)  (epoch 5 on)  largest training fall"
          "  training acc epoch 1, 5")
    summary: Dict[str, List[Tuple[float, ...]]] = OrderedDict()
    for path in paths:
        for (platform, seed), epochs in read(path).items():
            train, test = [e[0] for e in epochs], [e[1] for e in epochs]
            falls = [a - b for a, b in zip(train, train[1:])]
            row = (mean_change(test), mean_change(test[4:]), max([0.0] + falls), train[0],
                   train[min(4, len(train) - 1)])
            summary.setdefault(platform, []).append(row)
            print(f"{platform:<22} {seed:>4}  {row[0]:.4f}            {row[1]:.4f}        "
                  f"{row[2]:.4f}                 {row[3]:.4f}, {row[4]:.4f}")
    print("\nranges over the seeds:")
    for platform, rows in summary.items():
        columns = list(zip(*rows))
        print(f"{platform:<22} test swing {min(columns[0]):.3f}-{max(columns[0]):.3f}, epoch 5 on "
              f"{min(columns[1]):.3f}-{max(columns[1]):.3f}; largest training fall "
              f"{max(columns[2]):.4f}; training acc epoch 1 {min(columns[3]):.3f}-"
              f"{max(columns[3]):.3f}, epoch 5 {min(columns[4]):.3f}-{max(columns[4]):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
