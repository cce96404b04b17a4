"""Accuracies on the forget, retain and test data, and on the test samples of the forgotten class.

``test_forget_accuracy`` needs a class to look at: the classes forgotten whole, or the one class a
fraction/count was drawn from. A random set of samples has none, so it is None (and
``test_retain_accuracy`` is then simply the test accuracy).
"""

from __future__ import annotations

import numpy as np

from mugui.data.dataset import Dataset
from mugui.unlearning.forget_set import ForgetSet
from mugui.verification.outputs import Outputs

ACCURACY_KEYS = (
    "forget_accuracy",
    "retain_accuracy",
    "test_accuracy",
    "test_forget_accuracy",
    "test_retain_accuracy",
)


def _mean(mask: np.ndarray) -> float | None:
    return float(mask.mean()) if mask.size else None


def accuracies(outputs: Outputs, dataset: Dataset, forget: ForgetSet) -> dict[str, float | None]:
    """The five accuracies of ``ACCURACY_KEYS`` as fractions in [0, 1]."""
    train_correct = outputs.train.argmax(axis=1) == dataset.train_y
    test_correct = outputs.test.argmax(axis=1) == dataset.test_y
    classes = forget.target_classes(dataset.train_y)
    in_classes = np.isin(dataset.test_y, classes)
    return {
        "forget_accuracy": _mean(train_correct[forget.indices]),
        "retain_accuracy": _mean(train_correct[forget.retain_indices()]),
        "test_accuracy": _mean(test_correct),
        "test_forget_accuracy": _mean(test_correct[in_classes]) if classes else None,
        "test_retain_accuracy": _mean(test_correct[~in_classes]),
    }
