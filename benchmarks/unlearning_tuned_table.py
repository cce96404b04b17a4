"""Every method's test accuracies after forgetting one class, against the retrain references.

The README's table of tuned defaults comes from this script, run once on the bundled digits and
once on Fashion-MNIST. Methods run with their defaults for the data set (``Method.defaults``).

    .venv/bin/python benchmarks/unlearning_tuned_table.py [--data DIR] [--methods a,b]
        [--set method.param=value] [--original FILE.npz] [--subset N] [--json OUT.json]

The original (trained with update recording, so that amnesiac can run) is kept in --original
and read back on the next run; the references come from the reference cache.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from mugui.data.dataset import Dataset
from mugui.data.load import load_dataset
from mugui.evaluation import accuracy
from mugui.model_file import load_model, save_model
from mugui.training.config import TrainConfig
from mugui.unlearning.forget_set import forget_class
from mugui.unlearning.reference_cache import reference_seeds, retrain_reference
from mugui.unlearning.registry import UnlearnRequest, all_methods, run_method
from mugui.unlearning.tuning import train_original

REFERENCE_SEEDS = 3
TOLERANCE = 0.02  # retain-test points a recommended method may lose against the reference mean


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", default="bundled")
    p.add_argument("--digit", type=int, default=5)
    p.add_argument("--methods", default="", help="comma-separated (default: all but retrain)")
    p.add_argument("--set", action="append", default=[], metavar="METHOD.PARAM=VALUE")
    p.add_argument("--original", type=Path, help="cache file for the original model")
    p.add_argument("--subset", type=int, default=0, help="first N training samples only")
    p.add_argument("--json", type=Path)
    return p.parse_args()


def main() -> None:
    args = parse_args()
    data = load_dataset(args.data)
    if args.subset:
        keep = slice(0, args.subset)
        data = Dataset(data.name, data.train_x[keep], data.train_y[keep], data.test_x, data.test_y)
    config = TrainConfig(record_updates=True)
    if args.original and args.original.exists():
        original, extras = load_model(args.original, with_extras=True)
    else:
        original, extras = train_original(data, config)
        if args.original:
            save_model(original, args.original, extra_arrays=extras)
    forget = forget_class(data, args.digit)
    forgotten = data.test_y == args.digit

    def figures(model) -> tuple[float, float]:
        return (
            accuracy(model, data.test_x[forgotten], data.test_y[forgotten]),
            accuracy(model, data.test_x[~forgotten], data.test_y[~forgotten]),
        )

    refs = [
        figures(retrain_reference(data, config, forget, seed))
        for seed in reference_seeds(config, REFERENCE_SEEDS)
    ]
    ref_forget, ref_retain = np.mean(refs, axis=0)
    sd_retain = float(np.std([r for _, r in refs]))
    print(f"{data.name} ({data.n_train} train), forgetting class {args.digit}")
    print(
        f"reference ({REFERENCE_SEEDS} seeds): test-forget {ref_forget:.3f}, "
        f"test-retain {ref_retain:.3f} ± {sd_retain:.3f}"
    )
    overrides: dict[str, dict] = {}
    for item in args.set:
        key, _, value = item.partition("=")
        method, _, param = key.partition(".")
        overrides.setdefault(method, {})[param] = value
    chosen = [m for m in args.methods.split(",") if m]
    rows = {}
    print("| method | test-forget | test-retain | Δ retain | within 2 pts | seconds |")
    print("|---|---|---|---|---|---|")
    for method in all_methods():
        if (chosen and method.name not in chosen) or (not chosen and method.name == "retrain"):
            continue
        request = UnlearnRequest(
            original, data, forget, dict(overrides.get(method.name, {})), config, extras=extras
        )
        started = time.perf_counter()
        result = run_method(method.name, request)
        seconds = time.perf_counter() - started
        f, r = figures(result.model)
        delta = r - ref_retain
        rows[method.name] = {
            "params": request.params,
            "test_forget": f,
            "test_retain": r,
            "delta_retain": delta,
        }
        ok = "yes" if delta >= -TOLERANCE else "no"
        print(f"| `{method.name}` | {f:.3f} | {r:.3f} | {delta:+.3f} | {ok} | {seconds:.1f} |")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "data": data.name,
                    "reference": {"test_forget": ref_forget, "test_retain": ref_retain},
                    "methods": rows,
                },
                indent=1,
            )
        )


if __name__ == "__main__":
    main()
