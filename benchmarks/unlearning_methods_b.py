"""Measure sisa, amnesiac, output_zero, prune_layers, fisher, l1_sparse, boundary_shrink, ssd and
msg on the bundled digits, against retraining from scratch.

For two requests (forget digit 5; forget 100 random samples) it trains the original model with
the default TrainConfig (recording updates, for amnesiac), retrains the reference on the retain
set, and prints per method the accuracies on the forget set, the retain set, the forgotten
class's test samples and the other test samples, the wall seconds and the speedup over the
retraining. Then the SISA figures: fraction retrained and speedup for 10 random samples and for
a whole class. Timings on a shared machine are noisy; compare ratios within one run.

    .venv/bin/python benchmarks/unlearning_methods_b.py [--methods fisher,ssd] [--set fisher.alpha=3e-6]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from mugui.data.load import load_dataset
from mugui.training.config import TrainConfig
from mugui.training.trainer import Trainer, train
from mugui.unlearning.forget_set import forget_class, forget_random
from mugui.unlearning.reference_cache import retain_dataset
from mugui.unlearning.registry import UnlearnRequest, run_method
from mugui.unlearning.sisa_training import forget_samples, train_sisa

METHODS = (
    "amnesiac",
    "output_zero",
    "prune_layers",
    "fisher",
    "l1_sparse",
    "boundary_shrink",
    "ssd",
    "msg",
)


def accuracies(model, data, forget) -> dict[str, float]:
    def acc(x, y):
        return float((model.predict(x) == y).mean()) if y.size else float("nan")

    retain = forget.retain_indices()
    forgotten = np.isin(data.test_y, forget.classes)
    return {
        "forget": acc(data.train_x[forget.indices], data.train_y[forget.indices]),
        "retain": acc(data.train_x[retain], data.train_y[retain]),
        "test_forget": acc(data.test_x[forgotten], data.test_y[forgotten]),
        "test_retain": acc(data.test_x[~forgotten], data.test_y[~forgotten]),
    }


def row(name: str, figures: dict, seconds: float, speedup: float | str) -> str:
    cells = " ".join(
        f"{figures[k]:6.3f}" for k in ("forget", "retain", "test_forget", "test_retain")
    )
    speed = speedup if isinstance(speedup, str) else f"{speedup:7.1f}x"
    return f"{name:16s} {cells} {seconds:7.2f}s {speed:>8s}"


def parse_overrides(items: list[str]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for item in items:
        key, value = item.split("=", 1)
        method, param = key.split(".", 1)
        out.setdefault(method, {})[param] = value
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--methods", default=",".join(METHODS))
    parser.add_argument("--set", action="append", default=[], help="method.param=value")
    parser.add_argument("--no-sisa", action="store_true")
    args = parser.parse_args()
    overrides = parse_overrides(args.set)
    data = load_dataset("bundled")
    config = TrainConfig()
    trainer = Trainer(data, config.replace(record_updates=True))
    for _ in trainer.run():
        pass
    original = trainer.model
    extras = {**trainer.recorder.to_arrays(), "record_groups": list(trainer.recorder.names)}
    print(f"original: test accuracy {original.predict(data.test_x).__eq__(data.test_y).mean():.3f}")
    print(
        f"recording: {trainer.recorder.nbytes / 1e6:.1f} MB for {len(trainer.recorder.names)} groups"
    )
    requests = (
        ("forget digit 5", forget_class(data, 5)),
        ("forget 100 random", forget_random(data, 100)),
    )
    for title, forget in requests:
        started = time.perf_counter()
        reference, _ = train(retain_dataset(data, forget), config)
        retrain_seconds = time.perf_counter() - started
        print(f"\n## {title}   (columns: forget retain test_forget test_retain, seconds, speedup)")
        print(row("original", accuracies(original, data, forget), 0.0, "-"))
        print(row("retrain", accuracies(reference, data, forget), retrain_seconds, 1.0))
        method_extras = dict(extras)
        if forget.kind == "random":
            # Amnesiac must know the forget set at training time: record it as its own group.
            rec = Trainer(
                data, config.replace(record_updates=True), record_groups={"forget": forget.indices}
            )
            for _ in rec.run():
                pass
            method_extras = {
                **rec.recorder.to_arrays(),
                "record_groups": list(rec.recorder.names),
                "model": rec.model,
            }
        for name in args.methods.split(","):
            model = method_extras.pop("model", original) if name == "amnesiac" else original
            request = UnlearnRequest(
                model, data, forget, overrides.get(name, {}), config, extras=method_extras
            )
            try:
                result = run_method(name, request)
            except Exception as exc:  # noqa: BLE001 - a benchmark reports and goes on
                print(f"{name:16s} {type(exc).__name__}: {exc}")
                continue
            speedup = retrain_seconds / result.seconds if result.seconds else float("inf")
            print(row(name, accuracies(result.model, data, forget), result.seconds, speedup))
    if args.no_sisa:
        return
    for shards, slices in ((5, 4), (10, 5)):
        sisa_figures(data, config, shards, slices)


def sisa_figures(data, config: TrainConfig, shards: int, slices: int) -> None:
    print(f"\n## SISA ({shards} shards x {slices} slices)")
    ensemble = train_sisa(data, config, shards, slices)
    full = forget_class(data, 5)
    print(
        f"ensemble: trained in {ensemble.train_seconds:.1f}s, test accuracy "
        f"{(ensemble.predict(data.test_x) == data.test_y).mean():.3f}"
    )
    for title, forget in (("10 random samples", forget_random(data, 10)), ("whole class 5", full)):
        result, info = forget_samples(ensemble, data, forget.indices)
        print(
            f"{title:18s}: shards retrained {info['shards_retrained_count']}/{info['shards']}, "
            f"shard-slices {info['shard_slices_retrained']}/{info['shard_slices_total']}, "
            f"fraction of training redone {info['fraction_retrained']:.2f}, compute speedup "
            f"{info['compute_speedup']:.2f}x, wall {info['seconds']:.1f}s (speedup "
            f"{info['wall_speedup']:.2f}x), test accuracy "
            f"{(result.predict(data.test_x) == data.test_y).mean():.3f}, "
            f"{accuracies(result, data, forget)}"
        )


if __name__ == "__main__":
    main()
