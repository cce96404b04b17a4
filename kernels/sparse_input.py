"""The first layer over non-zero input pixels only: handwritten digits are ~80% blank.

A batch's inputs become row lists (CSR: per sample, its non-zero pixels) for the forward pass
and column lists (CSC: per pixel, the samples where it is non-zero) for the weight gradient,
which is accumulated one weight row at a time and applied at once (no gradient buffer).
Whether a batch takes this path is decided by its density (``build_lists``).
"""

import numpy as np
from numba import njit

from .flags import GRADIENT_ASCENT
from .update import velocity_step

# Above this fraction of non-zero inputs the dense BLAS products are faster (Fashion-MNIST is
# ~50% non-zero, MNIST ~19%); measured with mugui bench on 784-256-10, batch 64.
SPARSE_MAX_DENSITY = 0.3
# A batch whose first PROBE_ROWS samples are already too dense goes dense at once (Fashion-MNIST
# batches used to be listed most of the way before giving up: ~7% of their epoch).
PROBE_ROWS = 8


@njit(nogil=True, cache=True, inline="always")
def make_sparse_buffers(rows, fan_in):
    """Row lists, column lists and their offsets for up to ``rows`` inputs of ``fan_in`` values."""
    cap = rows * fan_in
    return (
        np.zeros(rows + 1, dtype=np.int64),  # row_start
        np.zeros(cap, dtype=np.int32),  # row_cols
        np.zeros(cap, dtype=np.float32),  # row_vals
        np.zeros(fan_in + 1, dtype=np.int64),  # col_start
        np.zeros(cap, dtype=np.int32),  # col_rows
        np.zeros(cap, dtype=np.float32),  # col_vals
        np.zeros(fan_in, dtype=np.int64),  # next free slot per column while filling
    )


@njit(nogil=True, cache=True)
def _fill_columns(n, fan_in, sparse):
    """Column lists from the row lists of n samples (samples in increasing order per column:
    a deterministic summation order)."""
    row_start, row_cols, row_vals, col_start, col_rows, col_vals, fill = sparse
    col_start[:] = 0
    for e in range(row_start[n]):
        col_start[row_cols[e] + 1] += 1
    for p in range(fan_in):
        col_start[p + 1] += col_start[p]
    for p in range(fan_in):  # a loop: an array assignment compiles numba's shape-error messages
        fill[p] = col_start[p]
    for j in range(n):
        for e in range(row_start[j], row_start[j + 1]):
            p = row_cols[e]
            col_rows[fill[p]] = j
            col_vals[fill[p]] = row_vals[e]
            fill[p] += 1


@njit(nogil=True, cache=True, inline="always")
def build_lists(x, n, sparse):
    """When the first n rows of float ``x`` are sparse enough, fill their row and column lists
    and return True; otherwise return False."""
    row_start, row_cols, row_vals = sparse[0], sparse[1], sparse[2]
    fan_in = x.shape[1]
    nnz = 0
    for j in range(n):
        for p in range(fan_in):
            nnz += x[j, p] != 0
    if nnz >= SPARSE_MAX_DENSITY * n * fan_in:
        return False
    nnz = 0
    for j in range(n):
        row_start[j] = nnz
        for p in range(fan_in):  # branch-free compaction: write always, advance on non-zero
            v = x[j, p]
            row_cols[nnz] = p
            row_vals[nnz] = v
            nnz += v != 0
    row_start[n] = nnz
    _fill_columns(n, fan_in, sparse)
    return True


@njit(nogil=True, cache=True)
def append_nonzero(row, scale, cols, vals, nnz):
    """Append the non-zero pixels of a uint8 ``row`` (indices; values times ``scale``) to
    ``cols``/``vals`` from position ``nnz``, skipping blank runs of 8 pixels at once; return the
    new count. Branch-free compaction: write always, advance on non-zero."""
    if row.shape[0] % 8 == 0 and row.flags.c_contiguous:
        words = row.view(np.uint64)
        for q in range(words.shape[0]):
            if words[q] == 0:
                continue
            for p in range(8 * q, 8 * q + 8):
                v = row[p]
                cols[nnz] = p
                vals[nnz] = v * scale
                nnz += v != 0
    else:
        for p in range(row.shape[0]):
            v = row[p]
            cols[nnz] = p
            vals[nnz] = v * scale
            nnz += v != 0
    return nnz


@njit(nogil=True, cache=True, inline="always")
def gather_lists(images, sources, n, scale, sparse):
    """Like ``build_lists`` for uint8 rows ``images[sources[j]]`` scaled by ``scale``, skipping
    blank runs of 8 pixels at once; gives up (False) as soon as the batch proves too dense, or
    when its first ``PROBE_ROWS`` samples are (a rule of the data alone: deterministic)."""
    row_start, row_cols, row_vals = sparse[0], sparse[1], sparse[2]
    fan_in = images.shape[1]
    limit = SPARSE_MAX_DENSITY * n * fan_in
    nnz = np.int64(0)
    for j in range(n):
        row_start[j] = nnz
        nnz = append_nonzero(images[sources[j]], scale, row_cols, row_vals, nnz)
        if nnz >= limit or (
            j == PROBE_ROWS - 1 and nnz >= SPARSE_MAX_DENSITY * PROBE_ROWS * fan_in
        ):
            return False
    row_start[n] = nnz
    _fill_columns(n, fan_in, sparse)
    return True


@njit(nogil=True, cache=True, inline="always")
def sparse_product(w, n, sparse, out):
    """out[:n] = x[:n] @ w, reading each row of ``w`` once, for the samples where its input is
    non-zero (the column lists), so the weights stream through the cache once per batch."""
    col_start, col_rows, col_vals = sparse[3], sparse[4], sparse[5]
    out[:n] = 0.0
    for p in range(w.shape[0]):
        wr = w[p]
        for e in range(col_start[p], col_start[p + 1]):
            x = col_vals[e]
            o = out[col_rows[e]]
            for k in range(w.shape[1]):
                o[k] += x * wr[k]


@njit(nogil=True, cache=True)
def _column_gradient(p, sparse, delta, acc):
    """acc = the weight gradient of input p's row: sum over the samples where p is non-zero."""
    col_start, col_rows, col_vals = sparse[3], sparse[4], sparse[5]
    acc[:] = 0.0
    e = col_start[p]
    end = col_start[p + 1]
    while e + 4 <= end:  # four samples per pass over the gradient row
        x0, x1, x2, x3 = col_vals[e], col_vals[e + 1], col_vals[e + 2], col_vals[e + 3]
        d0, d1 = delta[col_rows[e]], delta[col_rows[e + 1]]
        d2, d3 = delta[col_rows[e + 2]], delta[col_rows[e + 3]]
        for k in range(acc.shape[0]):
            acc[k] += x0 * d0[k] + x1 * d1[k] + x2 * d2[k] + x3 * d3[k]
        e += 4
    while e < end:
        x0 = col_vals[e]
        d0 = delta[col_rows[e]]
        for k in range(acc.shape[0]):
            acc[k] += x0 * d0[k]
        e += 1


@njit(nogil=True, cache=True, inline="always")
def sparse_weight_gradient(sparse, delta, g_w, acc):
    """g_w = x^T delta from the column lists (rows of blank inputs are zero)."""
    for p in range(g_w.shape[0]):
        _column_gradient(p, sparse, delta, acc)
        for k in range(acc.shape[0]):
            g_w[p, k] = acc[k]


@njit(nogil=True, cache=True, inline="always")
def sparse_weight_update(w, v, sparse, delta, acc, lr, momentum, weight_decay, flags, last, tick):
    """The momentum step of ``w`` with its gradient x^T delta made row by row, never stored.

    With a non-empty ``last`` (per row, the step it is up to date with), rows of inputs blank
    in the whole batch are skipped and left for ``idle_rows.catch_up``; the others must be
    up to date with ``tick`` and are stamped tick + 1.
    """
    col_start = sparse[3]
    deferred = last.shape[0] > 0
    sign = np.float32(1.0) if flags & GRADIENT_ASCENT else np.float32(-1.0)
    for p in range(w.shape[0]):
        if deferred:
            if col_start[p + 1] == col_start[p]:
                continue
            last[p] = tick + 1
        _column_gradient(p, sparse, delta, acc)
        wr = w[p]
        vr = v[p]
        for k in range(w.shape[1]):
            vr[k] = velocity_step(vr[k], acc[k], wr[k], lr, momentum, weight_decay, flags)
            wr[k] += sign * vr[k]
