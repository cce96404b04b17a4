"""What deskewing and elastic augmentation buy the default MLP on the bundled split.

Trains the default configuration (H 256, 15 epochs, momentum SGD) with each combination of
``deskew`` and ``augment`` (elastic α 34 with affine jitter; and affine jitter only) over a few
seeds and prints the bundled test accuracy of each (mean, min, max).

    .venv/bin/python benchmarks/levers_accuracy.py [--seeds 3] [--epochs 15] [--json F]
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from mugui.data.load import load_dataset
from mugui.training.config import TrainConfig
from mugui.training.trainer import train

VARIANTS = {
    "plain": {},
    "deskew": {"deskew": True},
    "augment, affine only": {"augment": True, "elastic": 0.0},
    "augment with elastic": {"augment": True},
    "deskew + augment with elastic": {"deskew": True, "augment": True},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--only", action="append", help="run only these variants")
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    data = load_dataset("bundled")
    results = {}
    for name, changes in VARIANTS.items():
        if args.only and name not in args.only:
            continue
        accuracies, seconds = [], []
        for seed in range(args.seeds):
            started = time.perf_counter()
            _, history = train(data, TrainConfig(epochs=args.epochs, seed=seed, **changes))
            seconds.append(time.perf_counter() - started)
            accuracies.append(history.epochs[-1]["test_accuracy"])
        results[name] = {"accuracies": accuracies, "seconds": seconds}
        print(
            f"{name:32s} test {np.mean(accuracies):.4f} "
            f"({min(accuracies):.4f}-{max(accuracies):.4f}), {np.mean(seconds):.1f} s per run",
            flush=True,
        )
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(results, handle, indent=2)


if __name__ == "__main__":
    main()
