"""Moment-based deskewing of 28×28 digits: shear each image so its second-moment skew is zero.

The classic MNIST deskew: the centre of mass (mr, mc) and the covariance of the pixel
intensities give the slant alpha = cov(row, col) / var(row); each output pixel (r, c) samples
the source bilinearly at (r + mr - 14, c + mc - 14 + alpha·(r - 14)), which moves the centre of
mass to the field centre (14, 14) and removes the slant (the output's row/column covariance is
zero). Pixels outside the source read as 0. Intensities keep their scale (uint8 or [0, 1]).
"""

import numpy as np
from numba import njit

SIDE = 28
CENTRE = 14.0


@njit(nogil=True, cache=True)
def skew_moments(image):
    """(mean row, mean col, alpha) of a (28, 28) image; alpha 0 for an empty or one-row image."""
    total = 0.0
    sum_r = 0.0
    sum_c = 0.0
    for r in range(SIDE):
        for c in range(SIDE):
            v = float(image[r, c])
            total += v
            sum_r += v * r
            sum_c += v * c
    if total <= 0.0:
        return CENTRE, CENTRE, 0.0
    mean_r = sum_r / total
    mean_c = sum_c / total
    var_r = 0.0
    cov = 0.0
    for r in range(SIDE):
        for c in range(SIDE):
            v = float(image[r, c])
            var_r += v * (r - mean_r) * (r - mean_r)
            cov += v * (r - mean_r) * (c - mean_c)
    if var_r <= 1e-12 * total:
        return mean_r, mean_c, 0.0
    return mean_r, mean_c, cov / var_r


@njit(nogil=True, cache=True)
def deskew_one(image, out):
    """Write the deskewed (28, 28) ``image`` into float32 ``out`` (28, 28); empty stays empty."""
    mean_r, mean_c, alpha = skew_moments(image)
    for r in range(SIDE):
        sy = r + mean_r - CENTRE
        for c in range(SIDE):
            sx = c + mean_c - CENTRE + alpha * (r - CENTRE)
            y0 = int(np.floor(sy))
            x0 = int(np.floor(sx))
            fy = sy - y0
            fx = sx - x0
            acc = 0.0
            for dy in range(2):
                yy = y0 + dy
                if yy < 0 or yy >= SIDE:
                    continue
                wy = fy if dy else 1.0 - fy
                for dx in range(2):
                    xx = x0 + dx
                    if 0 <= xx < SIDE:
                        acc += wy * (fx if dx else 1.0 - fx) * float(image[yy, xx])
            out[r, c] = acc


@njit(nogil=True, cache=True)
def deskew_images(images, out):
    """Deskew every row of ``images`` (N, 784), any numeric dtype, into float32 ``out`` (N, 784)."""
    for i in range(images.shape[0]):
        deskew_one(images[i].reshape((SIDE, SIDE)), out[i].reshape((SIDE, SIDE)))
