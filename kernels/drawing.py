"""Exact Euclidean distance transforms for re-weighting drawn strokes.

Felzenszwalb & Huttenlocher's two-pass algorithm (lower envelope of parabolas), linear in
the number of pixels, so a canvas can be re-stroked while the user draws.
"""

import numpy as np
from numba import njit

_FAR = 1e20


@njit(nogil=True, cache=True)
def _envelope_1d(f, n, d, v, z):
    """Squared distance transform of the 1-D sampled function ``f[:n]`` into ``d[:n]``."""
    k = 0
    v[0] = 0
    z[0] = -_FAR
    z[1] = _FAR
    for q in range(1, n):
        s = ((f[q] + q * q) - (f[v[k]] + v[k] * v[k])) / (2.0 * (q - v[k]))
        while s <= z[k]:
            k -= 1
            s = ((f[q] + q * q) - (f[v[k]] + v[k] * v[k])) / (2.0 * (q - v[k]))
        k += 1
        v[k] = q
        z[k] = s
        z[k + 1] = _FAR
    k = 0
    for q in range(n):
        while z[k + 1] < q:
            k += 1
        d[q] = (q - v[k]) * (q - v[k]) + f[v[k]]


@njit(nogil=True, cache=True)
def squared_distance_to(mask):
    """Squared distance from every pixel to the nearest pixel where ``mask`` is set."""
    h, w = mask.shape
    n = max(h, w)
    f = np.empty(n, np.float64)
    d = np.empty(n, np.float64)
    v = np.empty(n, np.int64)
    z = np.empty(n + 1, np.float64)
    out = np.empty((h, w), np.float64)
    for x in range(w):
        for y in range(h):
            f[y] = 0.0 if mask[y, x] else _FAR
        _envelope_1d(f, h, d, v, z)
        for y in range(h):
            out[y, x] = d[y]
    for y in range(h):
        for x in range(w):
            f[x] = out[y, x]
        _envelope_1d(f, w, d, v, z)
        for x in range(w):
            out[y, x] = d[x]
    return out


@njit(nogil=True, cache=True)
def signed_edge_distance(mask):
    """Signed distance (float32) of each pixel centre to the ink edge: > 0 inside, < 0 outside.

    Pixel edges are the boundary, so a stroke ``n`` pixels wide peaks at ``n / 2``.
    """
    h, w = mask.shape
    inverse = np.empty((h, w), np.bool_)
    for y in range(h):
        for x in range(w):
            inverse[y, x] = not mask[y, x]
    to_ink = squared_distance_to(mask)
    to_paper = squared_distance_to(inverse)
    out = np.empty((h, w), np.float32)
    for y in range(h):
        for x in range(w):
            if mask[y, x]:
                out[y, x] = np.sqrt(to_paper[y, x]) - 0.5
            else:
                out[y, x] = 0.5 - np.sqrt(to_ink[y, x])
    return out


@njit(nogil=True, cache=True)
def _resample_rows(src, scale):
    """``src`` resampled along axis 0 by ``scale``: area averaging down, linear interpolation up."""
    n_in, width = src.shape
    n_out = max(1, int(np.ceil(n_in * scale - 1e-6)))
    out = np.zeros((n_out, width), np.float32)
    if scale <= 1.0:
        for i in range(n_in):
            top = i * scale  # source row i covers [top, bottom) of the output rows
            bottom = top + scale
            for j in range(int(top), min(n_out, int(np.ceil(bottom)))):
                overlap = min(bottom, j + 1.0) - max(top, float(j))
                if overlap > 0.0:
                    for x in range(width):
                        out[j, x] += overlap * src[i, x]
    else:
        for j in range(n_out):
            s = min(max((j + 0.5) / scale - 0.5, 0.0), n_in - 1.0)
            lo = int(s)
            hi = min(lo + 1, n_in - 1)
            frac = s - lo
            for x in range(width):
                out[j, x] = (1.0 - frac) * src[lo, x] + frac * src[hi, x]
    return out


@njit(nogil=True, cache=True)
def resize(image, scale):
    """``image`` scaled by ``scale`` on both axes (float32); the last row and column may be partial."""
    rows = _resample_rows(image, scale)
    return _resample_rows(rows.T.copy(), scale).T.copy()
