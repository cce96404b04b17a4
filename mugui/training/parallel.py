"""Independent jobs (trainings, unlearning runs, shadow models) side by side, one per core.

The kernels release the GIL (numba ``nogil``), so plain threads train on all cores at once
and share the data sets and the compiled kernels, with no copies or pickling as processes
would need.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from typing import TypeVar

T = TypeVar("T")
POLL_SECONDS = 0.1


def default_workers() -> int:
    """One worker per core."""
    return os.cpu_count() or 1


def run_parallel(
    jobs: Sequence[Callable[[], T]],
    workers: int | None = None,
    should_stop: Callable[[], bool] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> list[T] | None:
    """The results of ``jobs`` in their order, ``workers`` at a time (default: one per core).

    ``on_progress(done, total)`` is called as jobs finish; when ``should_stop()`` turns true,
    jobs not started are cancelled, running ones are awaited, and None is returned. A job's
    exception is raised here.
    """
    results: list = [None] * len(jobs)
    with ThreadPoolExecutor(max_workers=workers or default_workers()) as pool:
        pending = {pool.submit(job): i for i, job in enumerate(jobs)}
        finished = 0
        while pending:
            done, _ = wait(pending, timeout=POLL_SECONDS, return_when=FIRST_COMPLETED)
            for future in done:
                results[pending.pop(future)] = future.result()
                finished += 1
            if should_stop is not None and should_stop():
                for future in pending:
                    future.cancel()
                return None
            if on_progress is not None and done:
                on_progress(finished, len(jobs))
    return results
