"""Counting kernels: confusion matrix and per-sample losses."""

import numpy as np
from numba import njit


@njit(nogil=True, cache=True)
def confusion_matrix(true_labels, predicted, n_classes):
    """counts[t, p] = how many samples of class t were predicted as p."""
    counts = np.zeros((n_classes, n_classes), dtype=np.int64)
    for i in range(true_labels.shape[0]):
        counts[true_labels[i], predicted[i]] += 1
    return counts


@njit(nogil=True, cache=True)
def per_sample_losses(probs, labels):
    """Cross-entropy -log p[label] of each sample (float64, clamped away from log 0)."""
    out = np.empty(probs.shape[0], dtype=np.float64)
    for i in range(probs.shape[0]):
        out[i] = -np.log(max(np.float64(probs[i, labels[i]]), 1e-12))
    return out
