"""Jensen–Shannon divergence between two models' output distributions (base 2, so in [0, 1])."""

from __future__ import annotations

import numpy as np


def _kl_bits(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Row-wise KL(p‖q) in bits; terms with p = 0 contribute nothing."""
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(p > 0, p * np.log2(p / q), 0.0)
    return terms.sum(axis=1)


def js_divergence(p: np.ndarray, q: np.ndarray) -> float:
    """Mean over rows of JS(p_i, q_i); 0 for identical outputs, 1 for disjoint ones."""
    p = np.asarray(p, dtype=np.float64)
    q = np.asarray(q, dtype=np.float64)
    m = 0.5 * (p + q)
    return float(np.clip(0.5 * _kl_bits(p, m) + 0.5 * _kl_bits(q, m), 0.0, 1.0).mean())
