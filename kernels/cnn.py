"""The convolutional network's forward and backward passes over a batch (im2col + BLAS).

Each convolution copies its input patches into a matrix (im2col) and multiplies it by the
filter matrix; each 2×2 max-pool remembers which input won (the first of equal values), so
the backward pass routes the gradient there. The workspace holds every buffer a batch of up
to ``rows`` samples needs, so a training step allocates nothing. Layout: ``cnn_layout``.
"""

import numpy as np
from numba import njit

from .cnn_layout import N_OUT, P1, P2, S1, S2, SIDE, K, bias, block_sizes, matrix
from .compiler_options import apply_levels
from .flags import OUTPUT_RELU
from .forward import bias_activation, softmax_rows

apply_levels()  # this module's kernels compile at its level (compiler_options.LEVELS)

# workspace slots
PATCH1, CONV1, POOL1, ARG1, PATCH2, CONV2, FEAT, ARG2, HID, LOGITS, PROBS = range(11)
D_CONV1, D_POOL1, D_PATCH2, D_CONV2, D_FEAT, D_HID, GRAD = range(11, 18)


@njit(nogil=True, cache=True)
def make_workspace(shape, rows):
    """Buffers for batches of up to ``rows`` samples (see the slot names above)."""
    c1, c2, h = shape[0], shape[1], shape[2]
    f = P2 * P2 * c2
    f32 = np.float32
    n_params = block_sizes(shape).sum()
    return (
        np.zeros((rows * S1 * S1, K * K), dtype=f32),
        np.zeros((rows * S1 * S1, c1), dtype=f32),
        np.zeros((rows * P1 * P1, c1), dtype=f32),
        np.zeros((rows * P1 * P1, c1), dtype=np.int64),
        np.zeros((rows * S2 * S2, K * K * c1), dtype=f32),
        np.zeros((rows * S2 * S2, c2), dtype=f32),
        np.zeros((rows, f), dtype=f32),
        np.zeros((rows, f), dtype=np.int64),
        np.zeros((rows, h), dtype=f32),
        np.zeros((rows, N_OUT), dtype=f32),
        np.zeros((rows, N_OUT), dtype=f32),
        np.zeros((rows * S1 * S1, c1), dtype=f32),
        np.zeros((rows * P1 * P1, c1), dtype=f32),
        np.zeros((rows * S2 * S2, K * K * c1), dtype=f32),
        np.zeros((rows * S2 * S2, c2), dtype=f32),
        np.zeros((rows, f), dtype=f32),
        np.zeros((rows, h), dtype=f32),
        np.zeros(n_params, dtype=f32),
    )


@njit(nogil=True, cache=True)
def _unfold(image, side, channels, n, patch, fold):
    """im2col of the n images (n, side·side·channels; pixel-major, channels last) into
    ``patch`` (n·out·out, K·K·channels), out = side − K + 1: a row per output position, its
    K×K window's pixels in (ky, kx, channel) order. With ``fold`` the adjoint instead (col2im):
    each patch entry is added back onto the pixel it came from, as a backward pass needs."""
    out = side - K + 1
    for i in range(n):
        for y in range(out):
            for xx in range(out):
                r = (i * out + y) * out + xx
                for ky in range(K):
                    for kx in range(K):
                        src = ((y + ky) * side + xx + kx) * channels
                        col = (ky * K + kx) * channels
                        for c in range(channels):
                            if fold:
                                image[i, src + c] += patch[r, col + c]
                            else:
                                patch[r, col + c] = image[i, src + c]


@njit(nogil=True, cache=True)
def _per_sample(rows, side):
    """The (n·side·side, C) buffer ``rows`` seen as (n, side·side·C): one row per sample."""
    return rows.reshape((rows.shape[0] // (side * side), side * side * rows.shape[1]))


@njit(nogil=True, cache=True)
def _pool(conv, side, n, pooled, arg):
    """2×2 max-pool of ``conv`` ((n·side·side, C) rows) into ``pooled`` ((n·(side/2)², C)),
    ``arg`` the row of ``conv`` each maximum came from."""
    half = side // 2
    for i in range(n):
        for py in range(half):
            for px in range(half):
                r_out = (i * half + py) * half + px
                for c in range(conv.shape[1]):
                    best_row = (i * side + 2 * py) * side + 2 * px
                    best = conv[best_row, c]
                    for dy in range(2):
                        for dx in range(2):
                            r = (i * side + 2 * py + dy) * side + 2 * px + dx
                            if conv[r, c] > best:
                                best = conv[r, c]
                                best_row = r
                    pooled[r_out, c] = best
                    arg[r_out, c] = best_row


@njit(nogil=True, cache=True)
def forward_batch(params, shape, ws, x, n, flags, temperature):
    """Fill every activation and ws[PROBS][:n] (softmax at ``temperature``) for the n float32
    inputs ``x`` (n, 784), already scaled."""
    c1, c2 = shape[0], shape[1]
    patch1 = ws[PATCH1][: n * S1 * S1]
    _unfold(x, np.int64(SIDE), np.int64(1), n, patch1, np.bool_(False))
    conv1 = ws[CONV1][: n * S1 * S1]
    np.dot(patch1, matrix(params, shape, np.int64(0)), conv1)
    bias_activation(conv1, bias(params, shape, np.int64(0)), n * S1 * S1, True)
    pool1 = ws[POOL1][: n * P1 * P1]
    _pool(conv1, np.int64(S1), n, pool1, ws[ARG1][: n * P1 * P1])
    patch2 = ws[PATCH2][: n * S2 * S2]
    _unfold(_per_sample(ws[POOL1], np.int64(P1)), np.int64(P1), c1, n, patch2, np.bool_(False))
    conv2 = ws[CONV2][: n * S2 * S2]
    np.dot(patch2, matrix(params, shape, np.int64(1)), conv2)
    bias_activation(conv2, bias(params, shape, np.int64(1)), n * S2 * S2, True)
    pooled = np.empty((n * P2 * P2, c2), dtype=np.float32)
    arg = np.empty((n * P2 * P2, c2), dtype=np.int64)
    _pool(conv2, np.int64(S2), n, pooled, arg)
    feat, arg2 = ws[FEAT][:n], ws[ARG2][:n]
    for i in range(n):
        for p in range(P2 * P2):
            for c in range(c2):
                feat[i, p * c2 + c] = pooled[i * P2 * P2 + p, c]
                arg2[i, p * c2 + c] = arg[i * P2 * P2 + p, c]
    hid = ws[HID][:n]
    np.dot(feat, matrix(params, shape, np.int64(2)), hid)
    bias_activation(hid, bias(params, shape, np.int64(2)), n, True)
    logits = ws[LOGITS][:n]
    np.dot(hid, matrix(params, shape, np.int64(3)), logits)
    bias_activation(logits, bias(params, shape, np.int64(3)), n, (flags & OUTPUT_RELU) != 0)
    softmax_rows(logits, ws[PROBS], n, temperature, flags)


@njit(nogil=True, cache=True)
def _bias_grad(d, g_b):
    for k in range(d.shape[1]):
        g_b[k] = np.float32(0.0)
    for r in range(d.shape[0]):
        for k in range(d.shape[1]):
            g_b[k] += d[r, k]


@njit(nogil=True, cache=True)
def backward_batch(params, shape, ws, n, delta, grad, dx):
    """Fill ``grad`` (flat like params) with the gradient of the batch forwarded last, given
    ``delta`` = dLoss/dlogits (n, 10); when ``dx`` has rows, also the input gradient (n, 784).

    Under the OUTPUT_RELU bug the backward pass ignores the output ReLU, as the MLP's does.
    """
    c1 = shape[0]
    hid, feat = ws[HID][:n], ws[FEAT][:n]
    np.dot(hid.T, delta, matrix(grad, shape, np.int64(3)))
    _bias_grad(delta, bias(grad, shape, np.int64(3)))
    d_hid = ws[D_HID][:n]
    np.dot(delta, matrix(params, shape, np.int64(3)).T, d_hid)
    for i in range(n):
        for k in range(d_hid.shape[1]):
            if hid[i, k] <= 0:
                d_hid[i, k] = np.float32(0.0)
    np.dot(feat.T, d_hid, matrix(grad, shape, np.int64(2)))
    _bias_grad(d_hid, bias(grad, shape, np.int64(2)))
    d_feat = ws[D_FEAT][:n]
    np.dot(d_hid, matrix(params, shape, np.int64(2)).T, d_feat)
    conv2, arg2 = ws[CONV2][: n * S2 * S2], ws[ARG2][:n]
    d_conv2 = ws[D_CONV2][: n * S2 * S2]
    d_conv2[:] = 0.0
    c2 = conv2.shape[1]
    for i in range(n):
        for j in range(d_feat.shape[1]):
            r = arg2[i, j]
            c = j % c2
            if conv2[r, c] > 0:
                d_conv2[r, c] += d_feat[i, j]
    np.dot(ws[PATCH2][: n * S2 * S2].T, d_conv2, matrix(grad, shape, np.int64(1)))
    _bias_grad(d_conv2, bias(grad, shape, np.int64(1)))
    d_patch2 = ws[D_PATCH2][: n * S2 * S2]
    np.dot(d_conv2, matrix(params, shape, np.int64(1)).T, d_patch2)
    d_pool1 = ws[D_POOL1][: n * P1 * P1]
    d_pool1[:] = 0.0
    _unfold(_per_sample(ws[D_POOL1], np.int64(P1)), np.int64(P1), c1, n, d_patch2, np.bool_(True))
    conv1, arg1 = ws[CONV1][: n * S1 * S1], ws[ARG1][: n * P1 * P1]
    d_conv1 = ws[D_CONV1][: n * S1 * S1]
    d_conv1[:] = 0.0
    for r_out in range(n * P1 * P1):
        for c in range(c1):
            r = arg1[r_out, c]
            if conv1[r, c] > 0:
                d_conv1[r, c] += d_pool1[r_out, c]
    np.dot(ws[PATCH1][: n * S1 * S1].T, d_conv1, matrix(grad, shape, np.int64(0)))
    _bias_grad(d_conv1, bias(grad, shape, np.int64(0)))
    if dx.shape[0] == 0:
        return
    d_patch1 = np.dot(d_conv1, matrix(params, shape, np.int64(0)).T)
    dx[:n] = 0.0
    _unfold(dx, np.int64(SIDE), np.int64(1), n, d_patch1, np.bool_(True))
