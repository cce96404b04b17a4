"""Experiment files: the model, its training config, the data source and the user's own samples.

"My data" (digits the user drew and added to the training set) lives only here, so saving the
experiment is what makes "forget my data" a request that can be repeated and verified later.
Plain arrays plus JSON metadata, read with size limits and no pickles, written atomically.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from mugui.atomic_write import write_atomically
from mugui.data.dataset import N_PIXELS, Dataset
from mugui.errors import ConfigError, ModelFileError
from mugui.model import Model, unsupported_sizes
from mugui.model_file import MAX_SIZES_BYTES, write_npz
from mugui.npz_reader import NpzReader
from mugui.training.config import TrainConfig
from mugui_kernels import layout

FORMAT = "mugui-experiment/1"
MAX_USER_SAMPLES = 100_000  # digits a user drew or added: far more than anyone draws


@dataclass
class Experiment:
    model: Model
    config: TrainConfig
    data: str  # "bundled" or the folder the data came from
    user_images: np.ndarray  # (n, 784) uint8: "my data"
    user_labels: np.ndarray  # (n,) uint8

    def dataset(self, base: Dataset) -> Dataset:
        """``base`` (loaded from ``data``) with "my data" appended as the last training rows."""
        if not len(self.user_labels):
            return base
        return base.with_user_samples(self.user_images, self.user_labels)


def save_experiment(path: str | os.PathLike, experiment: Experiment) -> Path:
    meta = {
        "format": FORMAT,
        "data": experiment.data,
        "config": experiment.config.to_dict(),
        "model_meta": experiment.model.meta,
    }
    arrays = {
        "params": experiment.model.params,
        "sizes": np.asarray(experiment.model.sizes, dtype=np.int64),
        "user_images": np.asarray(experiment.user_images, dtype=np.uint8).reshape(-1, N_PIXELS),
        "user_labels": np.asarray(experiment.user_labels, dtype=np.uint8),
        "metadata": np.array(json.dumps(meta, sort_keys=True, default=str)),
    }
    return write_atomically(path, lambda handle: write_npz(handle, arrays))


def load_experiment(path: str | os.PathLike) -> Experiment:
    """Read an experiment file; anything foreign or damaged raises ModelFileError."""
    path = Path(path)
    with NpzReader(path, ModelFileError, "experiment") as npz:
        meta = npz.metadata()
        if meta.get("format") != FORMAT:
            raise ModelFileError(f"{path} is not a mugui experiment file")
        sizes = npz.array("sizes", MAX_SIZES_BYTES, kinds="iu")
        sizes = tuple(int(s) for s in sizes.reshape(-1))
        problem = unsupported_sizes(sizes)
        if problem:
            raise ModelFileError(f"{path} holds an invalid model or config: {problem}")
        params = npz.array("params", 4 * layout.count_params(sizes), kinds="f")
        user_images = npz.array("user_images", MAX_USER_SAMPLES * N_PIXELS, kinds="u")
        user_labels = npz.array("user_labels", MAX_USER_SAMPLES, kinds="u")
    if user_images.dtype != np.uint8 or user_images.ndim != 2 or user_images.shape[1] != N_PIXELS:
        raise ModelFileError(f"{path}: the user's samples are not 28x28 uint8 images")
    if (
        user_labels.dtype != np.uint8
        or user_labels.shape != (user_images.shape[0],)
        or (user_labels > 9).any()
    ):
        raise ModelFileError(f"{path}: the user's labels do not match their samples")
    try:
        model = Model(sizes, params, meta.get("model_meta") or {})
        config = TrainConfig.from_dict(meta["config"])
    except (ConfigError, KeyError, TypeError, ValueError) as exc:
        raise ModelFileError(f"{path} holds an invalid model or config: {exc}") from exc
    if not model.is_finite():
        raise ModelFileError(f"{path} holds non-finite weights (NaN or Inf)")
    return Experiment(model, config, str(meta.get("data", "bundled")), user_images, user_labels)
