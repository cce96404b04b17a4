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
# what ``answers`` returns, and what ``gradients`` computes
PROBS_OUT, FEATURES_OUT, HIDDEN_OUT = 0, 1, 2
BY_WEIGHTS, BY_PIXELS, FISHER_EMPIRICAL, FISHER_TRUE = 0, 1, 2, 3
# Compile time (README, "The first compile"): two entry points, each compiled once with every
# forward and backward pass it needs, rather than one per question (each entry point is
# optimised and turned into machine code with everything it calls, so eight entry points paid
# for the same passes eight times); the private helpers are inlined into them at numba's IR
# level, and constants are passed typed (np.int64, np.bool_), not as literals that numba would
# compile every callee again for.


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
def _answers(params, shape, x, flags, scale, what):
    """``what`` (``PROBS_OUT``, ``FEATURES_OUT``, ``HIDDEN_OUT``) of the rows of ``x`` (N, 784)
    times ``scale``, block by block."""
    n_total = x.shape[0]
    width = N_OUT if what == PROBS_OUT else shape[2] if what == HIDDEN_OUT else 16 * shape[1]
    out = np.empty((n_total, width), dtype=np.float32)
    ws = _workspace(shape, n_total)
    block = np.empty((ws[PROBS].shape[0], x.shape[1]), dtype=np.float32)
    for start in range(0, n_total, CHUNK):
        n = min(CHUNK, n_total - start)
        load_pixels(x, start, n, block, scale)
        forward_batch(params, shape, ws, block, n, flags, 1.0)
        if what == PROBS_OUT:
            copy_rows(out, start, ws[PROBS], n)
        elif what == HIDDEN_OUT:
            copy_rows(out, start, ws[HID], n)
        else:
            copy_rows(out, start, ws[FEAT], n)
    return out


@njit(nogil=True, cache=True)
def answers(params, shape, images, inputs, flags, what):
    """The probabilities (N, 10) (``what`` = ``PROBS_OUT``), the pooled conv features (N, 16·C2)
    that feed the dense head (``FEATURES_OUT``) or the dense hidden layer after its ReLU (N, H)
    (``HIDDEN_OUT``) of uint8 ``images`` (N, 784), scaled as ``flags`` say, or, when ``images``
    has no rows, of float32 ``inputs`` already scaled. Features and hidden layer are asked with
    ``flags`` 0 (they are read before any bug switch applies)."""
    if images.shape[0] > 0:
        return _answers(params, shape, images, flags, pixel_scale(flags), what)
    return _answers(params, shape, inputs, flags, np.float32(1.0), what)


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


@njit(nogil=True, cache=True, inline="always")
def _fisher_diagonal(params, shape, inputs, targets, expected):
    """Σ_i g_i² over the samples, g_i the gradient of sample i's cross-entropy; flat like params.

    ``expected`` False: the label of g_i is the target row (empirical Fisher); True: the mean
    over labels k drawn from the model's softmax p_i, Σ_k p_ik g_ik² (the true Fisher). A conv
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


@njit(nogil=True, cache=True)
def gradients(params, shape, inputs, targets, kind):
    """For float32 ``inputs`` (N, 784) against ``targets`` (N, 10), as (flat like params,
    pixel rows): ``kind`` ``BY_WEIGHTS``, d(mean cross-entropy)/d(params) and no rows;
    ``BY_PIXELS``, zeros and d(loss_i)/d(x_i) for every row (N, 784) (for FGSM);
    ``FISHER_EMPIRICAL`` / ``FISHER_TRUE``, the diagonal Fisher information (the empirical one
    or the expectation over the model's own labels) and no rows."""
    if kind >= FISHER_EMPIRICAL:
        fisher = _fisher_diagonal(params, shape, inputs, targets, kind == FISHER_TRUE)
        return fisher, np.zeros((0, inputs.shape[1]), dtype=np.float32)
    return _backpropagate(params, shape, inputs, targets, kind == BY_PIXELS)
