"""The work of each sweep task, as plain engine calls: no Ray here, so every piece runs anywhere.

A row reads its original and references as arguments (on a cluster they travel through Ray's
object store) and writes the references into this machine's reference cache before measuring,
so the engine's own code finds them there instead of retraining.
"""

from __future__ import annotations

import os
import socket
import time
from dataclasses import dataclass

from mugui.data.dataset import Dataset
from mugui.errors import MuguiError, UnlearningError
from mugui.model import Model
from mugui.model_file import save_model
from mugui.runs.events import run_to_end
from mugui.runs.unlearn import UnlearnSpec, training_config, unlearn_events
from mugui.runs.verify import verify_events
from mugui.sweep.plan import OriginalTask, ReferenceTask, RowTask
from mugui.sweep.results import PER_EXAMPLE_EPSILONS, PER_EXAMPLE_SAMPLES, report_columns
from mugui.sweep.study import Metrics
from mugui.training.config import TrainConfig
from mugui.training.trainer import Trainer
from mugui.unlearning.forget_set import ForgetSet
from mugui.unlearning.reference_cache import DEFAULT_CACHE, reference_key, retrain_reference
from mugui.verification.forgetting_quality import forgetting_quality

_warm = False


def prepare_worker() -> None:
    """Compile (or load) the numba kernels once per worker process, before its first task."""
    global _warm
    if not _warm:
        from mugui.training.warmup import warm_up

        warm_up()
        _warm = True


@dataclass
class Original:
    """A trained original model and what its file carries beside the weights (recordings)."""

    model: Model
    extras: dict


def train_original(task: OriginalTask, dataset: Dataset) -> Original:
    """Train the original of one seed; a diverged or stopped training fails the task."""
    prepare_worker()
    trainer = Trainer(dataset, task.config)
    for _ in trainer.run():
        pass
    if trainer.history.finished != "completed":
        raise UnlearningError(f"training the original did not complete: {trainer.history.message}")
    extras = trainer.recorder.to_arrays() if task.config.record_updates else {}
    return Original(trainer.model, extras)


def train_reference(task: ReferenceTask, dataset: Dataset, forget: ForgetSet) -> Model:
    """The retrain reference, from this machine's reference cache or trained now (and cached)."""
    prepare_worker()
    return retrain_reference(dataset, task.config, forget, task.seed)


def cache_reference(
    dataset: Dataset, config: TrainConfig, forget: ForgetSet, seed: int, model: Model
) -> None:
    """Put a reference trained elsewhere into this machine's cache (best effort, as the cache)."""
    key = reference_key(dataset, config, forget, seed)
    path = DEFAULT_CACHE.path_for(key)
    if path.is_file():
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        save_model(model, path, metadata={"reference_key": key, "forget": forget.to_dict()})
    except (OSError, MuguiError):
        pass


def compute_row(
    task: RowTask,
    metrics: Metrics,
    dataset: Dataset,
    forget: ForgetSet,
    original: Original,
    references: list[tuple[int, Model]],
) -> dict:
    """Unlearn and verify exactly as ``mugui unlearn`` does, as one flat row.

    The forgetting quality is the same engine call that ``verify_events`` makes, with one
    thread instead of one per core: the task holds one CPU.
    """
    prepare_worker()
    started, cpu_started = time.perf_counter(), time.process_time()
    config = training_config(original.model)
    for seed, model in references:
        cache_reference(dataset, config, forget, seed, model)
    spec = UnlearnSpec(
        original.model, dataset, forget, task.method, dict(task.params), original.extras, config
    )
    outcome = run_to_end(unlearn_events(spec))
    report = run_to_end(
        verify_events(
            original.model, outcome, dataset, config=config, seeds=metrics.references,
            relearn_on=metrics.relearn, extras=original.extras,
        )
    )  # fmt: skip
    if metrics.forgetting_quality:
        quality = forgetting_quality(
            original.model, outcome.method, outcome.params, dataset, forget, config,
            metrics.forgetting_quality, original.extras, workers=1,
        )  # fmt: skip
        report["forgetting_quality"] = quality.to_dict()
    per_example = {}
    if metrics.per_example and metrics.forgetting_quality:
        per_example = {
            PER_EXAMPLE_SAMPLES: forget.indices.tolist(),
            PER_EXAMPLE_EPSILONS: quality.epsilons.tolist(),
        }
    return {
        **report_columns(report),
        **per_example,
        "task_seconds": time.perf_counter() - started,
        "task_cpu_seconds": time.process_time() - cpu_started,
        "worker": f"{socket.gethostname()}:{os.getpid()}",
        "blas_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
    }
