"""Train-time augmentation: every epoch sees the digits elastically distorted, slightly rotated,
scaled, shifted and re-stroked.

Users draw tilted, large or small, light or heavy, wobbly digits; MNIST's are tidy. Random small
transformations of the training images make the model recognise the drawn ones (see
``benchmarks/drawn_digits_accuracy.py`` and ``benchmarks/augmentation_speed.py``). The affine
ranges and the elastic distortion (α = 34, σ = 4) are Simard et al. 2003's. Deterministic for a
given seed; all the work is one numba kernel (``mugui_kernels.augment``).
"""

from __future__ import annotations

import numpy as np

from mugui_kernels import augment as kernel

MAX_ANGLE_DEGREES = 15.0
MAX_SCALE_CHANGE = 0.15  # scale factor in 1 ± this
MAX_SHIFT = 2.0  # pixels
MAX_STROKE_CHANGE = 1.0  # blend weight towards a one-pixel dilation or erosion
ELASTIC_ALPHA = 34.0  # Simard et al.'s strength (σ = 4 px is the kernel's SIGMA)


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


def augment_batch(
    images_u8: np.ndarray, seed: int, strength: float = 1.0, elastic: float = ELASTIC_ALPHA
) -> np.ndarray:
    """A new (N, 784) uint8 array of the images, each randomly transformed (reproducible by seed).

    ``elastic`` is the elastic distortion's α in pixels (0 = affine jitter only); ``strength``
    scales it with the affine ranges.
    """
    images = np.ascontiguousarray(images_u8, dtype=np.uint8)
    if images.ndim != 2 or images.shape[1] != kernel.SIDE * kernel.SIDE:
        raise ValueError(f"images must be (N, 784) uint8, got shape {images.shape}")
    if not 0.0 <= elastic <= 1000.0:
        raise ValueError(f"elastic strength must lie in [0, 1000], got {elastic}")
    out = np.empty_like(images)
    params = augmentation_params(images.shape[0], seed, strength)
    alpha = float(elastic) * strength
    kernel.augment_images(images, params, alpha, np.int64(seed), out)
    return out
