"""Forward pass: logits, softmax probabilities, hidden activations, batched prediction."""

import numpy as np
from numba import njit

from .blas import gemm
from .copy import copy_rows
from .flags import NO_NORMALIZE, OUTPUT_RELU, UNSTABLE_SOFTMAX
from .layout import biases, weights
from .train_args import TINY

CHUNK = 1024  # rows per block in batched prediction, bounds the temporary memory


@njit(nogil=True, cache=True)
def pixel_scale(flags):
    """uint8 pixels are divided by 255, unless the NO_NORMALIZE bug feeds them raw."""
    return np.float32(1.0) if flags & NO_NORMALIZE else np.float32(1.0 / 255.0)


@njit(nogil=True, cache=True)
def softmax_rows(logits, probs, n, temperature, flags):
    """probs[i] = softmax(logits[i] / T); the stable form subtracts the row max first."""
    inv_t = np.float32(1.0 / temperature)
    for i in range(n):
        row_max = np.float32(0.0)
        if not flags & UNSTABLE_SOFTMAX:
            row_max = logits[i, 0] * inv_t
            for k in range(1, logits.shape[1]):
                row_max = max(row_max, logits[i, k] * inv_t)
        total = np.float32(0.0)
        for k in range(logits.shape[1]):
            e = np.exp(logits[i, k] * inv_t - row_max)
            if e < TINY:  # flush subnormals: they slow every later product ~10x
                e = np.float32(0.0)
            probs[i, k] = e
            total += e
        for k in range(logits.shape[1]):
            probs[i, k] /= total


@njit(nogil=True, cache=True)
def bias_activation(out, b, n, relu):
    """out[:n] += b, then ReLU when ``relu``: every dense and convolutional layer's last step."""
    for i in range(n):
        for k in range(out.shape[1]):
            v = out[i, k] + b[k]
            if relu and v < 0:
                v = np.float32(0.0)
            out[i, k] = v


@njit(nogil=True, cache=True)
def load_pixels(images, start, n, x, scale):
    """x[:n] = images[start:start+n] * scale: uint8 pixels (or float32 inputs, scale 1) into the
    float32 input buffer."""
    for i in range(n):
        for p in range(images.shape[1]):
            x[i, p] = images[start + i, p] * scale


@njit(nogil=True, cache=True, inline="always")
def gather_pixels(images, sources, n, scale, x):
    """x[j] = images[sources[j]] * scale for j < n, a row at a time (so the loop vectorises)."""
    for j in range(n):
        row = images[sources[j]]
        out = x[j]
        for p in range(row.shape[0]):
            out[p] = row[p] * scale


@njit(nogil=True, cache=True)
def make_activations(sizes, rows):
    """One buffer per layer: acts[0] is the input, acts[l+1] the output of layer l."""
    return [np.zeros((rows, sizes[l]), dtype=np.float32) for l in range(sizes.shape[0])]


@njit(nogil=True, cache=True)
def forward_into(params, sizes, acts, n, flags):
    """Fill acts[1..L] for the first n rows of acts[0]: ReLU hidden layers, raw logits last."""
    n_layers = sizes.shape[0] - 1
    for l in range(n_layers):
        w = weights(params, sizes, l)
        b = biases(params, sizes, l)
        out = acts[l + 1]
        gemm(acts[l][:n], w, out[:n], False, False)
        bias_activation(out, b, n, l < n_layers - 1 or (flags & OUTPUT_RELU) != 0)


@njit(nogil=True, cache=True)
def scaled_probs(params, sizes, x, flags, scale):
    """Class probabilities (N, 10) of the rows of ``x`` (N, 784) times ``scale``, block by block."""
    n_total = x.shape[0]
    probs = np.empty((n_total, sizes[sizes.shape[0] - 1]), dtype=np.float32)
    # buffers for the rows there are (one drawing: one row, not CHUNK): CHUNK rows of a
    # 784-256-10 network are 4.3 MB, which the window's fixed mapping threshold gave a fresh
    # mapping, and its page faults, on every prediction (0.2 -> 1.2 ms a drawing)
    acts = make_activations(sizes, np.int64(min(CHUNK, max(n_total, 1))))
    for start in range(0, n_total, CHUNK):
        n = min(CHUNK, n_total - start)
        load_pixels(x, start, n, acts[0], scale)
        forward_into(params, sizes, acts, n, flags)
        softmax_rows(acts[sizes.shape[0] - 1], probs[start : start + n], n, 1.0, flags)
    return probs


@njit(nogil=True, cache=True)
def forward_probs(params, sizes, images, flags):
    """Class probabilities (N, 10) of uint8 images (N, 784)."""
    return scaled_probs(params, sizes, images, flags, pixel_scale(flags))


@njit(nogil=True, cache=True)
def forward_probs_float(params, sizes, inputs, flags):
    """Class probabilities (N, 10) of float32 inputs already scaled to the model's range."""
    return scaled_probs(params, sizes, inputs, flags, np.float32(1.0))


@njit(nogil=True, cache=True)
def chunk_buffers(sizes):
    """The activations and probabilities of one block of ``CHUNK`` rows."""
    n_out = sizes[sizes.shape[0] - 1]
    return make_activations(sizes, np.int64(CHUNK)), np.empty((CHUNK, n_out), dtype=np.float32)


@njit(nogil=True, cache=True)
def output_error(params, sizes, acts, probs, inputs, targets, start, n):
    """Forward rows [start, start+n) of float32 ``inputs`` (filling ``acts`` and ``probs``,
    no bug switch) and return probs − targets: each sample's cross-entropy gradient by its logits."""
    copy_rows(acts[0], 0, inputs[start : start + n], n)
    forward_into(params, sizes, acts, n, 0)
    softmax_rows(acts[sizes.shape[0] - 1], probs, n, 1.0, 0)
    return probs[:n] - targets[start : start + n]


@njit(nogil=True, cache=True)
def hidden_activations(params, sizes, images, layer, flags):
    """Post-ReLU activations (N, sizes[layer+1]) of hidden layer ``layer`` for uint8 images."""
    n_total = images.shape[0]
    out = np.empty((n_total, sizes[layer + 1]), dtype=np.float32)
    acts = make_activations(sizes, np.int64(min(CHUNK, max(n_total, 1))))  # as scaled_probs
    scale = pixel_scale(flags)
    for start in range(0, n_total, CHUNK):
        n = min(CHUNK, n_total - start)
        load_pixels(images, start, n, acts[0], scale)
        forward_into(params, sizes, acts, n, flags)
        copy_rows(out, start, acts[layer + 1], n)
    return out
