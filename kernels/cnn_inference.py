"""The convolutional network's batched answers: probabilities, dense-head activations, and the
gradients the unlearning methods need (of the loss by the weights and by the pixels, and the
diagonal Fisher information)."""

import numpy as np
from numba import njit

from .cnn import FEAT, GRAD, HID, PROBS, backward_batch, forward_batch, make_workspace
from .cnn_layout import N_OUT
from .copy import copy_rows
from .forward import load_pixels, pixel_scale
from .update import output_delta

CHUNK = 256  # rows per block: the im2col buffers of 256 samples take ~8 MB
# Compile time (README, "The first compile"): the private helpers are inlined into each entry
# point at numba's IR level, and constants are passed typed (np.int64, np.bool_), not as
# literals that numba would compile every callee again for.


@njit(nogil=True, cache=True, inline="always")
def _workspace(shape, n_total):
    """A workspace for blocks of up to ``CHUNK`` of the ``n_total`` rows."""
    return make_workspace(shape, np.int64(min(CHUNK, max(n_total, 1))))


@njit(nogil=True, cache=True, inline="always")
def _forward_block(params, shape, ws, inputs, start):
    """Forward the block of float32 ``inputs`` beginning at row ``start`` (no bug switch);
    return its number of rows."""
    n = min(CHUNK, inputs.shape[0] - start)
    forward_batch(params, shape, ws, inputs[start : start + n], n, np.int64(0), 1.0)
    return n


@njit(nogil=True, cache=True, inline="always")
def _scaled_probs(params, shape, x, flags, scale):
    """Probabilities (N, 10) of the rows of ``x`` (N, 784) times ``scale``, block by block."""
    n_total = x.shape[0]
    out = np.empty((n_total, N_OUT), dtype=np.float32)
    ws = _workspace(shape, n_total)
    block = np.empty((ws[PROBS].shape[0], x.shape[1]), dtype=np.float32)
    for start in range(0, n_total, CHUNK):
        n = min(CHUNK, n_total - start)
        load_pixels(x, start, n, block, scale)
        forward_batch(params, shape, ws, block, n, flags, 1.0)
        copy_rows(out, start, ws[PROBS], n)
    return out


@njit(nogil=True, cache=True)
def forward_probs(params, shape, inputs, flags):
    """Probabilities (N, 10) of float32 ``inputs`` (N, 784) already scaled."""
    return _scaled_probs(params, shape, inputs, flags, np.float32(1.0))


@njit(nogil=True, cache=True)
def forward_probs_u8(params, shape, images, flags):
    """Probabilities (N, 10) of uint8 images (N, 784), scaled as ``flags`` say."""
    return _scaled_probs(params, shape, images, flags, pixel_scale(flags))


@njit(nogil=True, cache=True)
def activations(params, shape, inputs, layer):
    """Layer ``layer``'s outputs for float32 inputs: 0 the pooled conv features (N, 16·C2)
    that feed the dense head, 1 the dense hidden layer (N, H) after its ReLU."""
    n_total = inputs.shape[0]
    width = shape[2] if layer == 1 else 16 * shape[1]
    out = np.empty((n_total, width), dtype=np.float32)
    ws = _workspace(shape, n_total)
    for start in range(0, n_total, CHUNK):
        n = _forward_block(params, shape, ws, inputs, start)
        if layer == 1:
            copy_rows(out, start, ws[HID], n)
        else:
            copy_rows(out, start, ws[FEAT], n)
    return out


@njit(nogil=True, cache=True, inline="always")
def _backpropagate(params, shape, inputs, targets, by_pixels):
    """Forward and back through every block of float32 ``inputs`` against ``targets``.

    Returns (by weights, by pixels): with ``by_pixels`` False, d(mean cross-entropy)/d(params)
    flat like params and no pixel rows; with ``by_pixels`` True, zero weight gradients and
    d(loss_i)/d(x_i) for every row (N, 784)."""
    n_total = inputs.shape[0]
    total = np.zeros_like(params)
    rows = n_total if by_pixels else 0
    grads = np.empty((rows, inputs.shape[1]), dtype=np.float32)
    ws = _workspace(shape, n_total)
    for start in range(0, n_total, CHUNK):
        n = _forward_block(params, shape, ws, inputs, start)
        if by_pixels:
            per_sample = ws[PROBS][:n] - targets[start : start + n]  # per-sample loss: no 1/n
            backward_batch(params, shape, ws, n, per_sample, ws[GRAD], grads[start : start + n])
        else:
            delta = np.empty((n, ws[PROBS].shape[1]), dtype=np.float32)
            ones = np.ones(n, dtype=np.float32)
            output_delta(ws[PROBS], targets[start : start + n], ones, n, 1.0, delta)
            backward_batch(params, shape, ws, n, delta, ws[GRAD], grads)
            total += ws[GRAD] * np.float32(n / n_total)
    return total, grads


@njit(nogil=True, cache=True)
def loss_gradient(params, shape, inputs, targets):
    """d(mean cross-entropy of ``inputs`` against ``targets``)/d(params), flat like params."""
    return _backpropagate(params, shape, inputs, targets, np.bool_(False))[0]


@njit(nogil=True, cache=True)
def input_gradient(params, shape, inputs, targets):
    """d(loss_i)/d(x_i) for every row of float32 ``inputs`` (N, 784) (for FGSM)."""
    return _backpropagate(params, shape, inputs, targets, np.bool_(True))[1]


@njit(nogil=True, cache=True)
def fisher_diagonal(params, shape, inputs, targets, expected):
    """Σ_i g_i² over the samples, g_i the gradient of sample i's cross-entropy; flat like params.

    ``expected`` = 0: the label of g_i is the target row (empirical Fisher); 1: the mean over
    labels k drawn from the model's softmax p_i, Σ_k p_ik g_ik² (the true Fisher). A conv
    weight's per-sample gradient sums over positions, so each sample is its own backward pass.
    """
    fisher = np.zeros_like(params)
    ws = make_workspace(shape, np.int64(1))
    none = np.zeros((0, inputs.shape[1]), dtype=np.float32)
    delta = np.empty((1, N_OUT), dtype=np.float32)
    for i in range(inputs.shape[0]):
        forward_batch(params, shape, ws, inputs[i : i + 1], np.int64(1), np.int64(0), 1.0)
        p = ws[PROBS][0]
        grad = ws[GRAD]
        if not expected:
            for k in range(N_OUT):
                delta[0, k] = p[k] - targets[i, k]
            backward_batch(params, shape, ws, np.int64(1), delta, grad, none)
            fisher += grad * grad
            continue
        for label in range(N_OUT):
            if p[label] == 0:
                continue
            for k in range(N_OUT):
                delta[0, k] = p[k] - (1.0 if k == label else 0.0)
            backward_batch(params, shape, ws, np.int64(1), delta, grad, none)
            fisher += p[label] * grad * grad
    return fisher
