"""What a task-by-task run reports, beside the training events it shares with ``Trainer``."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mugui.record_dict import record_dict


@dataclass(frozen=True)
class TaskStarted:
    task: int  # 0-based
    classes: tuple[int, ...]


@dataclass(frozen=True)
class TaskEpochEnd:
    """After each epoch: the test accuracy on every task's classes (argmax over all ten classes,
    so forgetting shows), overall test accuracy and per-class accuracy."""

    task: int
    epoch: int  # 1-based, counted over the whole run
    loss: float
    train_accuracy: float
    test_accuracy: float
    per_task_accuracy: tuple[float, ...]
    per_class_accuracy: np.ndarray
    seconds: float

    def to_dict(self) -> dict:
        return record_dict(self)
