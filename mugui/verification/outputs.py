"""A predictor's outputs on the training and test data, computed once and shared by every metric."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from mugui.data.dataset import N_CLASSES, Dataset

LOG_FLOOR = 1e-12  # probabilities are clipped here before a log, so a loss is at most ~27.6


class Predictor(Protocol):
    """Anything that maps uint8 images (N, 784) to class probabilities (N, 10)."""

    def predict_proba(self, x: np.ndarray) -> np.ndarray: ...


def safe_probs(probs: np.ndarray) -> np.ndarray:
    """float64 probabilities; a row with NaN/Inf (a collapsed model) becomes uniform."""
    probs = np.asarray(probs, dtype=np.float64)
    bad = ~np.isfinite(probs).all(axis=1)
    if bad.any():
        probs = probs.copy()
        probs[bad] = 1.0 / N_CLASSES
    return probs


def true_class_probs(probs: np.ndarray, labels: np.ndarray) -> np.ndarray:
    return probs[np.arange(labels.shape[0]), labels.astype(np.int64)]


def cross_entropy(probs: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Per-sample loss −log p_y."""
    return -np.log(np.clip(true_class_probs(probs, labels), LOG_FLOOR, 1.0))


@dataclass(frozen=True)
class Outputs:
    """Probabilities of one predictor on every training and test image."""

    train: np.ndarray  # (n_train, 10) float64
    test: np.ndarray  # (n_test, 10) float64

    @classmethod
    def of(cls, predictor: Predictor, dataset: Dataset) -> Outputs:
        return cls(
            safe_probs(predictor.predict_proba(dataset.train_x)),
            safe_probs(predictor.predict_proba(dataset.test_x)),
        )
