"""Train-time augmentation: every epoch sees the digits slightly rotated, scaled, shifted and re-stroked.

Users draw tilted, large or small, light or heavy digits; MNIST's are tidy. Random small
transformations of the training images make the model recognise the drawn ones (see
``benchmarks/drawn_digits_accuracy.py`` for what it buys). Deterministic for a given seed.
"""

from __future__ import annotations

import numpy as np

from mugui_kernels import augment as kernel

MAX_ANGLE_DEGREES = 15.0
MAX_SCALE_CHANGE = 0.2  # scale factor in 1 ± this
MAX_SHIFT = 3.0  # pixels
MAX_STROKE_CHANGE = 1.0  # blend weight towards a one-pixel dilation or erosion


def augmentation_params(n: int, seed: int, strength: float = 1.0) -> np.ndarray:
    """(n, N_PARAMS) float64 random transformations; ``strength`` scales every range (0 = none)."""
    if not 0.0 <= strength <= 2.0:
        raise ValueError(f"augmentation strength must lie in [0, 2], got {strength}")
    rng = np.random.default_rng(seed)
    params = np.empty((n, kernel.N_PARAMS), np.float64)
    params[:, kernel.ANGLE] = np.radians(rng.uniform(-1, 1, n) * MAX_ANGLE_DEGREES * strength)
    params[:, kernel.SCALE] = 1.0 + rng.uniform(-1, 1, n) * MAX_SCALE_CHANGE * strength
    params[:, kernel.SHIFT_X] = rng.uniform(-1, 1, n) * MAX_SHIFT * strength
    params[:, kernel.SHIFT_Y] = rng.uniform(-1, 1, n) * MAX_SHIFT * strength
    params[:, kernel.STROKE] = np.clip(rng.uniform(-1, 1, n) * MAX_STROKE_CHANGE * strength, -1, 1)
    return params


def augment_batch(images_u8: np.ndarray, seed: int, strength: float = 1.0) -> np.ndarray:
    """A new (N, 784) uint8 array of the images, each randomly transformed (reproducible by seed)."""
    images = np.ascontiguousarray(images_u8, dtype=np.uint8)
    if images.ndim != 2 or images.shape[1] != kernel.SIDE * kernel.SIDE:
        raise ValueError(f"images must be (N, 784) uint8, got shape {images.shape}")
    out = np.empty_like(images)
    kernel.augment_images(images, augmentation_params(images.shape[0], seed, strength), out)
    return out
