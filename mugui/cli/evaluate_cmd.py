"""`mugui evaluate`: accuracy of a saved model, overall, per class, and around a forgotten class."""

from __future__ import annotations

import numpy as np

from mugui.data.load import load_dataset
from mugui.errors import DataError
from mugui.evaluation import evaluate
from mugui.metrics_json import write_metrics
from mugui.model_file import load_model


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "evaluate", help="evaluate a saved model", description="Evaluate a saved model."
    )
    p.add_argument("--model", required=True, metavar="MODEL.npz")
    p.add_argument("--data", default="bundled", help="'bundled' (default) or a folder of IDX files")
    p.add_argument(
        "--forget-class", type=int, metavar="D", help="also report accuracy on/off class D"
    )
    p.add_argument("--metrics", metavar="FILE.json")
    p.set_defaults(func=run)


def run(args) -> int:
    model = load_model(args.model)
    dataset = load_dataset(args.data)
    test = evaluate(model, dataset.test_x, dataset.test_y)
    train = evaluate(model, dataset.train_x, dataset.train_y)
    payload = {
        "model": {"sizes": list(model.sizes)},
        "data": dataset.describe(),
        "test_accuracy": test.accuracy,
        "train_accuracy": train.accuracy,
        "per_class_accuracy": test.to_dict()["per_class_accuracy"],
        "confusion": test.confusion.tolist(),
    }
    line = f"{args.model}: test accuracy {test.accuracy:.4f}, train accuracy {train.accuracy:.4f}"
    if args.forget_class is not None:
        d = args.forget_class
        if not 0 <= d <= 9:
            raise DataError(f"--forget-class must be a class 0..9, got {d}")
        split = _split_accuracies(test.probs, dataset.test_y, d) + _split_accuracies(
            train.probs, dataset.train_y, d
        )
        keys = (
            "test_forget_accuracy",
            "test_retain_accuracy",
            "forget_accuracy",
            "retain_accuracy",
        )
        payload.update({"forget_class": d, **dict(zip(keys, split, strict=True))})
        line += f"; class {d}: test {split[0]:.4f}, other classes {split[1]:.4f}"
    if args.metrics:
        write_metrics(args.metrics, payload)
    print(line)
    return 0


def _split_accuracies(probs: np.ndarray, labels: np.ndarray, digit: int) -> tuple[float, float]:
    correct = probs.argmax(axis=1) == labels
    inside = labels == digit
    return float(correct[inside].mean()), float(correct[~inside].mean())
