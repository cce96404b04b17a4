"""The SISA ensemble file: shards, slices and checkpoints as an ``.npz`` of plain arrays."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np

from mugui.architecture import n_params_of
from mugui.atomic_write import write_atomically
from mugui.errors import ConfigError, ModelFileError
from mugui.model import Model
from mugui.npz_reader import NpzReader
from mugui.training.config import TrainConfig
from mugui.unlearning.sisa_ensemble import SisaEnsemble

FORMAT = "mugui-sisa/1"
MAX_SHARDS, MAX_SLICES = 64, 32  # the method's parameter ranges
MAX_INDICES = 10_000_000  # slice membership: one index per training sample


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
    with NpzReader(path, ModelFileError, "SISA ensemble") as npz:
        meta = npz.metadata()
        if meta.get("format") != FORMAT or not isinstance(meta.get("data_key"), str):
            raise ModelFileError(f"{path} is not a mugui SISA ensemble file")
        try:
            config = TrainConfig.from_dict(meta.get("config"))
        except ConfigError as exc:
            raise ModelFileError(f"{path} holds an invalid training config: {exc}") from None
        n_params = n_params_of(config.spec)
        slice_sizes = npz.array("slice_sizes", 8 * MAX_SHARDS * MAX_SLICES, kinds="iu")
        if slice_sizes.ndim != 2 or (slice_sizes < 0).any():
            raise ModelFileError(f"{path} has inconsistent shard and slice arrays")
        shards, stages = slice_sizes.shape
        params = npz.array("shard_params", 4 * shards * n_params, kinds="f")
        flat = npz.array("slice_indices", 8 * MAX_INDICES, kinds="iu")
        checkpoints = npz.array("checkpoints", 4 * shards * stages * 2 * n_params, kinds="f")
    if params.shape != (shards, n_params) or checkpoints.shape != (shards, stages, 2, n_params):
        raise ModelFileError(f"{path} has inconsistent shard and slice arrays")
    bounds = np.concatenate([[0], np.cumsum(slice_sizes.ravel())])
    if bounds[-1] != flat.size or checkpoints.shape[:2] != slice_sizes.shape:
        raise ModelFileError(f"{path} has inconsistent shard and slice arrays")
    pieces = [flat[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    n_slices = slice_sizes.shape[1]
    slices = [pieces[k * n_slices : (k + 1) * n_slices] for k in range(slice_sizes.shape[0])]
    return SisaEnsemble(
        config,
        [Model(config.spec, p) for p in params],
        slices,
        checkpoints,
        meta["data_key"],
        _seconds(meta.get("train_seconds", 0.0)),
        meta.get("meta") if isinstance(meta.get("meta"), dict) else {},
    )


def _seconds(value) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0
