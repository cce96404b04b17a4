"""Running a plan as Ray tasks: a local Ray on loopback by default, a cluster by address.

The local Ray is started with ``RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0`` set before Ray is imported,
which keeps every Ray service on 127.0.0.1 (``_node_ip_address`` alone does not). Every task gets
one CPU and one BLAS/OpenMP thread; each worker process warms the numba kernels once. The driver
stores each result as it arrives, so Ctrl+C (or a kill) loses only the tasks that were running,
and a re-run skips everything stored.
"""

from __future__ import annotations

import os
import shlex
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from mugui.errors import MuguiError
from mugui.sweep import tasks
from mugui.sweep.plan import Plan, ReferenceTask, RowTask
from mugui.sweep.results import identity_columns
from mugui.sweep.store import Store
from mugui.unlearning.reference_cache import DEFAULT_CACHE

INSTALL_HINT = "mugui sweep runs on Ray, which is not installed: pip install 'mugui[cluster]'"
LOOPBACK_ENV = "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"
THREAD_ENV = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NUMBA_NUM_THREADS": "1",
}
WAIT_SECONDS = 0.25


class SweepCancelled(MuguiError):
    """The user stopped the sweep; everything finished so far is stored."""


def import_ray(local: bool):
    """Ray, imported so that a local start stays on loopback; a clear error when not installed."""
    if local:
        os.environ[LOOPBACK_ENV] = "0"
    try:
        import ray
        from ray._private import ray_constants
    except ImportError:
        raise MuguiError(INSTALL_HINT) from None
    if local and ray_constants.ENABLE_RAY_CLUSTER:
        raise MuguiError(
            "Ray was imported before mugui could keep the local Ray on loopback; "
            f"set {LOOPBACK_ENV}=0 in the environment"
        )
    return ray


class RaySession:
    """Connect to Ray for a sweep: ``address`` (or ``RAY_ADDRESS``) or a local Ray of ``workers`` CPUs.

    A session already connected in this process is used as it is and left running.
    """

    def __init__(self, address: str | None = None, workers: int | None = None) -> None:
        self.address = address or os.environ.get("RAY_ADDRESS") or None
        self.workers = workers
        self.started = False
        self.ray = None

    @property
    def local(self) -> bool:
        return self.address is None

    def __enter__(self) -> RaySession:
        ray = self.ray = import_ray(self.local)
        if ray.is_initialized():
            return self
        runtime_env: dict[str, object] = {"env_vars": THREAD_ENV}
        if self.local:
            # this very interpreter, quoted: Ray puts it unquoted into the shell command that
            # starts a worker with a runtime environment, so from a folder with a space in its
            # name no worker ever started and the sweep waited for good
            runtime_env["py_executable"] = shlex.quote(sys.executable)
        options = {"runtime_env": runtime_env, "logging_level": "ERROR", "log_to_driver": False}
        try:
            if self.local:
                ray.init(
                    address="local",
                    num_cpus=self.workers or os.cpu_count() or 1,
                    include_dashboard=False,
                    _node_ip_address="127.0.0.1",
                    **options,
                )
            else:
                ray.init(address=self.address, **options)
        except (OSError, ValueError, RuntimeError) as exc:  # OSError: also ~/.ray not writable
            where = self.address or "a local Ray"
            raise MuguiError(f"cannot start or reach {where}: {exc}") from None
        self.started = True
        return self

    def __exit__(self, *exc_info) -> None:
        if self.started:
            self.ray.shutdown()
            self.started = False

    def cpus(self) -> int:
        return int(self.ray.cluster_resources().get("CPU", 0))


@dataclass
class SweepProgress:
    """Where a sweep stands: tasks run now (done/failed) out of ``total``, plus stored ones."""

    done: int
    failed: int
    total: int  # tasks to run in this call
    stored: int  # tasks skipped because their result was stored by an earlier run
    elapsed: float

    @property
    def eta(self) -> float | None:
        finished = self.done + self.failed
        if finished == 0:
            return None
        return self.elapsed / finished * (self.total - finished)


@dataclass
class SweepOutcome:
    computed: list[str] = field(default_factory=list)  # keys of the tasks run now (ok)
    failed: list[str] = field(default_factory=list)
    stored: list[str] = field(default_factory=list)  # keys skipped as already finished
    seconds: float = 0.0


def _original_task(task, dataset):
    return tasks.train_original(task, dataset)


def _reference_task(task, dataset, forget):
    return tasks.train_reference(task, dataset, forget)


def _row_task(task, metrics, dataset, forget, original, seeds, *models):
    return tasks.compute_row(
        task, metrics, dataset, forget, original, list(zip(seeds, models, strict=True))
    )


def _error_text(exc: BaseException) -> str:
    """The user-facing cause of a failed Ray task (its original exception, not Ray's wrapper)."""
    cause = getattr(exc, "cause", None) or exc
    if isinstance(cause, MuguiError):
        return str(cause)
    lines = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {lines[-1] if lines else ''}".strip()


def run_plan(
    session: RaySession,
    plan: Plan,
    store: Store,
    on_progress: Callable[[SweepProgress], None] | None = None,
) -> SweepOutcome:
    """Run every task of ``plan`` not stored yet; store each result the moment it arrives.

    A failed task is stored as a failed row (or, for a model, fails the rows that need it) and
    the others go on. Ctrl+C cancels the running tasks and raises SweepCancelled.
    """
    ray = session.ray
    started = time.perf_counter()
    outcome = SweepOutcome()
    remote = {"num_cpus": 1, "max_retries": 0}
    train_original = ray.remote(**remote)(_original_task)
    train_reference = ray.remote(**remote)(_reference_task)
    compute_row = ray.remote(**remote)(_row_task)
    outcome.stored = [r.key for r in plan.rows if store.finished(r.key)]
    finished = set(outcome.stored)
    todo = [r for r in plan.rows if r.key not in finished]
    if not todo:
        return outcome
    dataset = ray.put(plan.dataset)
    forgets = {t: ray.put(f) for t, f in plan.forget_sets.items()}
    pending: dict = {}
    originals = {}
    for key in dict.fromkeys(r.original for r in todo):
        stored = store.original(key)
        if stored is not None:
            originals[key] = ray.put(stored)
            outcome.stored.append(key)
        else:
            originals[key] = ref = train_original.remote(plan.originals[key], dataset)
            pending[ref] = ("original", key)
    references = {}
    for key in dict.fromkeys(k for r in todo for k in r.references):
        task: ReferenceTask = plan.references[key]
        stored = DEFAULT_CACHE.stored(key)
        if stored is not None:
            references[key] = ray.put(stored)
            outcome.stored.append(key)
        else:
            references[key] = ref = train_reference.remote(task, dataset, forgets[task.target])
            pending[ref] = ("reference", key)
    rows: dict[str, RowTask] = {}
    for row in todo:
        seeds = [plan.references[k].seed for k in row.references]
        ref = compute_row.remote(
            row, plan.study.metrics, dataset, forgets[row.target], originals[row.original],
            seeds, *(references[k] for k in row.references),
        )  # fmt: skip
        pending[ref] = ("row", row.key)
        rows[row.key] = row
    progress = SweepProgress(0, 0, len(pending), len(outcome.stored), 0.0)
    try:
        while pending:
            ready, _ = ray.wait(list(pending), num_returns=1, timeout=WAIT_SECONDS)
            for ref in ready:
                kind, key = pending.pop(ref)
                value = error = None
                try:
                    value = ray.get(ref)
                except Exception as exc:  # a task's own error, wrapped by Ray
                    error = _error_text(exc)
                _keep(plan, store, kind, key, value, error, rows)
                (outcome.failed if error else outcome.computed).append(key)
                progress.failed += error is not None
                progress.done += error is None
            progress.elapsed = time.perf_counter() - started
            if on_progress is not None:
                on_progress(progress)
    except KeyboardInterrupt:
        for ref in pending:
            ray.cancel(ref)
        outcome.seconds = time.perf_counter() - started
        raise SweepCancelled(
            f"sweep cancelled: {len(outcome.computed)} tasks finished and stored, "
            f"{len(pending)} cancelled; run the same command again to resume"
        ) from None
    outcome.seconds = time.perf_counter() - started
    return outcome


def _keep(plan: Plan, store: Store, kind: str, key: str, value, error, rows) -> None:
    """Store one finished task: an original in the study's folder, a reference in the cache, a row."""
    if kind == "original" and error is None:
        store.save_original(key, value)
    elif kind == "reference" and error is None:
        task = plan.references[key]
        tasks.cache_reference(
            plan.dataset, task.config, plan.forget_sets[task.target], task.seed, value
        )
    elif kind == "row":
        row = identity_columns(plan.study.name, rows[key], "failed" if error else "ok", error)
        store.save_row({**row, **(value or {})})
