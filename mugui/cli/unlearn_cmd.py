"""`mugui unlearn`: make a saved model forget, verify it against the retrain reference, report JSON.

The work is done by the same runs as in the window (``mugui.runs``); this module parses
arguments, loads files, prints progress and writes the results.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from mugui.cli.data_argument import add_data_argument
from mugui.cli.indices_file import read_indices
from mugui.data.dataset import Dataset
from mugui.data.load import BUNDLED, load_dataset
from mugui.errors import UnlearningError
from mugui.metrics_json import write_metrics
from mugui.model import Model
from mugui.model_file import load_model, save_model
from mugui.runs.events import RunProgress, run_to_end
from mugui.runs.unlearn import UnlearnSpec, check_spec, training_config, unlearn_events
from mugui.runs.verify import DEFAULT_SEEDS, verify_events
from mugui.unlearning import forget_set
from mugui.unlearning.forget_task import forget_task
from mugui.unlearning.registry import all_methods, get_method
from mugui.unlearning.relearn import RELEARN_ON
from mugui.verification.noise_floor import VERDICTS
from mugui.verification.verdicts import relearn_budget

HELP = "make a saved model forget data, and verify it against retraining"
DESCRIPTION = (
    "Unlearn a forget set from a saved model with one of the registered methods, "
    "then compare the result with the model retrained without that data (the target)."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", metavar="MODEL.npz", help="the trained model (left untouched)")
    add_data_argument(
        p,
        "'bundled' or a folder of IDX files (default: the data the model records it was trained on)",
        default=None,
    )
    what = p.add_mutually_exclusive_group()
    for flag, kind, metavar, help in _forget_options():
        what.add_argument(flag, type=kind, metavar=metavar, help=help)
    p.add_argument(
        "--forget-seed",
        type=int,
        default=0,
        metavar="S",
        help="seed of the random draw for --forget-fraction and --forget-random (default 0)",
    )
    p.add_argument("--method", metavar="NAME", help="unlearning method (see --list-methods)")
    p.add_argument(
        "--param",
        action="append",
        default=[],
        type=_key_value,
        metavar="KEY=VALUE",
        help="set a method parameter (repeatable)",
    )
    p.add_argument(
        "--reference",
        choices=("retrain", "none"),
        default="retrain",
        help="compare with the retrained model (default) or skip the comparison",
    )
    p.add_argument(
        "--seeds",
        type=int,
        default=DEFAULT_SEEDS,
        metavar="N",
        help=f"retrain references over N seeds, never the original's (mean, sd; default {DEFAULT_SEEDS})",
    )
    p.add_argument(
        "--relearn",
        action="store_true",
        help="count training steps until the forget set is known again (model and reference)",
    )
    p.add_argument("--relearn-on", choices=RELEARN_ON, default="full", help="data to relearn on")
    p.add_argument(
        "--quality-n",
        type=int,
        metavar="N",
        help="also compute the NeurIPS 2023 forgetting-quality score with N runs and N references",
    )
    p.add_argument(
        "--quality-mode",
        choices=("exact", "challenge"),
        default="exact",
        help="exact: every distinct threshold on the probabilities (default); challenge: the "
        "challenge's 0.01 threshold grids on float64-logit confidences",
    )
    p.add_argument(
        "--ulira",
        type=int,
        metavar="K",
        help="also run the per-example U-LiRA-style attack with K shadow models (trained here)",
    )
    p.add_argument("--out", metavar="MODEL.npz", help="save the unlearned model")
    p.add_argument("--metrics", metavar="FILE.json", help="write the full report as JSON")
    p.add_argument(
        "--list-methods", action="store_true", help="print the method catalogue and exit"
    )


def _forget_options() -> tuple[tuple[str, Callable[[str], object], str, str], ...]:
    """The ways to name the forget set (one at a time): flag, type, metavar, help."""
    return (
        ("--forget-class", int, "D", "forget every sample of class D"),
        (
            "--forget-fraction",
            _digit_fraction,
            "D:F",
            "forget a random fraction F of class D's samples (e.g. 5:0.5)",
        ),
        ("--forget-random", int, "N", "forget N random samples"),
        (
            "--forget-indices",
            Path,
            "FILE",
            "forget these training indices (integers in a text file, or a .npy array)",
        ),
        (
            "--forget-task",
            int,
            "K",
            "forget task K (1-based) of a model trained with `mugui tasks`",
        ),
    )


def _digit_fraction(text: str) -> tuple[int, float]:
    digit, sep, fraction = text.partition(":")
    try:
        if not sep:
            raise ValueError
        return int(digit), float(fraction)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected D:F such as 5:0.5, got {text!r}") from None


def _key_value(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key.strip(), value.strip()


def method_catalogue() -> str:
    """Every registered method with its summary and parameters (defaults and ranges)."""
    lines = []
    for method in all_methods():
        mark = "recommended" if method.recommended else "not recommended"
        lines.append(f"{method.name:16s} {method.summary} ({mark})")
        for param in method.params:
            bounds = f" [{param.low}..{param.high}]" if param.low is not None else ""
            choices = f" {{{', '.join(map(str, param.choices))}}}" if param.choices else ""
            lines.append(f"{'':18s}{param.name}={param.default}{bounds}{choices}  {param.help}")
        for data_name, values in method.data_defaults.items():
            tuned = ", ".join(f"{k}={v}" for k, v in values.items())
            lines.append(f"{'':18s}on {data_name}: {tuned}")
        for architecture, values in method.arch_defaults.items():
            tuned = ", ".join(f"{k}={v}" for k, v in values.items())
            lines.append(f"{'':18s}on a {architecture.upper()}: {tuned}")
        if method.tune:
            lines.append(f"{'':18s}`mugui tune` searches: {', '.join(method.tune)}")
    return "\n".join(lines)


def choose_forget_set(args, dataset: Dataset, model: Model) -> forget_set.ForgetSet:
    if args.forget_class is not None:
        return forget_set.forget_class(dataset, args.forget_class)
    if args.forget_fraction is not None:
        return forget_set.forget_fraction(dataset, *args.forget_fraction, seed=args.forget_seed)
    if args.forget_random is not None:
        return forget_set.forget_random(dataset, args.forget_random, seed=args.forget_seed)
    if args.forget_indices is not None:
        return forget_set.forget_indices(dataset, read_indices(args.forget_indices))
    if args.forget_task is not None:
        return forget_task(dataset, model, args.forget_task)
    raise UnlearningError(
        "say what to forget: --forget-class, --forget-fraction, --forget-random, --forget-indices "
        "or --forget-task"
    )


def check_output_path(flag: str, path: str | None) -> None:
    """Refuse, before any work, an output path that cannot be written."""
    if path is None:
        return
    target = Path(path)
    if target.is_dir():
        raise UnlearningError(f"{flag} {path} is a folder; give a file name")
    if not target.parent.resolve().is_dir():
        raise UnlearningError(f"{flag} {path}: the folder {target.parent} does not exist")
    if not os.access(target.parent.resolve(), os.W_OK):
        raise UnlearningError(f"{flag} {path}: the folder {target.parent} is not writable")


def recorded_data(model: Model) -> str:
    """The data source the model file records: 'bundled' or the folder it was loaded from."""
    recorded = model.meta.get("data") or {}
    source = str(recorded.get("source", ""))
    if source and Path(source).is_absolute():
        if not Path(source).is_dir():
            raise UnlearningError(
                f"the model was trained on data from {source}, which is gone; give --data"
            )
        return source
    return BUNDLED


def run(args) -> int:
    if args.list_methods:
        print(method_catalogue())
        return 0
    if args.model is None or args.method is None:
        raise UnlearningError("--model and --method are required (see --list-methods)")
    method = get_method(args.method)
    method.resolve_params(dict(args.param))  # bad names and values fail before any loading
    if args.seeds < 1:
        raise UnlearningError(f"--seeds must be at least 1, got {args.seeds}")
    if args.out and Path(args.out).resolve() == Path(args.model).resolve():
        raise UnlearningError(
            "--out must differ from --model: the original model is kept untouched"
        )
    if args.out and method.returns_ensemble:
        raise UnlearningError(
            f"{method.name} returns an ensemble, which is not a model file: drop --out"
        )
    for flag, path in (("--out", args.out), ("--metrics", args.metrics)):
        check_output_path(flag, path)
    original, extras = load_model(args.model, with_extras=True)
    config = training_config(original)
    dataset = load_dataset(args.data if args.data is not None else recorded_data(original))
    forget = choose_forget_set(args, dataset, original)
    spec = UnlearnSpec(original, dataset, forget, method.name, dict(args.param), extras, config)
    params, _ = check_spec(spec)  # the defaults for this model's architecture and data set
    show = _progress_printer()
    outcome = run_to_end(unlearn_events(spec), show)
    report = run_to_end(
        verify_events(
            original,
            outcome,
            dataset,
            config=config,
            seeds=args.seeds if args.reference == "retrain" else 0,
            relearn_on=args.relearn_on if args.relearn else None,
            quality_n=args.quality_n,
            quality_mode=args.quality_mode,
            ulira_shadows=args.ulira,
            extras=extras,
        ),
        show,
    )
    if args.out:
        save_model(
            outcome.model,
            args.out,
            metadata={
                "unlearning": {"method": method.name, "params": params, "forget": forget.to_dict()}
            },
        )
    if args.metrics:
        write_metrics(args.metrics, report)
    print(summary_line(report))
    return 0


def _fmt(value, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def summary_line(report: dict) -> str:
    """One line: figures after unlearning (reference in brackets), probe, relearn, time and work."""
    after, ref = report["after"], report["reference"] or {}
    has_ref = report["reference"] is not None

    def pair(key: str, digits: int = 3) -> str:
        mine = _fmt(after.get(key), digits)
        return f"{mine} (ref {_fmt(ref.get(key), digits)})" if has_ref else mine

    line = (
        f"{report['method']} forgot {report['forget']['description']}: "
        f"forget {pair('forget_accuracy')}, retain {pair('retain_accuracy')}, "
        f"test {pair('test_accuracy')}; MIA AUC {pair('mia_auc')}"
    )
    if after.get("probe_accuracy") is not None:
        line += f"; probe {pair('probe_accuracy')}"
    if "relearn_steps" in after:
        # not back within the race's budget: ">2000", as the window's table ("n/a" read as
        # not measured)
        budget = relearn_budget(report)
        mine, theirs = (
            f">{budget}"
            if "relearn_steps" in block and block["relearn_steps"] is None and budget
            else _fmt(block.get("relearn_steps"), 0)
            for block in (after, ref)
        )
        line += f"; relearn {mine}" + (f" (ref {theirs})" if has_ref else "") + " steps"
    line += f"; {report['seconds']:.2f} s, {report['work']['gradient_samples']} gradient samples"
    if has_ref:
        line += (
            f" vs retrain {_fmt(report['reference_seconds'], 2)} s,"
            f" {report['reference_work']['gradient_samples']} (speedup {_fmt(report['speedup'], 1)}"
            f"{'x' if report['speedup'] else ''},"
            f" work {_fmt(report['work_speedup'], 1)}{'x' if report['work_speedup'] else ''})"
        )
    if report["noise_floor"]:
        counts = Counter(floor["verdict"] for floor in report["noise_floor"].values())
        line += f"; vs {len(report['reference_seeds'])} references: " + ", ".join(
            f"{counts[v]} {VERDICTS[v].split(':')[0]}" for v in VERDICTS if counts[v]
        )
    if report["setup"] is not None:
        line += f"; setup ({report['setup']['what']}) {report['setup']['seconds']:.2f} s"
    if report["recording_cost"] is not None:
        cost = report["recording_cost"]
        line += (
            f"; recording the updates slowed training {_fmt(cost['slowdown'], 1)}x"
            f" (+{cost['extra_training_seconds']:.1f} s)"
        )
    if report["ulira"] is not None:
        line += f"; per-example attack accuracy {report['ulira']['accuracy']:.2f} (0.5 = retrained)"
    if report["forgetting_quality"] is not None:
        line += f"; forgetting quality {report['forgetting_quality']['score']:.3f}"
    return line


def _progress_printer():
    """An event callback drawing one updating stderr line on a terminal, else None."""
    if not sys.stderr.isatty():
        return None

    def show(event) -> None:
        if not isinstance(event, RunProgress):
            return
        sys.stderr.write(f"\r{event.fraction:4.0%} {event.phrase[:70]:70s}")
        if event.fraction >= 1.0:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return show
