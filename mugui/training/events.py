"""What a training run reports, as plain dataclasses (the GUI turns them into signals)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mugui.record_dict import record_dict


@dataclass(frozen=True)
class Progress:
    """Sent at least 10 times per epoch."""

    epoch: int
    epochs: int
    fraction: float  # of the current epoch, 0..1
    loss: float  # running mean loss of this epoch
    train_accuracy: float  # running accuracy of this epoch's batches, before each update
    samples_per_second: float
    eta_seconds: float


@dataclass(frozen=True)
class EpochEnd:
    """Full metrics after an epoch. ``reported_accuracy`` is what the program would print:
    the test accuracy, or under the eval_on_train bug the accuracy on the training data."""

    epoch: int
    loss: float
    train_accuracy: float
    test_accuracy: float
    per_class_accuracy: np.ndarray
    confusion: np.ndarray
    seconds: float
    bugs: tuple[str, ...]
    reported_accuracy: float
    reported_on: str  # "test" or "train"

    def to_dict(self) -> dict:
        return record_dict(self, skip=("confusion",))


@dataclass(frozen=True)
class BugsChanged:
    """The bug switches changed before ``epoch`` (1-based) began."""

    epoch: int
    bugs: tuple[str, ...]


@dataclass(frozen=True)
class Finished:
    reason: str  # "completed", "stopped" or "diverged"
    message: str = ""
