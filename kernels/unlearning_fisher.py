"""Per-sample gradient statistics of the cross-entropy: the diagonal Fisher information.

For a dense layer with inputs ``a`` (n, in) and output deltas ``d`` (n, out), sample i's weight
gradient is the outer product a_i ⊗ d_i, so the sum of squared per-sample gradients is
(a²)ᵀ(d²): one matrix product, no per-sample gradient is ever stored.
"""

import numpy as np
from numba import njit

from .forward import CHUNK, chunk_buffers, output_error
from .layout import biases, weights


@njit(nogil=True, cache=True)
def _accumulate(out, sizes, layer, a, d):
    """out[layer] += aᵀ d (weights) and column sums of d (biases)."""
    w = weights(out, sizes, layer)
    w += np.dot(a.T, d)
    b = biases(out, sizes, layer)
    for k in range(d.shape[1]):
        b[k] += d[:, k].sum()


@njit(nogil=True, cache=True)
def fisher_diagonal(params, sizes, inputs, targets, expected):
    """Σ_i g_i² over the samples, g_i the gradient of sample i's cross-entropy; flat like params.

    With ``expected`` = 0 the label of g_i is the target row (the empirical Fisher); with 1 it is
    averaged over labels drawn from the model's own softmax p_i (the true Fisher, as Golatkar
    et al. use). The delta of label k at any layer is B_i (p_i − e_k) for a per-sample matrix
    B_i fixed by the ReLU pattern, so E_k[δ²] = Σ_k p_k B[:, k]² − (B p)², exactly.
    """
    n_total = inputs.shape[0]
    n_layers = sizes.shape[0] - 1
    n_out = sizes[n_layers]
    fisher = np.zeros_like(params)
    acts, probs = chunk_buffers(sizes)
    for start in range(0, n_total, CHUNK):
        n = min(CHUNK, n_total - start)
        # the label-specific delta, empirical Fisher
        delta = output_error(params, sizes, acts, probs, inputs, targets, start, n)
        p = probs[:n]
        jac = np.zeros((n, n_out, n_out), dtype=np.float32)  # B_i, identity at the output
        for i in range(n):
            for k in range(n_out):
                jac[i, k, k] = 1.0
        for l in range(n_layers - 1, -1, -1):
            units = sizes[l + 1]
            sq = np.empty((n, units), dtype=np.float32)
            for i in range(n):
                for j in range(units):
                    if expected:
                        mean = np.float32(0.0)
                        second = np.float32(0.0)
                        for k in range(n_out):
                            mean += p[i, k] * jac[i, j, k]
                            second += p[i, k] * jac[i, j, k] * jac[i, j, k]
                        sq[i, j] = max(second - mean * mean, np.float32(0.0))
                    else:
                        sq[i, j] = delta[i, j] * delta[i, j]
            a = acts[l][:n]
            _accumulate(fisher, sizes, l, a * a, sq)
            if l == 0:
                break
            w = weights(params, sizes, l)
            h = acts[l][:n]
            delta = np.dot(delta, w.T)
            if expected:
                below = np.empty((n, sizes[l], n_out), dtype=np.float32)
                for i in range(n):
                    below[i] = np.dot(w, jac[i])
                jac = below
            for i in range(n):
                for j in range(sizes[l]):
                    if h[i, j] <= 0:  # ReLU gate
                        delta[i, j] = 0.0
                        if expected:
                            jac[i, j, :] = 0.0
    return fisher
