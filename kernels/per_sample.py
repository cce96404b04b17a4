"""Per-sample SGD (the C programs' schedule with groups of 1) for one hidden layer, fused.

Per sample only the first-layer rows of its non-zero pixels are read and written: a digit has
~150 of 784. The other rows' momentum steps (no gradient: v = mu*v + lr*wd*w, w -/+= v) are
taken lazily in closed form: k such steps are the 2x2 linear map A^k on (v, w), whose
coefficients come from a table, applied when the row is next used. Closed-form steps round
differently from k single steps, so where they are taken is part of the maths: when a row is
used, at every ``CANONICAL_EVERY``-th sample of the epoch's order (all rows), and at the end of
a call. A call that starts and ends on those points (or at the end of the order) gives the same
bits as one call over the whole range; the trainer cuts its slices there
(``mugui.training.kernel_args.slice_quantum``).

The arithmetic is the C program's, which its ``-ffast-math`` build contracts into fused
multiply-adds: v = mu*v + (lr*x)*g. Velocities below ``TINY`` are flushed when their row is
brought up to date (after every sample for the output layer and the biases).

The first layer is trained in place, weights and velocities in their own matrices; the output
layer is copied in transposed (a row per class, so its loops run over the hidden units) and
back at the end. The update of sample s and the forward pass of sample s+1 share one sweep
over both samples' pixel lists in increasing order, so a row used by both is loaded once.
"""

import numpy as np
from numba import njit

from .batch_score import count_batch, fill_target, score_batch
from .flags import DOUBLE_HIDDEN_GRAD, GRADIENT_ASCENT, MOMENTUM_NO_DECAY, OUTPUT_RELU
from .forward import TINY, bias_activation, pixel_scale, softmax_rows
from .layout import biases, weights
from .sparse_input import append_nonzero
from .train_args import HALTED_BETWEEN_BATCHES, HALTED_MID_BATCH, STAT_DIVERGED, STAT_HALTED

CANONICAL_EVERY = 1024  # samples between the points where every row is brought up to date
CONTRACT = {"contract"}  # a*b + c as one fused multiply-add, like the C build; no other liberty
SUMS = {"contract", "reassoc"}  # ... and long sums split over vector lanes


@njit(nogil=True, cache=True)
def idle_coefficients(n, lr, momentum, weight_decay, flags):
    """Row k < n: (c11, c12, c21, c22) with (v, w) after k gradient-free steps
    (c11 v + c12 w, c21 v + c22 w); computed in float64, rounded once to float32."""
    keep = 1.0 if flags & MOMENTUM_NO_DECAY else float(momentum)
    sign = 1.0 if flags & GRADIENT_ASCENT else -1.0
    a = float(lr) * float(weight_decay)
    table = np.empty((n, 4), dtype=np.float32)
    c11, c12, c21, c22 = 1.0, 0.0, 0.0, 1.0
    for k in range(n):
        table[k, 0], table[k, 1], table[k, 2], table[k, 3] = c11, c12, c21, c22
        n11, n12 = keep * c11 + a * c21, keep * c12 + a * c22  # v' = keep v + a w
        c21, c22 = c21 + sign * n11, c22 + sign * n12  # w' = w + sign v'
        c11, c12 = n11, n12
    return table


@njit(nogil=True, cache=True, fastmath=CONTRACT)
def _flush(v):
    return v if abs(v) >= TINY else np.float32(0.0)


@njit(nogil=True, cache=True, fastmath=CONTRACT)
def _catch_up_all(w, v, last, tick, table):
    """Take every row's deferred gradient-free steps up to ``tick``, in place."""
    for p in range(w.shape[0]):
        k = tick - last[p]
        last[p] = tick
        if k <= 0:
            continue
        c11, c12, c21, c22 = table[k, 0], table[k, 1], table[k, 2], table[k, 3]
        for c in range(w.shape[1]):
            vc, wc = v[p, c], w[p, c]
            w[p, c] = c21 * vc + c22 * wc
            v[p, c] = _flush(c11 * vc + c12 * wc)


@njit(nogil=True, cache=True, fastmath=CONTRACT)
def _forward(w, v, cols, vals, n, last, s, table, h):
    """h = the first-layer sums of sample s (pixels cols[:n]), each row taken after its
    deferred steps without storing it."""
    h[:] = 0.0
    for e in range(n):
        p, x = cols[e], vals[e]
        k = s - last[p]
        c21, c22 = table[k, 2], table[k, 3]
        for c in range(h.shape[0]):
            h[c] += x * (c21 * v[p, c] + c22 * w[p, c])


@njit(nogil=True, cache=True)
def _transpose_output(params, velocity, sizes, second, into_second):
    """Copy the output layer's weights and velocities into ``second`` transposed, weights then
    velocities (2 out, H), or back when not ``into_second``. (Loops: a transposed slice
    assignment would compile numba's shape-error messages, seconds of compile time.)"""
    n_out = sizes[2]
    w2, v2 = weights(params, sizes, np.int64(1)), weights(velocity, sizes, np.int64(1))
    for j in range(sizes[1]):
        for k in range(n_out):
            if into_second:
                second[k, j], second[n_out + k, j] = w2[j, k], v2[j, k]
            else:
                w2[j, k], v2[j, k] = second[k, j], second[n_out + k, j]


@njit(nogil=True, cache=True, fastmath=SUMS)
def _logits(second, b2, act, out, flags):
    """out[0] = act @ W2 + b2 (ReLU'd under OUTPUT_RELU); each sum in the vector lanes the
    compiler picks (a fixed order for a given build and machine)."""
    for k in range(b2.shape[0]):
        total = np.float32(0.0)
        for j in range(act.shape[0]):
            total += act[j] * second[k, j]
        out[0, k] = total
    bias_activation(out, b2, 1, (flags & OUTPUT_RELU) != 0)


@njit(nogil=True, cache=True, fastmath=CONTRACT)
def _output_layer(second, b2, vb2, act, delta, gh, again, lr, keep, weight_decay, sign, flags):
    """The output layer's per-sample update, and gh = the loss gradient at the hidden layer:
    W2 delta before the update (plus W2' delta after it under DOUBLE_HIDDEN_GRAD), masked by
    the ReLU."""
    n_out, hidden = b2.shape[0], act.shape[0]
    gh[:] = 0.0
    for k in range(n_out):
        a, dk = lr * delta[k], delta[k]
        for j in range(hidden):
            w = second[k, j]
            gh[j] += w * dk
            v = _flush(keep * second[n_out + k, j] + a * act[j] + lr * weight_decay * w)
            second[n_out + k, j] = v
            second[k, j] = w + sign * v
    if flags & DOUBLE_HIDDEN_GRAD:
        again[:] = 0.0
        for k in range(n_out):
            for j in range(hidden):
                again[j] += second[k, j] * delta[k]
        gh += again
    for j in range(hidden):
        if act[j] <= 0:
            gh[j] = np.float32(0.0)
    for k in range(n_out):
        vb2[k] = _flush(keep * vb2[k] + lr * delta[k])
        b2[k] += sign * vb2[k]


@njit(nogil=True, cache=True, fastmath=CONTRACT)
def _sweep(w, v, cols, vals, counts, cur, last, s, table, gh, h_next, lr, keep, lr_wd, sign):
    """Sample s's update of the rows of its pixels (list ``cur``) and the next sample's forward
    sums over its pixels (list 1 - cur, into ``h_next``): one pass over both lists in
    increasing row order. A row of list ``cur`` takes its k deferred steps and the sample's
    step (gradient x gh, a = lr x) at once; without weight decay v' = c11(k+1) v + a gh and
    w' = w + c21(k) v + sign v'. (The new velocity is flushed below ``TINY`` when its row is
    next brought up to date, not here.) The loops are written out here: numba counts
    references on every array handed to a helper, which cost more than a row's arithmetic."""
    fan_in, hidden = w.shape
    nxt = 1 - cur
    a, b = 0, 0
    na, nb = counts[cur], counts[nxt]
    while a < na or b < nb:
        pa = cols[cur, a] if a < na else fan_in
        pb = cols[nxt, b] if b < nb else fan_in
        p = min(pa, pb)
        if pa == p:
            k = s - last[p]
            last[p] = s + 1
            ax = lr * vals[cur, a]
            a += 1
            if lr_wd != 0:
                c11, c12, c21, c22 = table[k, 0], table[k, 1], table[k, 2], table[k, 3]
                for c in range(hidden):
                    vc, wc = v[p, c], w[p, c]
                    wk = c21 * vc + c22 * wc
                    vn = keep * (c11 * vc + c12 * wc) + ax * gh[c] + lr_wd * wk
                    v[p, c] = vn
                    w[p, c] = wk + sign * vn
            elif k == 0:
                for c in range(hidden):
                    vn = keep * v[p, c] + ax * gh[c]
                    v[p, c] = vn
                    w[p, c] += sign * vn
            else:
                decay, drift = table[k + 1, 0], table[k, 2]
                for c in range(hidden):
                    vc = v[p, c]
                    vn = decay * vc + ax * gh[c]
                    v[p, c] = vn
                    w[p, c] += drift * vc + sign * vn
        if pb == p:
            k = s + 1 - last[p]
            x = vals[nxt, b]
            b += 1
            if k == 0:
                for c in range(hidden):
                    h_next[c] += x * w[p, c]
            else:
                c21, c22 = table[k, 2], table[k, 3]
                for c in range(hidden):
                    h_next[c] += x * (c21 * v[p, c] + c22 * w[p, c])


@njit(nogil=True, cache=True, fastmath=CONTRACT)
def train_per_sample(args, start, stop):
    """``epoch.train_range`` for groups of one sample and one hidden layer (the caller checks
    that, and that nothing is recorded): the same arguments, statistics and halting, except
    that a halt away from a canonical point reports ``HALTED_MID_BATCH`` (restore, re-run)."""
    params, velocity, sizes, flags = args.params, args.velocity, args.sizes, args.flags
    images, labels, order, stats, halt = args.images, args.labels, args.order, args.stats, args.halt
    lr, momentum, weight_decay = args.lr, args.momentum, args.weight_decay
    fan_in, hidden, n_out = sizes[0], sizes[1], sizes[2]
    w1, v1 = weights(params, sizes, np.int64(0)), weights(velocity, sizes, np.int64(0))
    second = np.empty((2 * n_out, hidden), dtype=np.float32)
    _transpose_output(params, velocity, sizes, second, np.bool_(True))
    b1, vb1 = biases(params, sizes, np.int64(0)), biases(velocity, sizes, np.int64(0))
    b2, vb2 = biases(params, sizes, np.int64(1)), biases(velocity, sizes, np.int64(1))
    table = idle_coefficients(CANONICAL_EVERY + 2, lr, momentum, weight_decay, flags)
    last = np.full(fan_in, start, dtype=np.int64)  # per row: the sample it is up to date with
    cols = np.empty((2, fan_in), dtype=np.int32)  # as ``sparse_input``'s lists
    vals = np.empty((2, fan_in), dtype=np.float32)
    counts = np.zeros(2, dtype=np.int64)
    h = np.zeros((2, hidden), dtype=np.float32)  # first-layer sums of this sample and the next
    act = np.empty(hidden, dtype=np.float32)
    gh = np.empty(hidden, dtype=np.float32)
    again = np.empty(hidden, dtype=np.float32)
    logits = np.empty((1, n_out), dtype=np.float32)
    probs = np.empty((1, n_out), dtype=np.float32)
    targets = np.empty((1, n_out), dtype=np.float32)
    delta = np.empty(n_out, dtype=np.float32)
    scale = pixel_scale(flags)
    sign = np.float32(1.0) if flags & GRADIENT_ASCENT else np.float32(-1.0)
    keep = np.float32(1.0) if flags & MOMENTUM_NO_DECAY else momentum
    lr_wd = lr * weight_decay
    cur = np.int64(0)
    fresh = True  # h[cur] does not hold sample s's sums yet
    s = start
    while s < stop:
        if halt[0] != 0:
            between = s == start or s % CANONICAL_EVERY == 0
            stats[STAT_HALTED] = HALTED_BETWEEN_BATCHES if between else HALTED_MID_BATCH
            break
        if s % CANONICAL_EVERY == 0 and s != start:
            _catch_up_all(w1, v1, last, s, table)
            fresh = True
        if fresh:
            counts[cur] = append_nonzero(images[order[s]], scale, cols[cur], vals[cur], np.int64(0))
            _forward(w1, v1, cols[cur], vals[cur], counts[cur], last, s, table, h[cur])
        for c in range(hidden):
            value = h[cur, c] + b1[c]
            act[c] = value if value > 0 else np.float32(0.0)
        _logits(second, b2, act, logits, flags)
        softmax_rows(logits, probs, 1, 1.0, flags)
        loss = score_batch(probs, labels, order, s, 1, stats)
        if not count_batch(loss, 1, stats):
            stats[STAT_DIVERGED] = 1
            break
        fill_target(targets, 0, labels[order[s]])
        for k in range(n_out):
            delta[k] = probs[0, k] - targets[0, k]
        _output_layer(second, b2, vb2, act, delta, gh, again, lr, keep, weight_decay, sign, flags)
        nxt = 1 - cur
        ahead = s + 1 < stop and (s + 1) % CANONICAL_EVERY != 0
        counts[nxt] = 0
        if ahead:
            counts[nxt] = append_nonzero(
                images[order[s + 1]], scale, cols[nxt], vals[nxt], np.int64(0)
            )
            h[nxt, :] = 0.0
        _sweep(w1, v1, cols, vals, counts, cur, last, s, table, gh, h[nxt], lr, keep, lr_wd, sign)
        for c in range(hidden):
            vb1[c] = _flush(keep * vb1[c] + lr * gh[c])
            b1[c] += sign * vb1[c]
        fresh = not ahead
        cur = nxt
        s += 1
    _catch_up_all(w1, v1, last, s, table)
    _transpose_output(params, velocity, sizes, second, np.bool_(False))
    return s
