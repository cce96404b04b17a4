"""How close does each training-based unlearning method get to retraining, and how much faster?

Trains the default model on the bundled split, retrains it without the forget set (the
reference), then runs every method of this family and prints, for forgetting class 5 and for
forgetting 100 random samples, the accuracy on the forget set, the retain set, the test
samples of the forgotten class (test-forget) and the other test samples (test-retain), the
wall seconds (median of ``--repeats`` runs), the speedup over retraining, and the samples
each method pushed through a gradient step with the ratio to retraining's (wall time on a
shared machine is noisy; the work ratio is not).

    .venv/bin/python benchmarks/unlearning_methods_a.py [--methods a,b] [--set method.param=value]
"""

from __future__ import annotations

import argparse
import statistics

import numpy as np

from mugui.data.load import load_dataset
from mugui.model_file import load_model, save_model
from mugui.training.config import TrainConfig
from mugui.training.trainer import train
from mugui.unlearning.forget_set import ForgetSet, forget_class, forget_random
from mugui.unlearning.registry import UnlearnRequest, run_method

METHODS = (
    "finetune",
    "gradient_ascent",
    "neggrad_plus",
    "random_labels",
    "uniform_target",
    "bad_teacher",
    "scrub",
    "salun",
)


def accuracies(model, data, forget: ForgetSet) -> dict[str, float]:
    """forget / retain / test-forget / test-retain accuracies (test-forget is NaN without classes)."""
    train_pred = model.predict(data.train_x)
    test_pred = model.predict(data.test_x)
    in_forget = forget.mask()
    test_forget = np.isin(data.test_y, forget.classes)
    right = train_pred == data.train_y
    test_right = test_pred == data.test_y
    return {
        "forget": float(right[in_forget].mean()),
        "retain": float(right[~in_forget].mean()),
        "test_forget": float(test_right[test_forget].mean()) if test_forget.any() else float("nan"),
        "test_retain": float(test_right[~test_forget].mean()),
    }


def run(name, model, data, config, forget, params, repeats) -> tuple[object, float]:
    seconds, result = [], None
    for _ in range(repeats):
        request = UnlearnRequest(model, data, forget, dict(params), config)
        result = run_method(name, request)
        seconds.append(result.seconds)
    return result, statistics.median(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--set", action="append", default=[], help="method.param=value")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--original", help="a model file to start from instead of training one")
    parser.add_argument("--save-original", help="save the trained original model here")
    parser.add_argument("--forget", default="class5,random100")
    args = parser.parse_args()
    overrides: dict[str, dict[str, str]] = {}
    for item in args.set:
        key, value = item.split("=", 1)
        method, param = key.split(".", 1)
        overrides.setdefault(method, {})[param] = value

    data = load_dataset("bundled")
    config = TrainConfig()
    if args.original:
        original = load_model(args.original)
    else:
        original, _ = train(data, config)
        if args.save_original:
            save_model(original, args.save_original)
    forget_sets = {
        "class5": forget_class(data, 5),
        "random100": forget_random(data, 100, seed=0),
    }
    header = f"{'method':<16}{'forget':>8}{'retain':>8}{'t-fgt':>8}{'t-ret':>8}{'seconds':>9}{'speedup':>9}{'samples':>9}{'work':>7}"
    for label in args.forget.split(","):
        forget = forget_sets[label]
        print(f"\n== forgetting {forget.description} ({forget.indices.size} samples) ==")
        print(header)
        row = accuracies(original, data, forget)
        print(f"{'original':<16}" + "".join(f"{row[k]:>8.3f}" for k in row))
        reference, retrain_seconds = run("retrain", original, data, config, forget, {}, 1)
        row = accuracies(reference.model, data, forget)
        retrain_samples = reference.info["samples_seen"]
        print(
            f"{'retrain':<16}"
            + "".join(f"{row[k]:>8.3f}" for k in row)
            + f"{retrain_seconds:>9.3f}{1:>9.1f}{retrain_samples:>9}{1:>7.1f}"
        )
        for name in args.methods.split(","):
            result, seconds = run(
                name, original, data, config, forget, overrides.get(name, {}), args.repeats
            )
            row = accuracies(result.model, data, forget)
            samples = result.info["samples_seen"]
            print(
                f"{name:<16}"
                + "".join(f"{row[k]:>8.3f}" for k in row)
                + f"{seconds:>9.3f}{retrain_seconds / seconds:>9.1f}"
                + f"{samples:>9}{retrain_samples / samples:>7.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
