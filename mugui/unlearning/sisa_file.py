"""The SISA ensemble file: shards, slices and checkpoints as an ``.npz`` of plain arrays."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import numpy as np

from mugui.atomic_write import write_atomically
from mugui.errors import ModelFileError
from mugui.model import Model
from mugui.training.config import TrainConfig
from mugui.unlearning.sisa_ensemble import SisaEnsemble

FORMAT = "mugui-sisa/1"


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
