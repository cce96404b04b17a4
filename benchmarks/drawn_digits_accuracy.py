"""How well does a trained model recognise digits drawn the way users draw them?

Trains the default model on the bundled split with and without train-time augmentation, then
measures accuracy on held-out MNIST test digits and on synthetic user drawings (every digit in
two handwriting styles, drawn normal, thin, thick, small, in a corner, shaky, slanted and narrow
on a 280×280 canvas, each preprocessed exactly as the app's canvas is).

    .venv/bin/python benchmarks/drawn_digits_accuracy.py [--epochs 15] [--per-variant 5] [--json F]
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from mugui.data.load import load_dataset
from mugui.drawing.preprocess import to_model_input
from mugui.drawing.strokes import VARIANTS, user_drawings
from mugui.training.config import TrainConfig
from mugui.training.trainer import train


def drawn_set(per_variant: int, seed: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(variant names, model inputs (N, 784), labels) of the synthetic user drawings."""
    variants, inputs, labels = [], [], []
    for variant, digit, canvas in user_drawings(per_variant, seed=seed):
        variants.append(variant)
        inputs.append(to_model_input(canvas).reshape(-1))
        labels.append(digit)
    return variants, np.asarray(inputs, np.float32), np.asarray(labels)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument(
        "--per-variant", type=int, default=5, help="drawings per digit, style and variant"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args()

    dataset = load_dataset("bundled")
    variants, inputs, labels = drawn_set(args.per_variant, seed=1234)
    variants = np.asarray(variants)
    print(
        f"{len(labels)} drawings ({args.per_variant} per digit, style and variant); "
        f"{dataset.n_test} test digits; {args.epochs} epochs, seed {args.seed}"
    )
    results = {}
    for augment in (False, True):
        started = time.perf_counter()
        model, _ = train(dataset, TrainConfig(epochs=args.epochs, seed=args.seed, augment=augment))
        seconds = time.perf_counter() - started
        test_accuracy = float((model.predict(dataset.test_x) == dataset.test_y).mean())
        correct = model.predict(inputs) == labels
        per_variant = {v: float(correct[variants == v].mean()) for v in VARIANTS}
        per_digit = [float(correct[labels == d].mean()) for d in range(10)]
        name = "augmented" if augment else "plain"
        results[name] = {
            "test_accuracy": test_accuracy,
            "drawn_accuracy": float(correct.mean()),
            "drawn_per_variant": per_variant,
            "drawn_per_digit": per_digit,
            "train_seconds": seconds,
        }
        print(
            f"{name:9s} test {test_accuracy:.3f}  drawn {correct.mean():.3f}  ({seconds:.0f} s)  "
            + " ".join(f"{v} {a:.2f}" for v, a in per_variant.items())
        )
        print(f"{'':9s} per digit " + " ".join(f"{d}:{a:.2f}" for d, a in enumerate(per_digit)))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump(
                {"epochs": args.epochs, "seed": args.seed, "n_drawn": len(labels), **results},
                out,
                indent=2,
            )


if __name__ == "__main__":
    main()
