"""SISA: a sharded, isolated, sliced, aggregated ensemble that forgets by partial retraining.

Bourtoule et al. 2021 ("Machine Unlearning", IEEE S&P). The training set is split at random
into K disjoint *shards*, one MLP per shard, so a sample influences only its shard's model.
Each shard is cut into R *slices* and trained incrementally: stage r trains on slices 0..r for
e epochs, and the weights and momentum after every stage are kept as a checkpoint. To forget
a sample, only its shard is retrained, and only from the checkpoint before the first stage that
saw it: the result is exactly the model that training on the remaining data would give. A
whole class lives in every shard, so forgetting one retrains everything, and the ensemble
says so. Predictions average the shards' softmax outputs.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from mugui.atomic_write import write_atomically
from mugui.data.dataset import Dataset
from mugui.errors import ModelFileError, TrainingDiverged, UnlearningError
from mugui.model import Model
from mugui.training.config import TrainConfig
from mugui.training.control import RunControl
from mugui.training.events import Finished, Progress
from mugui.training.trainer import Trainer
from mugui.unlearning.registry import Cancelled

FORMAT = "mugui-sisa/1"

ProgressCallback = Callable[[float, str], None]


def stage_epochs(config: TrainConfig, slices: int) -> int:
    """Epochs of each stage, chosen so that the R stages together cost about ``config.epochs``
    passes over the shard: stage r sees r/R of it, and Σ_r r/R = (R+1)/2."""
    return max(1, round(2 * config.epochs / (slices + 1)))


def data_key(dataset: Dataset) -> str:
    """A stable identity of the training data, for caching ensembles."""
    digest = hashlib.sha256()
    digest.update(dataset.train_x.tobytes())
    digest.update(dataset.train_y.tobytes())
    return digest.hexdigest()[:16]


@dataclass(eq=False)
class SisaEnsemble:
    """K shard models plus everything needed to retrain any of them from any slice.

    ``slices[k][r]`` holds the training-set indices of shard k's slice r that are still part of
    the training data; ``checkpoints[k, r]`` the (params, velocity) after stage r of shard k.
    """

    config: TrainConfig
    shards: list[Model]
    slices: list[list[np.ndarray]]
    checkpoints: np.ndarray  # (K, R, 2, n_params) float32
    data_key: str
    train_seconds: float = 0.0
    meta: dict = field(default_factory=dict)

    @property
    def n_shards(self) -> int:
        return len(self.shards)

    @property
    def n_slices(self) -> int:
        return len(self.slices[0])

    @property
    def sizes(self) -> tuple[int, ...]:
        return self.shards[0].sizes

    def predict_proba(self, x: np.ndarray, flags: int = 0) -> np.ndarray:
        """The mean of the shard models' softmax outputs (SISA's aggregation)."""
        return np.mean([m.predict_proba(x, flags) for m in self.shards], axis=0)

    def predict(self, x: np.ndarray, flags: int = 0) -> np.ndarray:
        return self.predict_proba(x, flags).argmax(axis=1)

    def hidden(self, x: np.ndarray, layer: int = 0) -> np.ndarray:
        """Every shard's hidden activations side by side (N, K·H): a linear probe on them sees
        all that any shard still knows, where one shard alone would hide the others."""
        return np.concatenate([m.hidden(x, layer) for m in self.shards], axis=1)

    def is_finite(self) -> bool:
        return all(m.is_finite() for m in self.shards)

    def copy(self) -> SisaEnsemble:
        return SisaEnsemble(
            self.config,
            [m.copy() for m in self.shards],
            [[s.copy() for s in shard] for shard in self.slices],
            self.checkpoints.copy(),
            self.data_key,
            self.train_seconds,
            dict(self.meta),
        )

    def shard_of(self) -> np.ndarray:
        """For every training index still present, (shard, slice); -1 where forgotten or absent."""
        n = 1 + max(int(s.max()) for shard in self.slices for s in shard if s.size)
        where = np.full((n, 2), -1, dtype=np.int64)
        for k, shard in enumerate(self.slices):
            for r, s in enumerate(shard):
                where[s] = (k, r)
        return where

    def stage_cost(self, shard: int, stage: int) -> int:
        """Sample-passes of one stage: its epochs times the samples of slices 0..stage."""
        seen = sum(s.size for s in self.slices[shard][: stage + 1])
        return stage_epochs(self.config, self.n_slices) * int(seen)

    def total_cost(self) -> int:
        return sum(
            self.stage_cost(k, r) for k in range(self.n_shards) for r in range(self.n_slices)
        )


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
    n_params = Model.init(config.sizes, 0).params.size
    ensemble = SisaEnsemble(
        config,
        [Model.init(config.sizes, _shard_seed(config, k)) for k in range(shards)],
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


def save_ensemble(ensemble: SisaEnsemble, path: str | os.PathLike) -> Path:
    """Write the ensemble (shards, slices, checkpoints, config) as an ``.npz`` of plain arrays."""
    slice_sizes = np.array([[s.size for s in shard] for shard in ensemble.slices], dtype=np.int64)
    meta = {
        "format": FORMAT,
        "config": ensemble.config.to_dict(),
        "data_key": ensemble.data_key,
        "train_seconds": ensemble.train_seconds,
        "meta": ensemble.meta,
    }
    arrays = {
        "shard_params": np.stack([m.params for m in ensemble.shards]),
        "slice_sizes": slice_sizes,
        "slice_indices": np.concatenate([s for shard in ensemble.slices for s in shard]),
        "checkpoints": ensemble.checkpoints,
        "metadata": np.array(json.dumps(meta)),
    }
    return write_atomically(path, lambda handle: np.savez_compressed(handle, **arrays))


def load_ensemble(path: str | os.PathLike) -> SisaEnsemble:
    """Read a file written by :func:`save_ensemble`; anything else raises ModelFileError."""
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as npz:
            meta = json.loads(str(npz["metadata"]))
            params = npz["shard_params"]
            slice_sizes = npz["slice_sizes"]
            flat = npz["slice_indices"]
            checkpoints = npz["checkpoints"]
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise ModelFileError(f"{path} is not a readable SISA ensemble ({exc})") from exc
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise ModelFileError(f"{path} is not a mugui SISA ensemble file")
    config = TrainConfig.from_dict(meta["config"])
    bounds = np.concatenate([[0], np.cumsum(slice_sizes.ravel())])
    if bounds[-1] != flat.size or checkpoints.shape[:2] != slice_sizes.shape:
        raise ModelFileError(f"{path} has inconsistent shard and slice arrays")
    pieces = [flat[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    n_slices = slice_sizes.shape[1]
    slices = [pieces[k * n_slices : (k + 1) * n_slices] for k in range(slice_sizes.shape[0])]
    return SisaEnsemble(
        config,
        [Model(config.sizes, p) for p in params],
        slices,
        checkpoints,
        meta["data_key"],
        float(meta.get("train_seconds", 0.0)),
        meta.get("meta", {}),
    )


def _shard_seed(config: TrainConfig, shard: int, stage: int = -1) -> int:
    return (config.seed * 1_000_003 + shard * 1009 + stage + 1) % 2**32


def retrain_shard(
    ensemble: SisaEnsemble,
    dataset: Dataset,
    shard: int,
    first_stage: int = 0,
    control: RunControl | None = None,
    on_progress: ProgressCallback | None = None,
) -> None:
    """Run stages ``first_stage``..R-1 of one shard, in place, from the checkpoint before them
    (stage 0 starts from the shard's seeded initialisation), on the shard's current slices;
    updates the shard model and its checkpoints. Progress goes from 0 to 1 over these stages."""
    config = ensemble.config
    if first_stage == 0:
        model = Model.init(config.sizes, _shard_seed(config, shard))
        velocity = np.zeros_like(model.params)
    else:
        before = ensemble.checkpoints[shard, first_stage - 1]
        model = Model(config.sizes, before[0].copy())
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
            trainer = Trainer(part, stage_config, model, control)
            trainer.velocity[:] = velocity
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
