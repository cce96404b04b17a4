"""Experiment files: the model, its training config, the data source, the user's own samples,
the snapshot timeline (named models with their figures) and the last verification report.

"My data" (digits the user drew and added to the training set) lives only here, so saving the
experiment is what makes "forget my data" a request that can be repeated and verified later.
Plain arrays plus JSON metadata, read with size limits and no pickles, written atomically.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from mugui import typicality_file
from mugui.architecture import Spec, n_params_of
from mugui.atomic_write import write_atomically
from mugui.data.dataset import N_PIXELS, Dataset
from mugui.errors import ConfigError, ModelFileError
from mugui.model import Model
from mugui.model_file import (
    EXPERIMENT_FORMAT,
    MAX_SIZES_BYTES,
    architecture_entry,
    stored_spec,
    write_npz,
)
from mugui.model_file import FORMAT as MODEL_FORMAT
from mugui.npz_reader import NpzReader
from mugui.training.config import TrainConfig

FORMAT = EXPERIMENT_FORMAT
MAX_USER_SAMPLES = 100_000  # digits a user drew or added: far more than anyone draws
MAX_SNAPSHOTS = 256  # models on a timeline: far more than a session makes


@dataclass
class Snapshot:
    """A model kept on the timeline ("trained", "unlearned by finetune"…) with its figures."""

    name: str
    model: Model
    metrics: dict = field(default_factory=dict)


@dataclass
class Experiment:
    model: Model
    config: TrainConfig
    data: str  # "bundled" or the folder the data came from
    user_images: np.ndarray  # (n, 784) uint8: "my data"
    user_labels: np.ndarray  # (n,) uint8
    snapshots: list[Snapshot] = field(default_factory=list)
    metrics: dict = field(default_factory=dict)  # e.g. the last verification report

    def dataset(self, base: Dataset) -> Dataset:
        """``base`` (loaded from ``data``) with "my data" appended as the last training rows."""
        if not len(self.user_labels):
            return base
        return base.with_user_samples(self.user_images, self.user_labels)


def save_experiment(path: str | os.PathLike, experiment: Experiment) -> Path:
    # the model's typicality statistics as arrays; the snapshots' are not kept (a timeline of
    # them would be large, and the canvas asks only the current model)
    model_meta, typicality_arrays = typicality_file.split(experiment.model.meta)
    meta = {
        "format": FORMAT,
        "data": experiment.data,
        "config": experiment.config.to_dict(),
        "model_meta": model_meta,
        "architecture": architecture_entry(experiment.model),
        "snapshots": [{"name": s.name, "metrics": s.metrics,
                       "model_meta": typicality_file.without(s.model.meta),
                       "architecture": architecture_entry(s.model)}
                      for s in experiment.snapshots],
        "metrics": experiment.metrics,
    }  # fmt: skip
    arrays = {
        "params": experiment.model.params,
        "sizes": np.asarray(experiment.model.sizes, dtype=np.int64),
        "user_images": np.asarray(experiment.user_images, dtype=np.uint8).reshape(-1, N_PIXELS),
        "user_labels": np.asarray(experiment.user_labels, dtype=np.uint8),
        "metadata": np.array(json.dumps(meta, sort_keys=True, default=_plain)),
        **typicality_arrays,
    }
    for i, snapshot in enumerate(experiment.snapshots):
        arrays[f"snapshot_{i}_params"] = snapshot.model.params
        arrays[f"snapshot_{i}_sizes"] = np.asarray(snapshot.model.sizes, dtype=np.int64)
    return write_atomically(path, lambda handle: write_npz(handle, arrays))


def load_experiment(path: str | os.PathLike) -> Experiment:
    """Read an experiment file; anything foreign or damaged raises ModelFileError."""
    path = Path(path)
    with NpzReader(path, ModelFileError, "experiment") as npz:
        meta = npz.metadata()
        if meta.get("format") == MODEL_FORMAT:
            raise ModelFileError(
                f"{path} is a mugui model, not an experiment: load it with File → Load model"
            )
        if meta.get("format") != FORMAT:
            raise ModelFileError(f"{path} is not a mugui experiment file")
        size_array = npz.array("sizes", MAX_SIZES_BYTES, kinds="iu")
        sizes = tuple(int(s) for s in size_array.reshape(-1))
        spec = stored_spec(path, meta.get("architecture", "mlp"), sizes)
        params = npz.array("params", 4 * n_params_of(spec), kinds="f")
        user_images = npz.array("user_images", MAX_USER_SAMPLES * N_PIXELS, kinds="u")
        user_labels = npz.array("user_labels", MAX_USER_SAMPLES, kinds="u")
        listed = meta.get("snapshots", [])
        if not isinstance(listed, list) or len(listed) > MAX_SNAPSHOTS:
            raise ModelFileError(f"{path} lists an invalid snapshot timeline")
        if not all(isinstance(info, dict) for info in listed):
            raise ModelFileError(f"{path} lists an invalid snapshot timeline")
        model_meta = meta.get("model_meta") or {}
        if isinstance(model_meta, dict):
            model_meta = typicality_file.join(
                model_meta,
                npz.names,
                lambda name, limit: npz.array(name, limit, kinds="f"),
                sizes[-2],
            )
        snapshot_arrays = [
            _model_arrays(npz, path, f"snapshot_{i}_", info.get("architecture", "mlp"))
            for i, info in enumerate(listed)
        ]
    if user_images.dtype != np.uint8 or user_images.ndim != 2 or user_images.shape[1] != N_PIXELS:
        raise ModelFileError(f"{path}: the user's samples are not 28x28 uint8 images")
    if (
        user_labels.dtype != np.uint8
        or user_labels.shape != (user_images.shape[0],)
        or (user_labels > 9).any()
    ):
        raise ModelFileError(f"{path}: the user's labels do not match their samples")
    try:
        model = Model(spec, params, model_meta)
        config = TrainConfig.from_dict(meta["config"])
        snapshots = [
            Snapshot(
                str(info["name"]),
                Model(spec, params, dict(info.get("model_meta") or {})),
                dict(info.get("metrics") or {}),
            )
            for info, (spec, params) in zip(listed, snapshot_arrays, strict=True)
        ]
    except (ConfigError, KeyError, TypeError, ValueError) as exc:
        raise ModelFileError(f"{path} holds an invalid model or config: {exc}") from exc
    if not model.is_finite() or not all(s.model.is_finite() for s in snapshots):
        raise ModelFileError(f"{path} holds non-finite weights (NaN or Inf)")
    metrics = meta.get("metrics") or {}
    return Experiment(
        model,
        config,
        str(meta.get("data", "bundled")),
        user_images,
        user_labels,
        snapshots,
        dict(metrics) if isinstance(metrics, dict) else {},
    )


def _model_arrays(npz: NpzReader, path: Path, prefix: str, declared) -> tuple[Spec, np.ndarray]:
    """A snapshot's architecture and parameters, checked like the main model's."""
    sizes = tuple(int(s) for s in npz.array(f"{prefix}sizes", MAX_SIZES_BYTES, kinds="iu").ravel())
    spec = stored_spec(path, declared, sizes)
    return spec, npz.array(f"{prefix}params", 4 * n_params_of(spec), kinds="f")


def _plain(value):
    """JSON for numpy values inside metrics (arrays become lists, scalars numbers)."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return str(value)
