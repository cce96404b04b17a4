"""Curves of the presets at full size: the figures quoted in README and the issue notes.

usage: python benchmarks/learning_backwards.py [--data bundled|DIR] [--epochs N] [--presets a,b]
Prints, per preset (and for nn.c with each of its bugs removed), the test accuracy per epoch,
the peak and the drop from the peak.
"""

from __future__ import annotations

import argparse
import time

from mugui.data.load import load_dataset
from mugui.presets import PRESETS
from mugui.training.trainer import train

VARIANTS = {
    "nnc": [(), ("batch_image_index",), ("no_shuffle",)],
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default="bundled")
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--presets", default="nnc,minimnistc,debugc,healthy")
    args = parser.parse_args()
    dataset = load_dataset(args.data)
    print(
        f"data: {dataset.name} ({dataset.n_train} train / {dataset.n_test} test), epochs {args.epochs}"
    )
    for name in args.presets.split(","):
        for removed in VARIANTS.get(name, [()]):
            config = PRESETS[name].config
            config = config.replace(
                epochs=args.epochs, bugs=tuple(b for b in config.bugs if b not in removed)
            )
            started = time.perf_counter()
            _, history = train(dataset, config)
            seconds = time.perf_counter() - started
            curve = [e["test_accuracy"] for e in history.epochs]
            peak = max(curve)
            label = name + (f" without {', '.join(removed)}" if removed else "")
            reported = history.epochs[-1]
            extra = (
                f"; reported {reported['reported_accuracy']:.3f} on {reported['reported_on']}"
                if reported["reported_on"] != "test"
                else ""
            )
            print(
                f"{label:40s} peak {peak:.3f} at epoch {curve.index(peak) + 1}, last {curve[-1]:.3f} "
                f"(drop {peak - curve[-1]:+.3f}){extra}, {seconds / len(curve):.1f} s/epoch\n    "
                + " ".join(f"{a:.3f}" for a in curve)
            )


if __name__ == "__main__":
    main()
