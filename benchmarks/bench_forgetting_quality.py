"""Time of the forgetting-quality score (N runs of a method + N retrained references).

    .venv/bin/python benchmarks/bench_forgetting_quality.py [--n 16] [--method finetune]
        [--workers 1 2] [--repeat 1] [--json FILE]

On the bundled digits: a model trained with the default settings (seed 0), 100 random samples
forgotten (seed 0), the score computed with an empty reference cache (so all N references are
retrained) for each worker count in turn (1, 2, 1, 2, ... with ``--repeat``, so that a change in
the machine's load hits both). Reported per run: wall seconds, the process's CPU seconds, and
the CPU seconds of the busiest worker thread, which is what the wall time would be on free
cores (the machine this runs on is usually shared), with the score itself and the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

from mugui.data.load import load_dataset
from mugui.training.config import TrainConfig
from mugui.training.trainer import train
from mugui.unlearning import forget_set
from mugui.unlearning.reference_cache import CACHE_ENV, DEFAULT_CACHE
from mugui.verification import forgetting_quality as fq


class ThreadClock:
    """CPU seconds spent in each thread that ran jobs of ``run_parallel``."""

    def __init__(self) -> None:
        self.seconds: dict[int, float] = defaultdict(float)
        self._lock = threading.Lock()
        self._run_parallel = fq.run_parallel

    def __enter__(self) -> ThreadClock:
        def timed(job):
            def run():
                start = time.thread_time()
                try:
                    return job()
                finally:
                    with self._lock:
                        self.seconds[threading.get_ident()] += time.thread_time() - start

            return run

        fq.run_parallel = lambda jobs, *a, **k: self._run_parallel(  # type: ignore[assignment]
            [timed(j) for j in jobs], *a, **k
        )
        return self

    def __exit__(self, *exc) -> None:
        fq.run_parallel = self._run_parallel  # type: ignore[assignment]


def measure(model, dataset, forget, config, method: str, n: int, workers: int) -> dict:
    with tempfile.TemporaryDirectory() as cache:
        os.environ[CACHE_ENV] = cache
        DEFAULT_CACHE.clear_memory()  # every reference is trained anew
        trained = DEFAULT_CACHE.trained
        load = os.getloadavg()[0]
        wall, cpu = time.perf_counter(), time.process_time()
        with ThreadClock() as clock:
            quality = fq.forgetting_quality(
                model, method, {}, dataset, forget, config, n=n, workers=workers
            )
        if DEFAULT_CACHE.trained - trained != n:
            raise SystemExit("the references did not all train anew")
        return {
            "workers": workers,
            "n": n,
            "method": method,
            "wall_seconds": time.perf_counter() - wall,
            "cpu_seconds": time.process_time() - cpu,
            "busiest_worker_cpu_seconds": max(clock.seconds.values()),
            "worker_cpu_seconds": sorted(clock.seconds.values()),
            "score": quality.score,
            "forget_score": quality.forget_score,
            "load_average_1min": load,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=16)
    parser.add_argument("--method", default="finetune")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    dataset = load_dataset("bundled")
    config = TrainConfig(seed=0)
    model, _ = train(dataset, config)
    forget = forget_set.forget_random(dataset, 100, seed=0)
    fq.forgetting_quality(model, args.method, {}, dataset, forget, config, n=3)  # warm kernels
    results = []
    for _ in range(args.repeat):
        for workers in args.workers:
            row = measure(model, dataset, forget, config, args.method, args.n, workers)
            results.append(row)
            print(
                f"N={row['n']} {row['method']}, {workers} worker(s): wall {row['wall_seconds']:.1f} s, "
                f"CPU {row['cpu_seconds']:.1f} s, busiest worker {row['busiest_worker_cpu_seconds']:.1f} "
                f"CPU s; score {row['score']:.4f} (F {row['forget_score']:.4f}); "
                f"load {row['load_average_1min']:.1f}",
                flush=True,
            )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
