"""Where the convolutional network's parameters sit in its flat float32 vector.

The network (``shape`` = [C1, C2, H] as int64): 28×28 input → conv 5×5, C1 filters (ReLU) → 2×2
max-pool → conv 5×5, C2 filters (ReLU) → 2×2 max-pool → dense F = 16·C2 → H (ReLU) → dense H → 10.
Convolutions are "valid" (no padding): 28 → 24 → 12 → 8 → 4. Activations are channel-last.

Blocks, one after another: W1 (25, C1) with rows ordered (ky, kx), b1 (C1,); W2 (25·C1, C2)
with rows ordered (ky, kx, c_in), b2 (C2,); W3 (F, H) with rows ordered (y, x, c), b3 (H,);
W4 (H, 10), b4 (10,). Filter k of the first layer is ``W1[:, k].reshape(5, 5)``.
"""

import numpy as np
from numba import njit

from .cnn_shapes import (  # noqa: F401 - re-exported: the kernels' sizes
    N_BLOCKS,
    N_OUT,
    P1,
    P2,
    S1,
    S2,
    SIDE,
    K,
    count_params,
    features,
    layer_shapes,
    layer_slices,
)


@njit(nogil=True, cache=True)
def block_sizes(shape):
    """Number of values of each of the 8 blocks, in order."""
    c1, c2, h = shape[0], shape[1], shape[2]
    f = P2 * P2 * c2
    return np.array(
        [K * K * c1, c1, K * K * c1 * c2, c2, f * h, h, h * N_OUT, N_OUT], dtype=np.int64
    )


@njit(nogil=True, cache=True)
def block(vec, shape, index):
    """Flat view of block ``index`` (0..7) of ``vec``."""
    sizes = block_sizes(shape)
    off = 0
    for b in range(index):
        off += sizes[b]
    return vec[off : off + sizes[index]]


@njit(nogil=True, cache=True)
def matrix(vec, shape, layer):
    """Weight matrix (in, out) of layer ``layer`` (0..3) as a 2-D view of ``vec``."""
    c1, c2, h = shape[0], shape[1], shape[2]
    rows = (K * K, K * K * c1, P2 * P2 * c2, h)
    cols = (c1, c2, h, N_OUT)
    return block(vec, shape, 2 * layer).reshape((rows[layer], cols[layer]))


@njit(nogil=True, cache=True)
def bias(vec, shape, layer):
    """Bias vector of layer ``layer`` (0..3) as a view of ``vec``."""
    return block(vec, shape, 2 * layer + 1)
