"""Accuracy, per-class accuracy and confusion matrix of a model on labelled images."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mugui.model import Model

N_CLASSES = 10


@dataclass(frozen=True)
class Evaluation:
    accuracy: float
    per_class_accuracy: np.ndarray  # (10,), NaN for a class with no samples
    confusion: np.ndarray  # (10, 10) int64, rows = true class
    probs: np.ndarray  # (N, 10)

    def to_dict(self) -> dict:
        return {
            "accuracy": self.accuracy,
            "per_class_accuracy": [
                None if np.isnan(a) else float(a) for a in self.per_class_accuracy
            ],
            "confusion": self.confusion.tolist(),
        }


def evaluate(model: Model, images: np.ndarray, labels: np.ndarray, flags: int = 0) -> Evaluation:
    """Classify ``images`` (uint8) and compare with ``labels``; NaN probabilities count as wrong."""
    probs = model.predict_proba(images, flags)
    return evaluation_from_probs(probs, labels)


def accuracy(model: Model, images: np.ndarray, labels: np.ndarray) -> float:
    """Share of ``images`` whose predicted class is their label: the one figure most checks need."""
    return float((model.predict(images) == labels).mean())


def evaluation_from_probs(probs: np.ndarray, labels: np.ndarray) -> Evaluation:
    labels = np.asarray(labels).astype(np.int64)
    safe = np.where(np.isfinite(probs), probs, -1.0)
    predicted = safe.argmax(axis=1).astype(np.int64)
    predicted[~np.isfinite(probs).all(axis=1)] = -1
    valid = predicted >= 0
    from mugui_kernels.evaluation import confusion_matrix  # numba, imported on first use

    counts = confusion_matrix(labels[valid], predicted[valid], N_CLASSES)
    correct = int((predicted == labels).sum())
    per_class = np.full(N_CLASSES, np.nan)
    totals = np.bincount(labels, minlength=N_CLASSES)
    hits = np.bincount(labels[predicted == labels], minlength=N_CLASSES)
    nonzero = totals > 0
    per_class[nonzero] = hits[nonzero] / totals[nonzero]
    accuracy = correct / labels.shape[0] if labels.shape[0] else float("nan")
    return Evaluation(float(accuracy), per_class, counts, probs)
