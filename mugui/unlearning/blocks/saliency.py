"""Weight saliency: which parameters a set of samples leans on, and masks of the most salient."""

from __future__ import annotations

import numpy as np

from mugui import network_kernels
from mugui.model import Model
from mugui.unlearning.stepper import one_hot, to_inputs

MAX_SAMPLES = 2048  # samples per gradient estimate; more change nothing but the cost


def loss_gradient_on(model: Model, images_u8: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Gradient of the mean cross-entropy on these samples, flat like ``model.params``."""
    return network_kernels.loss_gradient(model, to_inputs(images_u8, model), one_hot(labels))


def top_per_layer(model: Model, scores: np.ndarray, fraction: float) -> np.ndarray:
    """Boolean mask of the ``fraction`` highest-scoring weights and biases of each layer."""
    chosen = np.zeros(model.params.size, dtype=bool)
    for w, b in model.layer_slices():
        part = np.arange(w.start, b.stop)
        count = round(fraction * part.size)
        if count:
            chosen[part[np.argpartition(-scores[part], count - 1)[:count]]] = True
    return chosen


def top_overall(scores: np.ndarray, fraction: float) -> np.ndarray:
    """0/1 float mask of the ``fraction`` highest scores over all parameters at once."""
    keep = int(round(fraction * scores.size))
    mask = np.zeros(scores.size, dtype=np.float32)
    if keep:
        mask[np.argpartition(scores, scores.size - keep)[scores.size - keep :]] = 1.0
    return mask


def fresh_values(model: Model, rng: np.random.Generator) -> np.ndarray:
    """Newly initialised parameters (He-uniform weights, zero biases) of the same shape."""
    return Model.init(model.spec, int(rng.integers(2**31))).params
