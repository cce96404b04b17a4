"""Every unlearning method on the CNN: test accuracies after forgetting one digit, against retraining.

Trains the ``cnn`` preset (with update recording, so that amnesiac can run) on the bundled digits,
retrains it without the digit (the reference, the ``retrain`` method: same seed, same schedule),
then runs every other method with its defaults for the CNN (``Method.defaults``, which picks the
method's ``arch_defaults["cnn"]``) and prints forget and retain test accuracy beside the
reference's. The README's CNN unlearning table comes from this script.

    nice -n 5 .venv/bin/python benchmarks/unlearning_cnn_table.py [--methods a,b]
        [--set method.param=value] [--original FILE.npz] [--seed S] [--json OUT.json]

``--original`` keeps the trained CNN in a file and reads it back on the next run.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from mugui.data.load import load_dataset
from mugui.errors import UnlearningError
from mugui.evaluation import accuracy
from mugui.model_file import load_model, save_model
from mugui.presets import get_preset
from mugui.unlearning.forget_set import forget_class
from mugui.unlearning.registry import UnlearnRequest, all_methods, run_method
from mugui.unlearning.tuning import train_original

FORGET_LIMIT = 0.05  # test-forget accuracy a method must get under
TOLERANCE = 0.02  # retain-test points a method may lose against the reference


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--digit", type=int, default=5)
    p.add_argument("--seed", type=int, default=None, help="training seed (default: the preset's)")
    p.add_argument("--methods", default="", help="comma-separated (default: all but retrain)")
    p.add_argument("--set", action="append", default=[], metavar="METHOD.PARAM=VALUE")
    p.add_argument("--original", type=Path, help="cache file for the original CNN")
    p.add_argument("--json", type=Path)
    return p.parse_args()


def main() -> None:
    args = parse_args()
    data = load_dataset("bundled")
    config = get_preset("cnn").config.replace(record_updates=True)
    if args.seed is not None:
        config = config.replace(seed=args.seed)
    if args.original and args.original.exists():
        original, extras = load_model(args.original, with_extras=True)
        extras["record_groups"] = list(original.meta.get("record_groups", []))
    else:
        original, extras = train_original(data, config)
        if args.original:
            save_model(
                original,
                args.original,
                extra_arrays={k: v for k, v in extras.items() if k != "record_groups"},
                metadata={"record_groups": list(extras["record_groups"])},
            )
    forget = forget_class(data, args.digit)
    forgotten = data.test_y == args.digit

    def figures(model) -> tuple[float, float]:
        return (
            accuracy(model, data.test_x[forgotten], data.test_y[forgotten]),
            accuracy(model, data.test_x[~forgotten], data.test_y[~forgotten]),
        )

    overrides: dict[str, dict] = {}
    for item in args.set:
        key, _, value = item.partition("=")
        method, _, param = key.partition(".")
        overrides.setdefault(method, {})[param] = value

    def run(name: str):
        request = UnlearnRequest(
            original, data, forget, dict(overrides.get(name, {})), config, extras=extras
        )
        started = time.perf_counter()
        result = run_method(name, request)
        return result, request.params, time.perf_counter() - started

    reference, _, _ = run("retrain")
    ref_forget, ref_retain = figures(reference.model)
    orig_forget, orig_retain = figures(original)
    print(
        f"{data.name} ({data.n_train} train), CNN (cnn preset, seed {config.seed}), forgetting {args.digit}"
    )
    print(f"original: test-forget {orig_forget:.3f}, test-retain {orig_retain:.3f}")
    print(f"reference (retrain): test-forget {ref_forget:.3f}, test-retain {ref_retain:.3f}")
    chosen = [m for m in args.methods.split(",") if m]
    rows: dict[str, dict] = {}
    print("| method | test-forget | test-retain | Δ retain | meets | seconds | parameters |")
    print("|---|---|---|---|---|---|---|")
    for method in all_methods():
        if (chosen and method.name not in chosen) or (not chosen and method.name == "retrain"):
            continue
        try:
            result, params, seconds = run(method.name)
        except UnlearningError as exc:
            rows[method.name] = {"refused": str(exc)}
            print(f"| `{method.name}` | – | – | – | refuses | – | {exc} |")
            continue
        f, r = figures(result.model)
        delta = r - ref_retain
        ok = "yes" if f <= FORGET_LIMIT and delta >= -TOLERANCE else "no"
        rows[method.name] = {"params": params, "test_forget": f, "test_retain": r, "delta": delta}
        shown = ", ".join(f"{k}={v}" for k, v in params.items())
        print(
            f"| `{method.name}` | {f:.3f} | {r:.3f} | {delta:+.3f} | {ok} | {seconds:.1f} | {shown} |",
            flush=True,
        )
    if args.json:
        reference_row = {"test_forget": ref_forget, "test_retain": ref_retain}
        args.json.write_text(json.dumps({"reference": reference_row, "methods": rows}, indent=1))


if __name__ == "__main__":
    main()
