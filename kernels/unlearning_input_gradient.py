"""The gradient of each sample's cross-entropy with respect to its input pixels (for FGSM)."""

import numpy as np
from numba import njit

from .copy import copy_rows
from .forward import CHUNK, chunk_buffers, output_error
from .layout import weights


@njit(nogil=True, cache=True)
def input_gradient(params, sizes, inputs, targets):
    """d(loss_i)/d(x_i) for every row of float32 ``inputs`` (N, 784): backprop to the pixels."""
    n_total = inputs.shape[0]
    n_layers = sizes.shape[0] - 1
    grads = np.empty_like(inputs)
    acts, probs = chunk_buffers(sizes)
    for start in range(0, n_total, CHUNK):
        n = min(CHUNK, n_total - start)
        delta = output_error(params, sizes, acts, probs, inputs, targets, start, n)
        for l in range(n_layers - 1, -1, -1):
            delta = np.dot(delta, weights(params, sizes, l).T)
            if l == 0:
                break
            h = acts[l][:n]
            for i in range(n):
                for j in range(sizes[l]):
                    if h[i, j] <= 0:  # ReLU gate
                        delta[i, j] = 0.0
        copy_rows(grads, start, delta, n)
    return grads
