"""A pure-numpy reference of the convolutional network's maths, for tests.

Written for clarity (4-D arrays, explicit convolution by sliding windows), independently of the
kernels' im2col buffers; the kernels must agree with it to float32 tolerance.
"""

from __future__ import annotations

import numpy as np

from mugui.training import reference
from mugui_kernels import flags as F
from mugui_kernels.cnn_layout import K, layer_shapes, layer_slices


def unpack(params: np.ndarray, shape) -> list[tuple[np.ndarray, np.ndarray]]:
    """(W, b) of each of the four layers; conv filters as (ky, kx, c_in, c_out)."""
    c1, c2, h = (int(s) for s in np.asarray(getattr(shape, "as_array", lambda: shape)()))
    out = []
    for (w, b), (rows, cols) in zip(layer_slices(c1, c2, h), layer_shapes(c1, c2, h), strict=True):
        out.append((params[w].reshape(rows, cols), params[b]))
    (w1, b1), (w2, b2) = out[0], out[1]
    return [(w1.reshape(K, K, 1, c1), b1), (w2.reshape(K, K, c1, c2), b2), out[2], out[3]]


def conv(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Valid 2-D convolution (cross-correlation) of x (n, H, W, Cin) with w (K, K, Cin, Cout)."""
    n, side, _, _ = x.shape
    out_side = side - K + 1
    out = np.zeros((n, out_side, out_side, w.shape[3]), dtype=np.float32)
    for ky in range(K):
        for kx in range(K):
            out += x[:, ky : ky + out_side, kx : kx + out_side, :] @ w[ky, kx]
    return out


def pool(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """2×2 max-pool and the one-hot mask of each window's winner (the first of equal values)."""
    n, side, _, c = x.shape
    windows = x.reshape(n, side // 2, 2, side // 2, 2, c).transpose(0, 1, 3, 5, 2, 4)
    flat = windows.reshape(n, side // 2, side // 2, c, 4)
    winner = flat.argmax(axis=-1)
    mask = np.zeros_like(flat)
    np.put_along_axis(mask, winner[..., None], 1.0, axis=-1)
    mask = mask.reshape(n, side // 2, side // 2, c, 2, 2).transpose(0, 1, 4, 2, 5, 3)
    return flat.max(axis=-1), mask.reshape(x.shape)


def forward(params: np.ndarray, shape, x: np.ndarray, flags: int = 0) -> dict[str, np.ndarray]:
    """Every intermediate of the forward pass of float32 inputs x (n, 784)."""
    (w1, b1), (w2, b2), (w3, b3), (w4, b4) = unpack(params, shape)
    a: dict[str, np.ndarray] = {"x": x.reshape(-1, 28, 28, 1)}
    a["c1"] = np.maximum(conv(a["x"], w1) + b1, 0)
    a["p1"], a["m1"] = pool(a["c1"])
    a["c2"] = np.maximum(conv(a["p1"], w2) + b2, 0)
    a["p2"], a["m2"] = pool(a["c2"])
    a["f"] = a["p2"].reshape(x.shape[0], -1)
    a["h"] = np.maximum(a["f"] @ w3 + b3, 0)
    logits = a["h"] @ w4 + b4
    a["logits"] = np.maximum(logits, 0) if flags & F.OUTPUT_RELU else logits
    return a


def probs(params: np.ndarray, shape, x: np.ndarray, flags: int = 0) -> np.ndarray:
    return reference.softmax(forward(params, shape, x, flags)["logits"], flags)


def _conv_backward(x: np.ndarray, w: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gradients of a valid convolution by its filters and by its input, given d = dL/d(out)."""
    out_side = d.shape[1]
    g_w = np.zeros_like(w)
    g_x = np.zeros_like(x)
    for ky in range(K):
        for kx in range(K):
            window = x[:, ky : ky + out_side, kx : kx + out_side, :]
            g_w[ky, kx] = np.einsum("nyxi,nyxo->io", window, d)
            g_x[:, ky : ky + out_side, kx : kx + out_side, :] += d @ w[ky, kx].T
    return g_w, g_x


def gradients(
    params: np.ndarray, shape, x: np.ndarray, delta: np.ndarray, flags: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """(dL/dparams flat, dL/dx (n, 784)) for dL/dlogits = ``delta`` (the output ReLU of the
    OUTPUT_RELU bug is ignored going back, as in the kernels)."""
    (w1, _), (w2, _), (w3, _), (w4, _) = unpack(params, shape)
    a = forward(params, shape, x, flags)
    n = x.shape[0]
    g4 = a["h"].T @ delta
    dh = (delta @ w4.T) * (a["h"] > 0)
    g3 = a["f"].T @ dh
    dp2 = (dh @ w3.T).reshape(a["p2"].shape)
    dc2 = np.repeat(np.repeat(dp2, 2, axis=1), 2, axis=2) * a["m2"] * (a["c2"] > 0)
    g2, dp1 = _conv_backward(a["p1"], w2, dc2)
    dc1 = np.repeat(np.repeat(dp1, 2, axis=1), 2, axis=2) * a["m1"] * (a["c1"] > 0)
    g1, dx = _conv_backward(a["x"], w1, dc1)
    flat = np.concatenate(
        [
            g1.ravel(),
            dc1.sum(axis=(0, 1, 2)),
            g2.ravel(),
            dc2.sum(axis=(0, 1, 2)),
            g3.ravel(),
            dh.sum(axis=0),
            g4.ravel(),
            delta.sum(axis=0),
        ]  # fmt: skip
    ).astype(np.float32)
    return flat, dx.reshape(n, -1)


def mean_step(params, velocity, shape, x, onehot, lr, momentum, weight_decay=0.0, flags=0):
    """One mini-batch step with the mean gradient (updates params and velocity in place)."""
    p = probs(params, shape, x, flags)
    grad, _ = gradients(params, shape, x, (p - onehot) / np.float32(x.shape[0]), flags)
    step = reference._step(velocity, grad, params, lr, momentum, weight_decay, flags)
    velocity[:] = step
    sign = 1.0 if flags & F.GRADIENT_ASCENT else -1.0
    params += np.float32(sign) * step


def fisher_diagonal(params, shape, x, onehot, expected: bool) -> np.ndarray:
    """Σ_i g_i², one sample at a time (expected: Σ_k p_ik g_ik² over the model's labels)."""
    total = np.zeros_like(params)
    for i in range(x.shape[0]):
        p = probs(params, shape, x[i : i + 1])
        labels = [(k, p[0, k]) for k in range(10)] if expected else [(None, 1.0)]
        for k, weight in labels:
            target = onehot[i : i + 1] if k is None else np.eye(10, dtype=np.float32)[k : k + 1]
            g, _ = gradients(params, shape, x[i : i + 1], p - target)
            total += np.float32(weight) * g * g
    return total
