"""Linear probe: is the forgotten class still readable from the first hidden layer?

A logistic regression on standardised activations is trained on every training image (retain and
forget) to recognise the forgotten class, then scored on the test images by balanced accuracy
(mean of the recall of the class and of the rest; 0.5 = nothing found).

What it can and cannot show: a single digit is linearly separable from the rest even in random
features, so a reference that never saw the class and an untrained hidden layer both score high
(measured on the bundled digits: 0.94–0.96 and 0.94 against the original's 0.97). The raw figure
therefore says little; ``probe_comparison`` reports the gain over the references and over an
untrained layer, and only a gain beyond the references' spread hints at knowledge left behind.
Relearn time separates hidden knowledge far more clearly.
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


def probe_comparison(
    unlearned: float, references: list[float | None], untrained: float | None
) -> dict:
    """The probe's accuracy beside the references' and an untrained layer's, with both gains."""
    values = [v for v in references if v is not None]
    reference = float(np.mean(values)) if values else None
    return {
        "unlearned": unlearned,
        "reference_mean": reference,
        "reference_max": max(values) if values else None,
        "untrained": untrained,
        "gain_over_reference": unlearned - reference if reference is not None else None,
        "gain_over_untrained": unlearned - untrained if untrained is not None else None,
    }
