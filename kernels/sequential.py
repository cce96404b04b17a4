"""The C original's update schedule: per-sample SGD within a group, layer by layer.

nn.c runs its "mini-batch of 5" as 5 forward passes with the same weights, then 5 sequential
per-sample updates of the output layer, then 5 of the hidden layer. With a group of 1 this is
miniMNIST-c's per-sample SGD.
"""

import numpy as np
from numba import njit

from .flags import DOUBLE_HIDDEN_GRAD, GRADIENT_ASCENT
from .idle_rows import catch_up
from .layout import biases, weights
from .update import velocity_step


@njit(nogil=True, cache=True)
def _update_row(w, v, a, d, lr, momentum, weight_decay, flags):
    """One sample's update of a layer: g = a (x) d (+ wd*w), then the momentum step."""
    sign = np.float32(1.0) if flags & GRADIENT_ASCENT else np.float32(-1.0)
    for r in range(w.shape[0]):
        ar = a[r]
        for c in range(w.shape[1]):
            v[r, c] = velocity_step(v[r, c], ar * d[c], w[r, c], lr, momentum, weight_decay, flags)
            w[r, c] += sign * v[r, c]


@njit(nogil=True, cache=True)
def _update_bias(b, vb, d, lr, momentum, flags):
    sign = np.float32(1.0) if flags & GRADIENT_ASCENT else np.float32(-1.0)
    for c in range(b.shape[0]):
        vb[c] = velocity_step(vb[c], d[c], np.float32(0.0), lr, momentum, np.float32(0.0), flags)
        b[c] += sign * vb[c]


@njit(nogil=True, cache=True)
def _back(w, d, out, accumulate):
    """out (+)= w @ d: one sample's gradient through a layer's weights."""
    for r in range(w.shape[0]):
        total = np.float32(0.0)
        for c in range(w.shape[1]):
            total += w[r, c] * d[c]
        out[r] = out[r] + total if accumulate else total


@njit(nogil=True, cache=True)
def _update_used_rows(w, v, lists, j, d, tick, last, lr, momentum, weight_decay, flags):
    """Sample j's first-layer update on the rows of its non-zero pixels only (its row list);
    the blank rows' zero-gradient step is deferred (``idle_rows``)."""
    row_start, row_cols, row_vals = lists[0], lists[1], lists[2]
    sign = np.float32(1.0) if flags & GRADIENT_ASCENT else np.float32(-1.0)
    for e in range(row_start[j], row_start[j + 1]):
        p = row_cols[e]
        x = row_vals[e]
        wr = w[p]
        vr = v[p]
        catch_up(wr, vr, tick - last[p], lr, momentum, weight_decay, flags)
        last[p] = tick + 1
        for c in range(w.shape[1]):
            vr[c] = velocity_step(vr[c], x * d[c], wr[c], lr, momentum, weight_decay, flags)
            wr[c] += sign * vr[c]


@njit(nogil=True, cache=True)
def sequential_update(
    params,
    velocity,
    sizes,
    acts,
    probs,
    targets,
    n,
    lr,
    momentum,
    weight_decay,
    flags,
    sparse,
    lists,
    last,
    tick,
    deltas,
    halt,
):
    """Per-sample updates for the n forwarded samples in acts, output layer first; returns n.

    When ``sparse``, the first layer's rows are updated from the samples' row ``lists`` and
    its blank rows deferred (``last`` as in ``idle_rows``), the first sample being step
    ``tick``. ``deltas[l]`` (like acts[l]) holds the loss gradient at layer l's output.
    ``halt[0]`` is read before every sample's update of every layer: once it is non-zero the
    update stops there and -1 is returned (the parameters are then half-updated)."""
    n_layers = sizes.shape[0] - 1
    delta = deltas[n_layers]
    for i in range(n):
        for k in range(probs.shape[1]):
            delta[i, k] = probs[i, k] - targets[i, k]
    for l in range(n_layers - 1, -1, -1):
        w = weights(params, sizes, l)
        b = biases(params, sizes, l)
        vw = weights(velocity, sizes, l)
        vb = biases(velocity, sizes, l)
        grad_hidden = deltas[l]
        for j in range(n):
            if halt[0] != 0:
                return -1
            d = delta[j]
            if l > 0:
                _back(
                    w, d, grad_hidden[j], np.bool_(False)
                )  # through the weights before this update
            if l == 0 and sparse:
                _update_used_rows(
                    w, vw, lists, j, d, tick + j, last, lr, momentum, weight_decay, flags
                )
            else:
                _update_row(w, vw, acts[l][j], d, lr, momentum, weight_decay, flags)
            _update_bias(b, vb, d, lr, momentum, flags)
            if l > 0 and flags & DOUBLE_HIDDEN_GRAD:
                _back(
                    w, d, grad_hidden[j], np.bool_(True)
                )  # ... and again through the updated weights
        if l == 0:
            break
        h = acts[l]
        for j in range(n):
            for k in range(sizes[l]):
                if h[j, k] <= 0:
                    grad_hidden[j, k] = np.float32(0.0)
        delta = grad_hidden
    return n
