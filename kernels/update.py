"""Backward pass and the momentum-SGD update of one mini-batch (mean gradient)."""

import numpy as np
from numba import njit

from .copy import copy_rows
from .flags import GRADIENT_ASCENT, MOMENTUM_NO_DECAY

# Velocities that decay geometrically (rows of always-dark pixels) would sink into float32
# subnormals, which x86 computes ~10x slower; below TINY they are flushed to zero.
from .forward import TINY
from .layout import biases, weights


@njit(nogil=True, cache=True)
def velocity_step(v, g, w, lr, momentum, weight_decay, flags):
    """New velocity: v = mu*v + lr*(g + wd*w); under MOMENTUM_NO_DECAY, v = v + lr*g."""
    keep = np.float32(1.0) if flags & MOMENTUM_NO_DECAY else momentum
    v_new = keep * v + lr * (g + weight_decay * w)
    return v_new if abs(v_new) >= TINY else np.float32(0.0)


@njit(nogil=True, cache=True)
def output_delta(probs, targets, sample_weight, n, temperature, delta):
    """delta[:n] = dLoss/dlogits of the weighted mean cross-entropy: (p - t) * w_i * T / n."""
    scale = np.float32(temperature / n)
    for i in range(n):
        for k in range(probs.shape[1]):
            delta[i, k] = (probs[i, k] - targets[i, k]) * sample_weight[i] * scale


@njit(nogil=True, cache=True)
def backward(params, sizes, acts, delta, n, grad):
    """Fill ``grad`` (flat, like params) by backpropagating ``delta`` (n, outputs) through every
    layer (the plain gradient: the training kernels' bug switches live in ``step``)."""
    n_layers = sizes.shape[0] - 1
    d = delta
    for l in range(n_layers - 1, -1, -1):
        a = acts[l][:n]
        g_w = weights(grad, sizes, l)
        g_b = biases(grad, sizes, l)
        copy_rows(g_w, 0, np.dot(a.T, d), g_w.shape[0])
        for k in range(d.shape[1]):
            g_b[k] = np.float32(0.0)
            for i in range(n):
                g_b[k] += d[i, k]
        if l == 0:
            break
        w = weights(params, sizes, l)
        grad_hidden = np.dot(d, w.T)
        h = acts[l][:n]
        for i in range(n):
            for k in range(grad_hidden.shape[1]):
                if h[i, k] <= 0:
                    grad_hidden[i, k] = np.float32(0.0)
        d = grad_hidden


@njit(nogil=True, cache=True)
def apply_update(params, velocity, grad, lr, momentum, weight_decay, flags, mask, clip_norm):
    """v = mu*v + lr*g; w -= v (w += v under GRADIENT_ASCENT). Optional gradient clipping
    to norm ``clip_norm`` (> 0) and a 0/1 ``mask`` (empty = all weights move)."""
    if clip_norm > 0:
        norm_sq = 0.0
        for i in range(grad.shape[0]):
            norm_sq += grad[i] * grad[i]
        norm = np.sqrt(norm_sq)
        if norm > clip_norm:
            factor = np.float32(clip_norm / norm)
            for i in range(grad.shape[0]):
                grad[i] *= factor
    sign = np.float32(1.0) if flags & GRADIENT_ASCENT else np.float32(-1.0)
    if mask.shape[0] != params.shape[0]:  # no mask: a branch-free loop the compiler vectorises
        for i in range(params.shape[0]):
            v = velocity_step(velocity[i], grad[i], params[i], lr, momentum, weight_decay, flags)
            velocity[i] = v
            params[i] += sign * v
        return
    for i in range(params.shape[0]):
        if mask[i] == 0:
            continue
        v = velocity_step(
            velocity[i], grad[i] * mask[i], params[i], lr, momentum, weight_decay, flags
        )
        velocity[i] = v
        params[i] += sign * v
