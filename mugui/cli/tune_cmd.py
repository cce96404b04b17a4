"""`mugui tune`: search a method's forget/retain trade-off on a validation split of the training data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from mugui.cli.data_argument import add_data_argument
from mugui.data.load import load_dataset
from mugui.errors import UnlearningError
from mugui.metrics_json import write_metrics
from mugui.model_file import load_model
from mugui.runs.unlearn import training_config
from mugui.training.config import TrainConfig
from mugui.unlearning.registry import get_method
from mugui.unlearning.tuning import VALIDATION_SHARE, tune_method

HELP = "tune a method's parameters on a validation split of the training data"
DESCRIPTION = (
    "Hold out a share of the training data (never the test set), train an original "
    "and the retrain reference on the rest, and try up to --budget settings of the method's "
    "tuned parameters; the best setting's validation accuracies lie closest to the "
    f"reference's. Validation share: {VALIDATION_SHARE:.0%}."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--method", required=True, metavar="NAME", help="the method to tune")
    p.add_argument(
        "--forget-class", required=True, type=int, metavar="D", help="the class to forget"
    )
    add_data_argument(p)
    p.add_argument(
        "--budget", type=int, default=12, metavar="N", help="settings to try at most (default 12)"
    )
    p.add_argument(
        "--model",
        metavar="MODEL.npz",
        help="take the training configuration from this model (default: the standard one)",
    )
    p.add_argument("--metrics", metavar="FILE.json", help="write every trial as JSON")


def run(args) -> int:
    method = get_method(args.method)
    if not method.tune:
        raise UnlearningError(f"{method.name} has no parameters to tune")
    if args.budget < 1:
        raise UnlearningError(f"--budget must be at least 1, got {args.budget}")
    if args.metrics:
        Path(args.metrics).parent.mkdir(parents=True, exist_ok=True)
    config = training_config(load_model(args.model)) if args.model else TrainConfig()
    dataset = load_dataset(args.data)

    def progress(fraction: float, message: str) -> None:
        sys.stderr.write(f"[{fraction:4.0%}] {message}\n")

    result = tune_method(
        method.name, dataset, config, args.forget_class, args.budget, on_progress=progress
    )
    print(
        f"{method.name} on {dataset.name}, forgetting class {args.forget_class}; "
        f"validation: {result.validation_samples} training samples held out"
    )
    print(
        f"reference: forget {result.reference_forget_accuracy:.3f}, "
        f"retain {result.reference_retain_accuracy:.3f}"
    )
    print(f"{'forget':>7s} {'retain':>7s} {'gap':>6s}  setting")
    for trial in sorted(result.trials, key=lambda t: t.gap):
        setting = ", ".join(f"{k}={v}" for k, v in trial.params.items())
        print(
            f"{trial.forget_accuracy:7.3f} {trial.retain_accuracy:7.3f} {trial.gap:6.3f}  {setting}"
        )
    best = " ".join(f"--param {k}={v}" for k, v in result.best.params.items())
    print(f"best: mugui unlearn --method {method.name} {best}")
    if args.metrics:
        write_metrics(args.metrics, result.to_dict())
    return 0
