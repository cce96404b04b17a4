"""`mugui evaluate`: accuracy of a saved model, overall, per class, and around a forgotten class."""

from __future__ import annotations

import argparse

import numpy as np

from mugui.cli.data_argument import add_data_argument
from mugui.data.load import load_dataset
from mugui.drawing.stress_score import score_model
from mugui.drawing.stress_set import BENCHMARK_SEED, PER_STYLE, stress_set
from mugui.errors import DataError
from mugui.evaluation import evaluate
from mugui.metrics_json import write_metrics
from mugui.model_file import load_model

HELP = "evaluate a saved model"
DESCRIPTION = "Evaluate a saved model."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", required=True, metavar="MODEL.npz")
    add_data_argument(p)
    p.add_argument(
        "--forget-class", type=int, metavar="D", help="also report accuracy on/off class D"
    )
    p.add_argument(
        "--stress-set",
        action="store_true",
        help="also score the stress set of human handwriting styles (never trained on): "
        "overall and per style",
    )
    p.add_argument(
        "--per-style",
        type=int,
        default=PER_STYLE,
        metavar="N",
        help=f"stress drawings per style (default {PER_STYLE})",
    )
    p.add_argument(
        "--stress-seed",
        type=int,
        default=BENCHMARK_SEED,
        metavar="S",
        help=f"seed of the stress set (default {BENCHMARK_SEED}, the published figures')",
    )
    p.add_argument("--metrics", metavar="FILE.json")


def run(args) -> int:
    model = load_model(args.model)
    dataset = load_dataset(args.data)
    test = evaluate(model, dataset.test_x, dataset.test_y)
    train = evaluate(model, dataset.train_x, dataset.train_y)
    payload = {
        "model": {"sizes": list(model.sizes), "architecture": model.describe()},
        "data": dataset.describe(),
        "test_accuracy": test.accuracy,
        "train_accuracy": train.accuracy,
        "per_class_accuracy": test.to_dict()["per_class_accuracy"],
        "confusion": test.confusion.tolist(),
    }
    line = (
        f"{args.model} ({model.describe()}): test accuracy {test.accuracy:.4f}, "
        f"train accuracy {train.accuracy:.4f}"
    )
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
    table = ""
    if args.stress_set:
        if not 1 <= args.per_style <= 10_000:
            raise DataError(f"--per-style must be 1..10000, got {args.per_style}")
        score = score_model(model, stress_set(args.per_style, args.stress_seed))
        payload["stress_set"] = score.to_dict()
        line += f"; stress set {score.overall:.4f} (worst style {score.worst_style[0]} {score.worst_style[1]:.4f})"
        table = "\n" + score.table()
    if args.metrics:
        write_metrics(args.metrics, payload)
    print(line + table)
    return 0


def _split_accuracies(probs: np.ndarray, labels: np.ndarray, digit: int) -> tuple[float, float]:
    correct = probs.argmax(axis=1) == labels
    inside = labels == digit
    return float(correct[inside].mean()), float(correct[~inside].mean())
