"""SISA training: split the data into shards and slices, train each stage, retrain from a checkpoint."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from mugui.data.dataset import Dataset
from mugui.errors import TrainingDiverged, UnlearningError
from mugui.model import Model
from mugui.training.config import TrainConfig
from mugui.training.control import RunControl
from mugui.training.events import Finished, Progress
from mugui.training.trainer import Trainer
from mugui.unlearning.reference_cache import data_identity
from mugui.unlearning.registry import Cancelled
from mugui.unlearning.sisa_ensemble import SisaEnsemble, stage_epochs

ProgressCallback = Callable[[float, str], None]


def data_key(dataset: Dataset) -> str:
    """The hash part of :func:`data_identity`, as ensemble files have always stored it."""
    return data_identity(dataset).rsplit(":", 1)[-1]


def train_sisa(
    dataset: Dataset,
    config: TrainConfig,
    shards: int = 5,
    slices: int = 4,
    control: RunControl | None = None,
    on_progress: ProgressCallback | None = None,
) -> SisaEnsemble:
    """Split the training set at random into ``shards`` × ``slices`` and train every shard."""
    if not 1 <= shards <= 64 or not 1 <= slices <= 32:
        raise UnlearningError("SISA needs 1..64 shards and 1..32 slices")
    if shards * slices > dataset.n_train:
        raise UnlearningError(
            f"{shards} shards × {slices} slices is more pieces than {dataset.n_train} samples"
        )
    config = config.replace(record_updates=False)
    order = np.random.default_rng([config.seed, 5151]).permutation(dataset.n_train)
    parts = [np.sort(p) for p in np.array_split(order, shards)]
    cut = [[np.sort(s) for s in np.array_split(p, slices)] for p in parts]
    n_params = Model.init(config.spec, 0).params.size
    ensemble = SisaEnsemble(
        config,
        [Model.init(config.spec, _shard_seed(config, k)) for k in range(shards)],
        cut,
        np.zeros((shards, slices, 2, n_params), dtype=np.float32),
        data_key(dataset),
    )
    started = time.perf_counter()
    _retrain_shards(ensemble, dataset, dict.fromkeys(range(shards), 0), control, on_progress)
    ensemble.train_seconds = time.perf_counter() - started
    return ensemble


def forget_samples(
    ensemble: SisaEnsemble,
    dataset: Dataset,
    indices: np.ndarray,
    control: RunControl | None = None,
    on_progress: ProgressCallback | None = None,
) -> tuple[SisaEnsemble, dict]:
    """A new ensemble without ``indices``: each affected shard is retrained from the checkpoint
    before its first affected slice, on what remains. Returns it with a report of the work."""
    if ensemble.data_key != data_key(dataset):
        raise UnlearningError("this SISA ensemble was trained on other data")
    result = ensemble.copy()
    where = result.shard_of()
    indices = np.asarray(indices, dtype=np.int64)
    present = indices[indices < where.shape[0]]
    located = where[present]
    located = located[located[:, 0] >= 0]
    first_stage: dict[int, int] = {}
    for k, r in located:
        first_stage[int(k)] = min(first_stage.get(int(k), int(r)), int(r))
    for k, shard in enumerate(result.slices):
        result.slices[k] = [np.setdiff1d(s, indices, assume_unique=True) for s in shard]
    cost_before = ensemble.total_cost()
    redo = sum(
        result.stage_cost(k, r)
        for k, first in first_stage.items()
        for r in range(first, result.n_slices)
    )
    started = time.perf_counter()
    _retrain_shards(result, dataset, first_stage, control, on_progress)
    seconds = time.perf_counter() - started
    info = {
        "shards": result.n_shards,
        "slices": result.n_slices,
        "samples_forgotten": int(located.shape[0]),
        "shards_retrained": sorted(first_stage),
        "shards_retrained_count": len(first_stage),
        "first_affected_slice": {str(k): r for k, r in sorted(first_stage.items())},
        "shard_slices_retrained": int(sum(result.n_slices - r for r in first_stage.values())),
        "shard_slices_total": result.n_shards * result.n_slices,
        "fraction_retrained": redo / cost_before if cost_before else 0.0,
        "compute_speedup": cost_before / redo if redo else float("inf"),
        "seconds": seconds,
        "ensemble_train_seconds": ensemble.train_seconds,
        "wall_speedup": ensemble.train_seconds / seconds if seconds > 0 else float("inf"),
    }
    return result, info


def _shard_seed(config: TrainConfig, shard: int, stage: int = -1) -> int:
    return (config.seed * 1_000_003 + shard * 1009 + stage + 1) % 2**32


def retrain_shard(
    ensemble: SisaEnsemble,
    dataset: Dataset,
    shard: int,
    first_stage: int,
    control: RunControl | None = None,
    on_progress: ProgressCallback | None = None,
) -> None:
    """Run stages ``first_stage``..R-1 of one shard, in place, from the checkpoint before them
    (stage 0 starts from the shard's seeded initialisation), on the shard's current slices;
    updates the shard model and its checkpoints. Progress goes from 0 to 1 over these stages."""
    config = ensemble.config
    if first_stage == 0:
        model = Model.init(config.spec, _shard_seed(config, shard))
        velocity = np.zeros_like(model.params)
    else:
        before = ensemble.checkpoints[shard, first_stage - 1]
        model = Model(config.spec, before[0].copy())
        velocity = before[1].copy()
    epochs = stage_epochs(config, ensemble.n_slices)
    total = sum(ensemble.stage_cost(shard, r) for r in range(first_stage, ensemble.n_slices))
    done = 0
    for stage in range(first_stage, ensemble.n_slices):
        seen = np.concatenate(ensemble.slices[shard][: stage + 1])
        cost = ensemble.stage_cost(shard, stage)
        if seen.size:
            part = Dataset(
                dataset.name,
                dataset.train_x[seen],
                dataset.train_y[seen],
                dataset.test_x,
                dataset.test_y,
            )
            stage_config = config.replace(
                seed=_shard_seed(config, shard, stage),
                epochs=epochs,
                batch_size=min(config.batch_size, int(seen.size)),
            )
            trainer = Trainer(part, stage_config, model, control, velocity=velocity)
            for event in trainer.run():
                if isinstance(event, Progress) and on_progress is not None:
                    within = (event.epoch - 1 + event.fraction) / event.epochs
                    on_progress(
                        (done + within * cost) / max(total, 1),
                        f"shard {shard + 1}/{ensemble.n_shards}, slice {stage + 1}/{ensemble.n_slices}",
                    )
                elif isinstance(event, Finished) and event.reason == "stopped":
                    raise Cancelled("SISA training was cancelled; nothing was changed")
                elif isinstance(event, Finished) and event.reason == "diverged":
                    raise TrainingDiverged(event.message)
            model, velocity = trainer.model, trainer.velocity
        ensemble.checkpoints[shard, stage, 0] = model.params
        ensemble.checkpoints[shard, stage, 1] = velocity
        done += cost
    model.meta = {}
    ensemble.shards[shard] = model


def _retrain_shards(
    ensemble: SisaEnsemble,
    dataset: Dataset,
    first_stage: dict[int, int],
    control: RunControl | None,
    on_progress: ProgressCallback | None,
) -> None:
    """Retrain each shard k from stage ``first_stage[k]``, with one progress scale for all."""
    costs = {
        k: sum(ensemble.stage_cost(k, r) for r in range(first, ensemble.n_slices))
        for k, first in first_stage.items()
    }
    total = max(sum(costs.values()), 1)
    done = 0
    for k in sorted(first_stage):
        report = None
        if on_progress is not None:

            def report(fraction: float, message: str, k: int = k, done: int = done) -> None:
                on_progress((done + fraction * costs[k]) / total, message)

        retrain_shard(ensemble, dataset, k, first_stage[k], control, report)
        done += costs[k]
