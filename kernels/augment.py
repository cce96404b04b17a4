"""Train-time augmentation of 28×28 uint8 digits: rotate, scale, shift, change stroke weight.

Each image gets its own parameters (drawn by the caller from a seed, so runs are reproducible).
The warp maps every output pixel back into the source about the field centre (MNIST's centre of
mass, (14, 14)) and samples bilinearly; the stroke change blends towards a 3×3-cross grey
dilation (thicker) or erosion (thinner).
"""

import numpy as np
from numba import njit

SIDE = 28
CENTRE = 14.0

ANGLE = 0  # rotation in radians, counter-clockwise on screen
SCALE = 1  # > 1 enlarges the digit
SHIFT_X = 2  # pixels to the right
SHIFT_Y = 3  # pixels down
STROKE = 4  # in [-1, 1]: > 0 blends towards dilation, < 0 towards erosion
N_PARAMS = 5


@njit(nogil=True, cache=True)
def _warp(image, angle, scale, shift_x, shift_y, out):
    """Bilinear sample of ``image`` (28, 28) rotated, scaled and shifted, into float ``out``."""
    cos_a = np.cos(angle) / scale
    sin_a = np.sin(angle) / scale
    for y in range(SIDE):
        for x in range(SIDE):
            u = x - CENTRE - shift_x
            v = y - CENTRE - shift_y
            sx = cos_a * u - sin_a * v + CENTRE  # inverse rotation: screen y points down
            sy = sin_a * u + cos_a * v + CENTRE
            x0 = int(np.floor(sx))
            y0 = int(np.floor(sy))
            fx = sx - x0
            fy = sy - y0
            acc = 0.0
            for dy in range(2):
                for dx in range(2):
                    yy = y0 + dy
                    xx = x0 + dx
                    if 0 <= yy < SIDE and 0 <= xx < SIDE:
                        w = (fx if dx else 1.0 - fx) * (fy if dy else 1.0 - fy)
                        acc += w * image[yy, xx]
            out[y, x] = acc


@njit(nogil=True, cache=True)
def _restroke(src, amount, out):
    """``src`` blended by |amount| towards its cross-shaped grey dilation (> 0) or erosion (< 0)."""
    for y in range(SIDE):
        for x in range(SIDE):
            v = src[y, x]
            m = v
            for dy, dx in ((-1, 0), (1, 0), (0, -1), (0, 1)):
                yy = y + dy
                xx = x + dx
                n = src[yy, xx] if 0 <= yy < SIDE and 0 <= xx < SIDE else 0.0
                m = max(m, n) if amount > 0 else min(m, n)
            out[y, x] = v + abs(amount) * (m - v)


@njit(nogil=True, cache=True)
def augment_images(images, params, out):
    """Write each uint8 image (N, 784) transformed by its row of ``params`` (N, N_PARAMS) to ``out``."""
    warped = np.empty((SIDE, SIDE), np.float64)
    stroked = np.empty((SIDE, SIDE), np.float64)
    for i in range(images.shape[0]):
        image = images[i].reshape((SIDE, SIDE))
        p = params[i]
        _warp(image, p[ANGLE], p[SCALE], p[SHIFT_X], p[SHIFT_Y], warped)
        _restroke(warped, p[STROKE], stroked)
        row = out[i]
        for k in range(SIDE * SIDE):
            row[k] = np.uint8(min(255.0, max(0.0, stroked[k // SIDE, k % SIDE] + 0.5)))
