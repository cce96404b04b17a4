"""Distance to the retrain reference, the target of unlearning (not zero accuracy)."""

from __future__ import annotations

import numpy as np

from mugui.verification.accuracy import ACCURACY_KEYS
from mugui.verification.figures import FIGURE_KEYS

GAP_KEYS = (*FIGURE_KEYS, "mia_efficacy")
AVG_GAP_KEYS = (*ACCURACY_KEYS, "mia_auc")  # "the accuracies and the MIA figure"


def reference_gap(figures: dict, reference: dict) -> dict[str, float | None]:
    """|figure − reference| per key (None when either is undefined), plus their mean ``avg_gap``."""
    gap = {}
    for key in GAP_KEYS:
        a, b = figures.get(key), reference.get(key)
        gap[key] = None if a is None or b is None else abs(float(a) - float(b))
    averaged = [gap[key] for key in AVG_GAP_KEYS if gap[key] is not None]
    gap["avg_gap"] = float(np.mean(averaged)) if averaged else None
    return gap


def mean_figures(many: list[dict]) -> tuple[dict, dict]:
    """Mean and standard deviation per key over several references (None where undefined)."""
    mean, sd = {}, {}
    for key in many[0]:
        values = [m[key] for m in many if m.get(key) is not None]
        mean[key] = float(np.mean(values)) if values else None
        sd[key] = float(np.std(values)) if values else None
    return mean, sd
