"""`mugui data info|fetch`: summarise a data set, or download MNIST into the per-user cache."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from mugui.atomic_write import write_atomically
from mugui.data.dataset import Dataset
from mugui.data.fetch import Progress, default_cache_dir, fetch_mnist
from mugui.data.load import BUNDLED, load_dataset

HELP = "inspect or download data sets"


def add_arguments(data: argparse.ArgumentParser) -> None:
    """`mugui data` has two subcommands, `info` and `fetch`, each with its own ``func``."""
    actions = data.add_subparsers(dest="data_command", metavar="ACTION", required=True)
    info = actions.add_parser("info", help="one-line summary of a data set")
    info.add_argument(
        "source",
        nargs="?",
        default=BUNDLED,
        metavar="DIR|bundled|mnist",
        help="a folder of IDX files, 'bundled' (default) or 'mnist' (fetched by `mugui data fetch`)",
    )
    _add_metrics_argument(info, "the summary")
    info.set_defaults(func=run_info)
    fetch = actions.add_parser("fetch", help="download MNIST (four IDX .gz files, verified)")
    fetch.add_argument(
        "dest",
        nargs="?",
        type=Path,
        metavar="DIR",
        help=f"target folder (default: {default_cache_dir()})",
    )
    fetch.add_argument(
        "--mirror",
        action="append",
        metavar="URL",
        help="download from this base URL instead of the public mirrors "
        "(repeatable, tried in order)",
    )
    _add_metrics_argument(fetch, "the summary of the downloaded set")
    fetch.set_defaults(func=run_fetch)


def _add_metrics_argument(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--metrics", type=Path, metavar="FILE.json", help=f"also write {what} as JSON"
    )


def run_info(args: argparse.Namespace) -> int:
    """Print one line about the data set and optionally write its description as JSON."""
    dataset = load_dataset(args.source)
    print(summary_line(dataset))
    if args.metrics:
        write_json(args.metrics, dataset.describe())
    return 0


def run_fetch(args: argparse.Namespace) -> int:
    """Download (or verify) the MNIST files, then load them to prove they are usable."""
    dest = fetch_mnist(args.dest, mirrors=args.mirror, progress=_progress_printer())
    dataset = load_dataset(dest)
    print(f"{dest}: {summary_line(dataset)}")
    if args.metrics:
        write_json(args.metrics, dataset.describe())
    return 0


def summary_line(dataset: Dataset) -> str:
    """Name, sizes and per-class counts of the training set, in one line."""
    counts = dataset.describe()["train_class_counts"]
    per_class = " ".join(f"{name}:{n}" for name, n in zip(dataset.class_names, counts, strict=True))
    return (
        f"{dataset.name}: {dataset.n_train:,} train, {dataset.n_test:,} test; "
        f"train per class {per_class}"
    )


def write_json(path: Path, payload: dict) -> None:
    """Write payload as JSON atomically (temp file then rename): nothing is half-written."""
    text = json.dumps(payload, indent=2).encode("utf-8")
    write_atomically(path, lambda out: out.write(text))


def _progress_printer() -> Progress | None:
    """A download progress callback drawing one updating line on a terminal, else None."""
    if not sys.stderr.isatty():
        return None

    def show(name: str, done: int, total: int | None) -> None:
        share = f" {done / total:.0%}" if total else ""
        end = "\n" if total and done >= total else ""
        sys.stderr.write(f"\r{name}: {done / 1e6:.1f} MB{share}{end}")
        sys.stderr.flush()

    return show
