"""`mugui sweep`: run a study (methods × targets × seeds) on Ray; `--report` rebuilds its summary."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from mugui.errors import MuguiError
from mugui.sweep.plan import Plan, expand, study_dataset
from mugui.sweep.report import Report, rebuild_report, write_report
from mugui.sweep.store import Store
from mugui.sweep.study import load_study

EXAMPLE = """\
example study (TOML):
  name = "finetune vs output_zero"
  seeds = [0, 1]
  targets = ["class:3", "random:100"]
  [data]
  train_subset = 2000
  [model]
  hidden = 64
  epochs = 3
  [[methods]]
  name = "finetune"
  params = { epochs = [1, 2] }
  [[methods]]
  name = "output_zero"
  [metrics]
  forgetting_quality = 8

targets: class:D, fraction:D:F, count:D:N, random:N[:SEED], my data
exit codes: 0 all rows done, 1 some tasks failed, 2 bad study or no Ray, 130 cancelled
"""


HELP = "run a study of methods × targets × seeds on Ray (local or a cluster)"
DESCRIPTION = (
    "Expand a study into deduplicated tasks and run them on Ray: a local Ray on\n"
    "this machine's cores by default, a cluster with --address or RAY_ADDRESS. A re-run\n"
    "resumes, skipping finished tasks. Needs the cluster extra: pip install 'mugui[cluster]'."
)
EPILOG = EXAMPLE


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("study", nargs="?", metavar="STUDY", help="the study file (.toml or .json)")
    p.add_argument(
        "--address",
        metavar="ADDR",
        help="a Ray cluster (ray://HOST:10001 or HOST:6379); default: RAY_ADDRESS, else local",
    )
    p.add_argument(
        "--workers", type=int, metavar="N", help="CPUs of the local Ray (default: all cores)"
    )
    p.add_argument("--out", metavar="DIR", help="results folder (default: the study's 'output')")
    p.add_argument(
        "--dry-run", action="store_true", help="print the tasks the study expands to and stop"
    )
    p.add_argument(
        "--report",
        metavar="RESULTS",
        help="rebuild summary and plots from a results file (.parquet/.csv) or folder",
    )


def run(args) -> int:
    if args.report:
        if args.study:
            raise MuguiError("give either a STUDY to run or --report RESULTS, not both")
        report = rebuild_report(args.report)
        _print_report(report)
        return 0
    if not args.study:
        raise MuguiError("give a study file (see mugui sweep --help), or --report RESULTS")
    if args.workers is not None and args.workers < 1:
        raise MuguiError(f"--workers must be at least 1, got {args.workers}")
    if args.workers is not None and args.address:
        raise MuguiError("--workers sizes the local Ray; a cluster (--address) has its own CPUs")
    study = load_study(args.study)
    out = Path(args.out) if args.out else study.output
    plan = expand(study, study_dataset(study))
    store = Store(out)
    stored = sum(store.finished(r.key) for r in plan.rows)
    print(_plan_line(plan, stored))
    if args.dry_run:
        return 0
    from mugui.sweep.ray_runner import RaySession, SweepCancelled, run_plan

    store.open()
    with RaySession(args.address, args.workers) as session:
        where = "local Ray on 127.0.0.1" if session.local else f"Ray cluster {session.address}"
        print(f"running on {where} with {session.cpus()} CPUs; results in {out}", flush=True)
        try:
            outcome = run_plan(session, plan, store, _progress_printer())
        except SweepCancelled as exc:
            _write(plan, store, out)
            sys.stderr.write(f"\nmugui: {exc}\n")
            return 130
    report = _write(plan, store, out)
    _print_report(report)
    print(
        f"{len(outcome.computed)} tasks computed, {len(outcome.stored)} reused from earlier "
        f"runs, {len(outcome.failed)} failed, {outcome.seconds:.1f} s"
    )
    failed = [store.row(r.key) for r in plan.rows if not store.finished(r.key)]
    for row in [r for r in failed if r][:10]:
        print(
            f"failed: {row['method']} {row['params']} on {row['target']} seed {row['seed']}: {row['error']}"
        )
    return 1 if outcome.failed else 0


def _plan_line(plan: Plan, stored: int) -> str:
    study = plan.study
    settings = sum(len(m.settings) for m in study.methods)
    models = f" × {len(study.configs)} model settings" if len(study.configs) > 1 else ""
    return (
        f"study {study.name!r}: {len(plan.rows)} rows ({settings} method settings × "
        f"{len(study.targets)} targets{models} × {len(study.seeds)} seeds) from "
        f"{len(plan.originals)} originals and {len(plan.references)} references; "
        f"{stored} rows already done"
    )


def _write(plan: Plan, store: Store, out: Path) -> Report | None:
    rows = [row for row in (store.row(r.key) for r in plan.rows) if row is not None]
    return write_report(rows, out) if rows else None


def _print_report(report: Report | None) -> None:
    if report is None:
        return
    print(report.markdown, end="")
    if report.plots_missing:
        print(f"no plots: {report.plots_missing}")
    print("wrote " + ", ".join(str(p) for p in report.files))


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    minutes, secs = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _progress_printer():
    """One updating line on a terminal; otherwise a line at most every 10 s and at the end."""
    tty = sys.stderr.isatty()
    last = {"printed": 0.0}

    def show(progress) -> None:
        finished = progress.done + progress.failed
        line = (
            f"{finished}/{progress.total} tasks, {progress.failed} failed, "
            f"{progress.stored} stored, {_clock(progress.elapsed)} elapsed, "
            f"ETA {_clock(progress.eta)}"
        )
        if tty:
            width = 20
            filled = int(width * finished / max(1, progress.total))
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {line} ")
            if finished == progress.total:
                sys.stderr.write("\n")
        elif finished == progress.total or time.monotonic() - last["printed"] >= 10:
            sys.stderr.write(line + "\n")
            last["printed"] = time.monotonic()
        sys.stderr.flush()

    return show
