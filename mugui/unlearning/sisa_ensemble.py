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

from dataclasses import dataclass, field

import numpy as np

from mugui.model import Model
from mugui.training.config import TrainConfig


def stage_epochs(config: TrainConfig, slices: int) -> int:
    """Epochs of each stage, chosen so that the R stages together cost about ``config.epochs``
    passes over the shard: stage r sees r/R of it, and Σ_r r/R = (R+1)/2."""
    return max(1, round(2 * config.epochs / (slices + 1)))


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
