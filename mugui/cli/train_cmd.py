"""`mugui train`: train a model headless, print a one-line summary, optionally save it and its metrics."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from mugui.atomic_write import unwritable_reason
from mugui.bugs import BUGS
from mugui.cli.data_argument import add_data_argument
from mugui.cli.indices_file import read_indices
from mugui.data.load import load_dataset
from mugui.errors import ConfigError, MuguiError
from mugui.metrics_json import write_metrics
from mugui.model_file import save_model
from mugui.my_data import load_my_data
from mugui.presets import PRESET_KEY, PRESETS, get_preset
from mugui.training.config import (
    FIELD_CHOICES,
    FIELD_RANGES,
    SCHEDULES,
    SHUFFLES,
    SWITCHES,
    TrainConfig,
)
from mugui.training.events import EpochEnd
from mugui.training.run_metrics import run_metrics
from mugui.training.trainer import Trainer

OVERRIDES = {
    "epochs": "epochs",
    "lr": "lr",
    "momentum": "momentum",
    "batch_size": "batch_size",
    "hidden": "hidden",
    "hidden2": "hidden2",
    "seed": "seed",
    "weight_decay": "weight_decay",
    "style_strokes": "style_strokes",
    "outlier_exposure": "outlier_exposure",
    "elastic": "elastic",
    "schedule": "schedule",
    "shuffle": "shuffle",
    "architecture": "architecture",
}


HELP = "train a model (headless)"
DESCRIPTION = (
    "Train the MLP or the CNN on the bundled digits or an IDX folder. Presets reproduce "
    "the C programs; --bug switches a training bug on top of a preset. --architecture cnn "
    "without a --preset starts from the 'cnn' preset (lr 0.05 falling to 0, 6 epochs)."
)
EPILOG = "bugs:\n" + "\n".join(f"  {b.name:20s} {b.summary}" for b in BUGS.values())


def add_arguments(p: argparse.ArgumentParser) -> None:
    add_data_argument(
        p,
        "'bundled' (default), 'mnist' (the full MNIST from `mugui data fetch`) or a folder of IDX files",
    )
    p.add_argument(
        "--my-data",
        metavar="FILE|DIR",
        help="mix your own drawings into the training set: an experiment file saved by the "
        "window, or a folder with subfolders 0/ to 9/ of image files",
    )
    p.add_argument(
        "--preset",
        choices=list(PRESETS),
        help="starting configuration (default: healthy; cnn with --architecture cnn)",
    )
    for field, allowed in FIELD_RANGES.items():
        p.add_argument(
            "--" + field.replace("_", "-"),
            dest=field,
            type=int if allowed.whole else float,
            help=allowed.text,
        )
    for field, choice in FIELD_CHOICES.items():
        p.add_argument(
            "--" + field.replace("_", "-"),
            dest=field,
            choices=choice.choices,
            help=choice.text.replace("%", "%%"),
        )
    p.add_argument(
        "--schedule", choices=SCHEDULES, help="mean (mini-batch) or sequential (the C programs)"
    )
    p.add_argument("--shuffle", choices=SHUFFLES)
    p.add_argument(
        "--bug", action="append", default=[], metavar="NAME", help="switch a bug on (repeatable)"
    )
    p.add_argument(
        "--no-bug", action="append", default=[], metavar="NAME", help="switch a preset's bug off"
    )
    for name, switch in SWITCHES.items():
        p.add_argument("--" + name, action="store_true", help=switch.help)
    p.add_argument(
        "--record-updates", action="store_true", help="record batch updates for amnesiac unlearning"
    )
    p.add_argument(
        "--record-indices",
        metavar="FILE",
        help="with --record-updates: also record these training samples as their own group "
        "(so amnesiac can forget exactly them later)",
    )
    p.add_argument("--out", metavar="MODEL.npz", help="save the trained model")
    p.add_argument("--metrics", metavar="FILE.json", help="write metrics as JSON")
    p.add_argument("--list-bugs", action="store_true", help="print the bug catalogue and exit")
    p.add_argument("--list-presets", action="store_true", help="print the presets and exit")


def preset_name(args) -> str:
    """The preset the run starts from: ``--preset``, else the one of ``--architecture``."""
    return args.preset or ("cnn" if args.architecture == "cnn" else "healthy")


def build_config(args) -> TrainConfig:
    """The preset's config with the command line's overrides and bug switches."""
    base = get_preset(preset_name(args)).config
    changes = {
        field: getattr(args, attr)
        for attr, field in OVERRIDES.items()
        if getattr(args, attr) is not None
    }
    bugs = [b for b in base.bugs if b not in args.no_bug] + [
        b for b in args.bug if b not in base.bugs
    ]
    for name in (*args.bug, *args.no_bug):
        if name not in BUGS:
            raise_unknown(name)
    changes["bugs"] = tuple(bugs)
    for name in SWITCHES:
        if getattr(args, name):
            changes[name] = True
    if args.record_updates:
        changes["record_updates"] = True
    return base.replace(**changes)


def record_groups(args, dataset) -> dict | None:
    """The default record groups (each class, "my data") plus the samples of --record-indices."""
    if not args.record_indices:
        return None
    if not args.record_updates:
        raise ConfigError("record_indices", "needs --record-updates")
    indices = np.unique(read_indices(Path(args.record_indices)))
    if indices.size == 0 or indices[0] < 0 or indices[-1] >= dataset.n_train:
        raise ConfigError("record_indices", f"indices must lie in 0..{dataset.n_train - 1}")
    groups = {f"class {c}": np.flatnonzero(dataset.train_y == c) for c in range(10)}
    if dataset.n_user:
        groups["my data"] = dataset.user_indices
    groups[f"indices from {Path(args.record_indices).name}"] = indices
    return groups


def raise_unknown(name: str) -> None:
    raise ConfigError("bug", f"unknown bug {name!r}; see mugui train --list-bugs")


def run(args) -> int:
    if args.list_bugs:
        for bug in BUGS.values():
            print(f"{bug.name:20s} {bug.summary}\n{'':20s} provenance: {bug.provenance}")
        return 0
    if args.list_presets:
        for preset in PRESETS.values():
            print(f"{preset.name:12s} {preset.title}: {preset.description}")
        return 0
    config = build_config(args)
    for flag, path in (("--out", args.out), ("--metrics", args.metrics)):
        problem = unwritable_reason(path) if path else ""
        if problem:
            raise MuguiError(f"{flag} {problem}")
    dataset = load_dataset(args.data)
    if args.my_data:
        dataset = dataset.with_user_samples(*load_my_data(args.my_data))
    config.validate(dataset.n_train)
    trainer = Trainer(
        dataset, config, record_groups=record_groups(args, dataset), fit_typicality=True
    )
    verbose = sys.stderr.isatty()
    finished = None
    for event in trainer.run():
        if isinstance(event, EpochEnd) and verbose:
            print(
                f"epoch {event.epoch:3d}/{config.epochs}  loss {event.loss:.4f}  "
                f"{event.reported_on} acc {event.reported_accuracy:.4f}",
                file=sys.stderr,
            )
        finished = event
    model, history = trainer.model, trainer.history
    payload = run_metrics(model, dataset, history, trainer.bugs)
    final_accuracy = payload["final"]["test_accuracy"]
    last = history.epochs[-1] if history.epochs else None
    summary = history.to_dict()
    if config.record_updates:
        payload["recording"] = trainer.recorder.describe()
    if args.out:
        extras = trainer.recorder.to_arrays() if config.record_updates else None
        meta = {"data": dataset.describe(), PRESET_KEY: preset_name(args)}
        if config.record_updates:
            meta["record_groups"] = list(trainer.recorder.names)
        save_model(model, args.out, meta, extras)
    if args.metrics:
        write_metrics(args.metrics, payload)
    reported = ""
    if last and last["reported_on"] == "train":
        reported = f", reported {last['reported_accuracy']:.4f} (measured on TRAINING data)"
    print(
        f"trained {_name(model)} on {dataset.name}"
        + (f" + {dataset.n_user} of your drawings" if dataset.n_user else "")
        + f" for {len(history.epochs)} epochs "
        f"({finished.reason if finished else 'none'}): test accuracy {final_accuracy:.4f}{reported}, "
        f"{summary['seconds']:.1f} s, {summary['samples_per_second']:.0f} samples/s"
        + (f" [{history.message}]" if history.message else "")
        + (f"; saved to {args.out}" if args.out else "; model not saved (use --out MODEL.npz)")
    )
    return 0


def _name(model) -> str:
    """``784-256-10`` for an MLP, ``CNN 8-16-256`` for the CNN."""
    return model.describe() if model.is_cnn else "-".join(map(str, model.sizes))
