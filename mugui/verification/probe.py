"""Linear probe: is the forgotten class still readable from the first hidden layer?

A logistic regression on standardised activations is trained on every training image (retain and
forget) to recognise the forgotten class, then scored on the test images by balanced accuracy
(mean of the recall of the class and of the rest; 0.5 = nothing found). Zeroing output weights
leaves this knowledge in place; retraining without the class does not.
"""

from __future__ import annotations

import numpy as np

from mugui.data.dataset import Dataset
from mugui.verification.logistic import fit_logistic


def balanced_accuracy(truth: np.ndarray, predicted: np.ndarray) -> float:
    truth = np.asarray(truth, dtype=bool)
    predicted = np.asarray(predicted, dtype=bool)
    return float(0.5 * (predicted[truth].mean() + (~predicted[~truth]).mean()))


def probe_accuracy(predictor, dataset: Dataset, classes: tuple[int, ...]) -> float | None:
    """Balanced test accuracy of a probe for ``classes`` vs the rest; None without a hidden layer.

    A predictor without ``hidden`` (e.g. SISA's ensemble) or a forget set without a class has
    nothing to probe.
    """
    hidden = getattr(predictor, "hidden", None)
    if hidden is None or not classes:
        return None
    train_truth = np.isin(dataset.train_y, classes)
    test_truth = np.isin(dataset.test_y, classes)
    if train_truth.all() or not train_truth.any() or test_truth.all() or not test_truth.any():
        return None
    probe = fit_logistic(hidden(dataset.train_x, 0), train_truth)
    return balanced_accuracy(test_truth, probe.predict_proba(hidden(dataset.test_x, 0)) >= 0.5)
