"""A pure-numpy reference of the kernels' maths, bugs included, for tests and benchmarks.

It is written for clarity, one layer list at a time; the kernels must agree with it to
float32 tolerance for every schedule, batch size and bug switch.
"""

from __future__ import annotations

import numpy as np

from mugui_kernels import flags as F
from mugui_kernels.layout_sizes import layer_slices
from mugui_kernels.train_args import TINY


def unpack(params: np.ndarray, sizes) -> list[tuple[np.ndarray, np.ndarray]]:
    """(W, b) views of each layer."""
    return [
        (params[w].reshape(a, b), params[bs])
        for (w, bs), a, b in zip(layer_slices(sizes), sizes[:-1], sizes[1:], strict=True)
    ]


def softmax(logits: np.ndarray, flags: int = 0) -> np.ndarray:
    shifted = logits if flags & F.UNSTABLE_SOFTMAX else logits - logits.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    e = np.where(e < TINY, np.float32(0.0), e)
    return e / e.sum(axis=1, keepdims=True)


def forward(params: np.ndarray, sizes, x: np.ndarray, flags: int = 0) -> list[np.ndarray]:
    """Activations of every layer; the last is the logits (ReLU'd under OUTPUT_RELU)."""
    acts = [x]
    layers = unpack(params, sizes)
    for l, (w, b) in enumerate(layers):
        z = acts[-1] @ w + b
        if l < len(layers) - 1 or flags & F.OUTPUT_RELU:
            z = np.maximum(z, 0)
        acts.append(z.astype(np.float32))
    return acts


def _step(v, g, w, lr, momentum, weight_decay, flags):
    keep = 1.0 if flags & F.MOMENTUM_NO_DECAY else momentum
    v_new = np.float32(keep) * v + np.float32(lr) * (g + np.float32(weight_decay) * w)
    return np.where(np.abs(v_new) >= TINY, v_new, np.float32(0.0)).astype(np.float32)


def mean_step(params, velocity, sizes, x, onehot, lr, momentum, weight_decay=0.0, flags=0):
    """One mini-batch step with the mean gradient (updates params and velocity in place)."""
    acts = forward(params, sizes, x, flags)
    probs = softmax(acts[-1], flags)
    n = x.shape[0]
    delta = (probs - onehot) / np.float32(n)
    layers = unpack(params, sizes)
    vlayers = unpack(velocity, sizes)
    sign = 1.0 if flags & F.GRADIENT_ASCENT else -1.0
    grads = []
    for l in range(len(layers) - 1, -1, -1):
        w, _ = layers[l]
        g_w = acts[l].T @ delta
        g_b = delta.sum(axis=0)
        grads.append((l, g_w, g_b))
        if l == 0:
            break
        grad_hidden = delta @ w.T
        if flags & F.DOUBLE_HIDDEN_GRAD:
            w_new = w + np.float32(sign) * _step(
                vlayers[l][0], g_w, w, lr, momentum, weight_decay, flags
            )
            grad_hidden = grad_hidden + delta @ w_new.T
        delta = grad_hidden * (acts[l] > 0)
    for l, g_w, g_b in grads:
        (w, b), (vw, vb) = layers[l], vlayers[l]
        vw[...] = _step(vw, g_w, w, lr, momentum, weight_decay, flags)
        vb[...] = _step(vb, g_b, b, lr, momentum, weight_decay, flags)
        w += np.float32(sign) * vw
        b += np.float32(sign) * vb
    return probs


def sequential_step(params, velocity, sizes, x, onehot, lr, momentum, weight_decay=0.0, flags=0):
    """The C original's group update: forward all, then per-sample updates, output layer first."""
    acts = forward(params, sizes, x, flags)
    probs = softmax(acts[-1], flags)
    delta = probs - onehot
    layers = unpack(params, sizes)
    vlayers = unpack(velocity, sizes)
    sign = np.float32(1.0 if flags & F.GRADIENT_ASCENT else -1.0)
    for l in range(len(layers) - 1, -1, -1):
        (w, b), (vw, vb) = layers[l], vlayers[l]
        grad_hidden = np.zeros((x.shape[0], sizes[l]), dtype=np.float32)
        for j in range(x.shape[0]):
            d = delta[j]
            if l > 0:
                grad_hidden[j] = w @ d
            vw[...] = _step(vw, np.outer(acts[l][j], d), w, lr, momentum, weight_decay, flags)
            w += sign * vw
            vb[...] = _step(vb, d, np.zeros_like(b), lr, momentum, 0.0, flags)
            b += sign * vb
            if l > 0 and flags & F.DOUBLE_HIDDEN_GRAD:
                grad_hidden[j] += w @ d
        if l == 0:
            break
        delta = grad_hidden * (acts[l] > 0)
    return probs


def train_epoch(
    params,
    velocity,
    sizes,
    images,
    labels,
    order,
    batch_size,
    schedule,
    lr,
    momentum,
    weight_decay=0.0,
    flags=0,
):
    """The same loop as ``mugui_kernels.epoch.train_range`` over a whole order (no recording)."""
    scale = np.float32(1.0 if flags & F.NO_NORMALIZE else 1.0 / 255.0)
    step = sequential_step if schedule == F.SCHEDULE_SEQUENTIAL else mean_step
    for i in range(0, len(order), batch_size):
        idx = order[i : i + batch_size]
        src = np.full_like(idx, order[i]) if flags & F.BATCH_IMAGE_INDEX else idx
        x = images[src].astype(np.float32) * scale
        onehot = np.eye(10, dtype=np.float32)[labels[idx]]
        step(params, velocity, sizes, x, onehot, lr, momentum, weight_decay, flags)
