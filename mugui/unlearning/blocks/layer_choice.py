"""Which layers a method may change: every layer, the dense ones, or the output layer only.

On a CNN "dense" is its head (the convolutions every class shares are left as they are); on an
MLP every layer is dense, so "dense" is the same as "all".
"""

from __future__ import annotations

import numpy as np

from mugui.model import Model

LAYER_CHOICES = ("all", "dense", "output")


def layer_mask(model: Model, layers: str) -> np.ndarray | None:
    """0/1 float mask of the weights and biases in the chosen layers (None for "all")."""
    if layers == "all":
        return None
    slices = model.layer_slices()
    kept = slices[-1:] if layers == "output" else slices[-(len(model.sizes) - 1) :]
    mask = np.zeros(model.params.size, dtype=np.float32)
    for weights, biases in kept:
        mask[weights] = mask[biases] = 1.0
    return mask
