"""The gradient of a loss with respect to every weight, for saliency masks (SalUn)."""

import numpy as np
from numba import njit

from .copy import copy_rows
from .forward import forward_into, make_activations, softmax_rows
from .update import backward, output_delta


@njit(nogil=True, cache=True)
def loss_gradient(params, sizes, inputs, targets):
    """d(mean cross-entropy of float32 ``inputs`` against ``targets``)/d(params), flat like params."""
    n = inputs.shape[0]
    acts = make_activations(sizes, n)
    copy_rows(acts[0], 0, inputs, n)
    forward_into(params, sizes, acts, n, 0)
    probs = np.empty((n, targets.shape[1]), dtype=np.float32)
    softmax_rows(acts[sizes.shape[0] - 1], probs, n, 1.0, 0)
    delta = np.empty((n, targets.shape[1]), dtype=np.float32)
    output_delta(probs, targets, np.ones(n, dtype=np.float32), n, 1.0, delta)
    grad = np.empty_like(params)
    backward(params, sizes, acts, delta, n, grad)
    return grad
