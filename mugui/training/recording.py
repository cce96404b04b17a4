"""Recording parameter updates during training, for Amnesiac unlearning.

Amnesiac unlearning subtracts the updates of every batch that held a sample to be forgotten.
Keeping every batch's update would cost gigabytes, so mugui records only what it needs: one
running sum per *record group* (by default each class, plus the user's own samples), adding
each batch's update to the sum of every group that has a sample in that batch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mugui.data.dataset import Dataset
from mugui.errors import ConfigError
from mugui.model import Model

MAX_GROUPS = 62


@dataclass
class UpdateRecorder:
    names: tuple[str, ...]
    sample_groups: np.ndarray  # int64 bit mask per training sample
    record: np.ndarray  # (groups, params) float32 running sums of batch updates

    @classmethod
    def empty(cls, n_train: int) -> UpdateRecorder:
        return cls((), np.zeros(n_train, dtype=np.int64), np.zeros((0, 1), dtype=np.float32))

    @classmethod
    def for_training(
        cls, dataset: Dataset, model: Model, groups: dict[str, np.ndarray] | None = None
    ) -> UpdateRecorder:
        """Groups are named sets of training indices; the default is one per class plus "my data"."""
        if groups is None:
            groups = {f"class {c}": np.flatnonzero(dataset.train_y == c) for c in range(10)}
            if dataset.n_user:
                groups["my data"] = dataset.user_indices
        if not 0 < len(groups) <= MAX_GROUPS:
            raise ConfigError(
                "record_updates",
                f"between 1 and {MAX_GROUPS} record groups are possible, got {len(groups)}",
            )
        sample_groups = np.zeros(dataset.n_train, dtype=np.int64)
        for bit, indices in enumerate(groups.values()):
            indices = np.asarray(indices, dtype=np.int64)
            if indices.size and (indices.min() < 0 or indices.max() >= dataset.n_train):
                raise ConfigError(
                    "record_updates", "a record group names samples outside the training set"
                )
            sample_groups[indices] |= np.int64(1) << bit
        record = np.zeros((len(groups), model.params.shape[0]), dtype=np.float32)
        return cls(tuple(groups), sample_groups, record)

    @property
    def nbytes(self) -> int:
        return int(self.record.nbytes + (self.sample_groups.nbytes if self.names else 0))

    def describe(self) -> dict:
        return {
            "groups": list(self.names),
            "bytes": self.nbytes,
            "params": int(self.record.shape[1]) if self.names else 0,
        }

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Arrays to store beside the model (see ``mugui.model_file.save_model``)."""
        return {"record": self.record, "record_sample_groups": self.sample_groups}
