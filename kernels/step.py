"""One mean-gradient mini-batch step in preallocated buffers: forward, softmax, backward, update.

The first layer runs over the batch's non-zero inputs only when the batch is sparse enough
(``sparse_input``); the other products are BLAS calls (numpy's OpenBLAS, ``blas``) writing into the workspace, and bias,
ReLU, softmax and the momentum update are loops here, so a step allocates nothing.
"""

import numpy as np
from numba import njit

from .blas import gemm
from .flags import DOUBLE_HIDDEN_GRAD, GRADIENT_ASCENT, OUTPUT_RELU
from .forward import bias_activation, make_activations, softmax_rows
from .layout import biases, n_params, weights
from .sparse_input import (
    build_lists,
    make_sparse_buffers,
    sparse_product,
    sparse_weight_gradient,
    sparse_weight_update,
)
from .update import apply_update, output_delta, velocity_step

WS_ACTS, WS_DELTAS, WS_PROBS, WS_GRAD, WS_ACC, WS_SPARSE = 0, 1, 2, 3, 4, 5


@njit(nogil=True, cache=True)
def make_workspace(sizes, rows):
    """Buffers for steps of up to ``rows`` samples: activations (acts[0] is the input), the
    loss gradient at every layer's output, probabilities, a flat gradient, the sparse lists."""
    return (
        make_activations(sizes, rows),
        make_activations(sizes, rows),
        np.zeros((rows, sizes[sizes.shape[0] - 1]), dtype=np.float32),
        np.zeros(n_params(sizes), dtype=np.float32),
        np.zeros(sizes[1], dtype=np.float32),
        make_sparse_buffers(rows, sizes[0]),
    )


@njit(nogil=True, cache=True, inline="always")
def sparse_inputs(ws, n):
    """Whether the n inputs in acts[0] are sparse enough for the sparse first layer (and if
    so, their row and column lists are filled)."""
    return build_lists(ws[WS_ACTS][0], n, ws[WS_SPARSE])


@njit(nogil=True, cache=True)
def forward_batch(params, sizes, ws, n, flags, temperature, sparse):
    """Fill activations and ws probabilities (softmax at ``temperature``) for the n inputs in
    acts[0], over their lists when ``sparse`` (from ``sparse_inputs``)."""
    acts = ws[WS_ACTS]
    n_layers = sizes.shape[0] - 1
    for l in range(n_layers):
        w = weights(params, sizes, l)
        b = biases(params, sizes, l)
        relu = l < n_layers - 1 or (flags & OUTPUT_RELU) != 0
        if l == 0 and sparse:
            sparse_product(w, n, ws[WS_SPARSE], acts[1])
        else:
            gemm(acts[l][:n], w, acts[l + 1][:n], False, False)
        bias_activation(acts[l + 1], b, n, relu)
    softmax_rows(acts[n_layers], ws[WS_PROBS], n, temperature, flags)
    return sparse


@njit(nogil=True, cache=True, inline="always")
def _hidden_delta(params, velocity, sizes, l, d, g_w, n, out, lr, momentum, weight_decay, flags):
    """out[:n] = d @ W_l^T masked by layer l's ReLU (plus the DOUBLE_HIDDEN_GRAD bug's pass
    through the weights this step is about to produce)."""
    w = weights(params, sizes, l)
    gemm(d, w, out[:n], False, True)
    if flags & DOUBLE_HIDDEN_GRAD:
        v = weights(velocity, sizes, l)
        w_new = np.empty_like(w)
        sign = np.float32(1.0) if flags & GRADIENT_ASCENT else np.float32(-1.0)
        for r in range(w.shape[0]):
            for c in range(w.shape[1]):
                step = velocity_step(v[r, c], g_w[r, c], w[r, c], lr, momentum, weight_decay, flags)
                w_new[r, c] = w[r, c] + sign * step
        extra = np.dot(d, w_new.T)
        for i in range(n):  # a loop: ``out[:n] += ...`` compiles numba's shape-error messages
            for c in range(extra.shape[1]):
                out[i, c] += extra[i, c]


@njit(nogil=True, cache=True)
def update_batch(
    params,
    velocity,
    sizes,
    ws,
    n,
    targets,
    sample_weight,
    sparse,
    lr,
    momentum,
    weight_decay,
    flags,
    temperature,
    clip_norm,
    mask,
    last,
    tick,
):
    """Backpropagate the batch forwarded by ``forward_batch`` and take the momentum step.

    With a sparse first layer and no clipping or mask, its weights are updated row by row
    straight from the column lists (rows of blank inputs deferred when ``last`` is non-empty,
    see ``sparse_weight_update``); otherwise the full gradient is formed, then applied.
    """
    acts, deltas, grad = ws[WS_ACTS], ws[WS_DELTAS], ws[WS_GRAD]
    n_layers = sizes.shape[0] - 1
    output_delta(ws[WS_PROBS], targets, sample_weight, n, temperature, deltas[n_layers])
    fused = sparse and clip_norm <= 0 and mask.shape[0] == 0
    for l in range(n_layers - 1, -1, -1):
        d = deltas[l + 1][:n]
        g_w = weights(grad, sizes, l)
        g_b = biases(grad, sizes, l)
        for k in range(d.shape[1]):
            g_b[k] = np.float32(0.0)
        for i in range(n):
            for k in range(d.shape[1]):
                g_b[k] += d[i, k]
        if l == 0:
            if sparse and not fused:
                sparse_weight_gradient(ws[WS_SPARSE], d, g_w, ws[WS_ACC])
            elif not sparse:
                gemm(acts[0][:n], d, g_w, True, False)
            break
        gemm(acts[l][:n], d, g_w, True, False)
        _hidden_delta(
            params, velocity, sizes, l, d, g_w, n, deltas[l], lr, momentum, weight_decay, flags
        )
        h = acts[l]
        dl = deltas[l]
        for i in range(n):
            for k in range(dl.shape[1]):
                if h[i, k] <= 0:
                    dl[i, k] = np.float32(0.0)
    if not fused:
        apply_update(params, velocity, grad, lr, momentum, weight_decay, flags, mask, clip_norm)
        return
    first = sizes[0] * sizes[1]
    apply_update(
        params[first:], velocity[first:], grad[first:], lr, momentum, weight_decay, flags, mask, 0.0
    )
    sparse_weight_update(
        weights(params, sizes, np.int64(0)),
        weights(velocity, sizes, np.int64(0)),
        ws[WS_SPARSE],
        deltas[1][:n],
        ws[WS_ACC],
        lr,
        momentum,
        weight_decay,
        flags,
        last,
        tick,
    )
