"""Wall time of a small sweep on this machine with 1 and 2 local Ray workers.

    .venv/bin/python benchmarks/bench_sweep.py [--study benchmarks/sweep_study.toml] [--workers 1 2]

Each run is a fresh `mugui sweep` process with an empty results folder and an empty reference
cache (so every original, reference and row is computed), on a local Ray of N CPUs; with
``--repeat`` the worker counts alternate (1, 2, 1, 2, ...) so that a change in the machine's load
hits both. Reported:
the whole command (Ray start-up, planning, report and plots included) and the time the tasks took
on Ray, as the command prints it, and the speedup over the first worker count.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(study: Path, workers: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "MUGUI_REFERENCE_CACHE": str(Path(tmp) / "references")}
        command = [sys.executable, "-m", "mugui", "sweep", str(study), "--workers", str(workers)]
        started = time.perf_counter()
        done = subprocess.run(
            [*command, "--out", str(Path(tmp) / "out")], env=env, capture_output=True, text=True
        )
        wall = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"sweep failed ({done.returncode}): {done.stderr[-2000:]}")
    found = re.search(r"(\d+) tasks computed.*?, ([\d.]+) s", done.stdout)
    return {
        "workers": workers,
        "wall_seconds": wall,
        "tasks": int(found[1]),
        "task_seconds": float(found[2]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--study", type=Path, default=ROOT / "benchmarks" / "sweep_study.toml")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1, help="interleaved repetitions")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    results = [run(args.study, n) for _ in range(args.repeat) for n in args.workers]
    base = results[0]
    for r in results:
        r["speedup_tasks"] = base["task_seconds"] / r["task_seconds"]
        r["speedup_wall"] = base["wall_seconds"] / r["wall_seconds"]
        print(
            f"{r['workers']} workers: {r['tasks']} tasks in {r['task_seconds']:.1f} s on Ray "
            f"({r['wall_seconds']:.1f} s for the whole command); speedup {r['speedup_tasks']:.2f}x "
            f"(whole command {r['speedup_wall']:.2f}x)"
        )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
