"""What one model makes of one sample: its prediction, its confidence in the true class, its loss."""

from __future__ import annotations

import numpy as np

from mugui.verification.outputs import cross_entropy, safe_probs


def sample_figures(predictor, image: np.ndarray, label: int) -> dict[str, float | int]:
    """``predicted`` digit, ``confidence`` (probability of the true ``label``) and ``loss``."""
    probs = safe_probs(predictor.predict_proba(np.asarray(image).reshape(1, -1)))
    labels = np.array([label])
    return {
        "predicted": int(probs[0].argmax()),
        "confidence": float(probs[0, label]),
        "loss": float(cross_entropy(probs, labels)[0]),
    }
