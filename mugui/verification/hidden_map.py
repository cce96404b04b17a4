"""A map of the hidden space: the first hidden layer's activations projected on their two main axes.

Before and after unlearning, the forgotten class's cloud shows whether the hidden layer still
separates it (the outputs may have forgotten while the features have not).
"""

from __future__ import annotations

import numpy as np

MAP_SAMPLES = 1500


def map_indices(labels: np.ndarray, n: int = MAP_SAMPLES, seed: int = 0) -> np.ndarray:
    """A fixed random sample of at most ``n`` row indices, sorted (the same for every model)."""
    if labels.size <= n:
        return np.arange(labels.size)
    return np.sort(np.random.default_rng(seed).choice(labels.size, n, replace=False))


def pca_2d(activations: np.ndarray) -> np.ndarray:
    """(n, 2) coordinates on the two principal axes of ``activations`` (n, units)."""
    centred = np.asarray(activations, dtype=np.float64)
    centred = centred - centred.mean(axis=0)
    if not np.isfinite(centred).all() or not centred.any():
        return np.zeros((centred.shape[0], 2))
    _, _, axes = np.linalg.svd(centred, full_matrices=False)
    coords = centred @ axes[:2].T
    if coords.shape[1] < 2:
        coords = np.column_stack([coords, np.zeros(coords.shape[0])])
    # A fixed sign per axis, so the maps of two similar models are drawn the same way round.
    signs = np.sign(coords[np.abs(coords).argmax(axis=0), [0, 1]])
    return coords * np.where(signs == 0, 1.0, signs)


def hidden_map(model, images: np.ndarray) -> np.ndarray:
    """The model's first hidden layer on ``images`` (uint8 rows), projected to 2-D."""
    return pca_2d(model.hidden(images, 0))
