"""The training loop over a range of an epoch's sample order, with the bug switches.

The trainer calls ``train_range`` on consecutive slices of one epoch (so that it can report
progress and honour pause/stop between slices); slices start on batch boundaries, so the
maths is the same as one call over the whole epoch.
"""

import numpy as np
from numba import njit

from .flags import BATCH_IMAGE_INDEX, NO_SHUFFLE, SCHEDULE_MEAN
from .forward import forward_into, make_activations, pixel_scale, softmax_rows
from .sequential import sequential_update
from .update import apply_update, backward, output_delta

STAT_LOSS, STAT_CORRECT, STAT_SEEN, STAT_DIVERGED = 0, 1, 2, 3


@njit(nogil=True, cache=True)
def shuffle_order(order, seed, flags):
    """Fisher-Yates shuffle of ``order`` in place, driven by a splitmix64 stream of ``seed``.

    Under NO_SHUFFLE the loop never runs (nn.c's ``for (i = 0; i > n; i++)``).
    """
    if flags & NO_SHUFFLE:
        return
    state = np.uint64(seed) * np.uint64(0x9E3779B97F4A7C15) + np.uint64(1)
    for i in range(order.shape[0] - 1, 0, -1):
        state += np.uint64(0x9E3779B97F4A7C15)
        z = state
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
        j = np.int64(z % np.uint64(i + 1))
        tmp = order[i]
        order[i] = order[j]
        order[j] = tmp


@njit(nogil=True, cache=True)
def train_range(
    params,
    velocity,
    sizes,
    images,
    labels,
    order,
    start,
    stop,
    batch_size,
    schedule,
    lr,
    momentum,
    weight_decay,
    flags,
    sample_groups,
    record,
    stats,
):
    """Train on the batches of ``order`` beginning in [start, stop); return where it stopped.

    ``stats`` accumulates [loss sum, correct, samples seen, diverged]; the loss and the
    running accuracy are those of each batch before its update. When ``record`` has rows,
    the parameter change of every batch holding a sample whose ``sample_groups`` bit g is
    set is added to ``record[g]`` (Amnesiac unlearning). Stops early on a non-finite loss.
    """
    n_order = order.shape[0]
    n_out = sizes[sizes.shape[0] - 1]
    acts = make_activations(sizes, batch_size)
    probs = np.empty((batch_size, n_out), dtype=np.float32)
    targets = np.zeros((batch_size, n_out), dtype=np.float32)
    sample_weight = np.ones(batch_size, dtype=np.float32)
    grad = np.empty_like(params)
    no_mask = np.empty(0, dtype=np.float32)
    recording = record.shape[0] > 0
    before = np.empty_like(params) if recording else np.empty(0, dtype=np.float32)
    scale = pixel_scale(flags)
    for i in range(start, stop, batch_size):
        n = min(batch_size, n_order - i)
        x = acts[0]
        group_bits = np.int64(0)
        for j in range(n):
            src = order[i] if flags & BATCH_IMAGE_INDEX else order[i + j]
            for p in range(images.shape[1]):
                x[j, p] = images[src, p] * scale
            targets[j, :] = 0.0
            targets[j, labels[order[i + j]]] = 1.0
            if recording:
                group_bits |= sample_groups[order[i + j]]
        forward_into(params, sizes, acts, n, flags)
        softmax_rows(acts[sizes.shape[0] - 1], probs, n, 1.0, flags)
        loss = 0.0
        for j in range(n):
            label = labels[order[i + j]]
            loss -= np.log(probs[j, label] + 1e-10)
            best = 0
            for k in range(1, n_out):
                if probs[j, k] > probs[j, best]:
                    best = k
            if best == label:
                stats[STAT_CORRECT] += 1
        if not np.isfinite(loss):
            stats[STAT_DIVERGED] = 1
            return i
        stats[STAT_LOSS] += loss
        stats[STAT_SEEN] += n
        if group_bits != 0:
            before[:] = params
        if schedule == SCHEDULE_MEAN:
            delta = output_delta(probs, targets, sample_weight, n, 1.0)
            backward(
                params, velocity, sizes, acts, delta, n, grad, lr, momentum, weight_decay, flags
            )
            apply_update(params, velocity, grad, lr, momentum, weight_decay, flags, no_mask, 0.0)
        else:
            sequential_update(
                params, velocity, sizes, acts, probs, targets, n, lr, momentum, weight_decay, flags
            )
        if group_bits != 0:
            for g in range(record.shape[0]):
                if group_bits & (np.int64(1) << g):
                    record[g] += params - before
    return stop


@njit(nogil=True, cache=True)
def sgd_step(
    params,
    velocity,
    sizes,
    inputs,
    targets,
    sample_weight,
    lr,
    momentum,
    weight_decay,
    flags,
    temperature,
    clip_norm,
    mask,
):
    """One mean-gradient step on float32 ``inputs`` toward soft ``targets`` (rows sum to 1).

    ``sample_weight`` scales each sample's loss (-1 ascends it, as NegGrad does); the student
    softmax is taken at ``temperature`` (distillation); ``clip_norm`` > 0 clips the gradient;
    a non-empty 0/1 ``mask`` freezes the weights where it is 0. Returns the mean loss.
    """
    n = inputs.shape[0]
    acts = make_activations(sizes, n)
    acts[0][:] = inputs
    forward_into(params, sizes, acts, n, flags)
    probs = np.empty((n, targets.shape[1]), dtype=np.float32)
    softmax_rows(acts[sizes.shape[0] - 1], probs, n, temperature, flags)
    loss = 0.0
    for i in range(n):
        for k in range(targets.shape[1]):
            if targets[i, k] > 0:
                loss -= targets[i, k] * np.log(probs[i, k] + 1e-10)
    grad = np.empty_like(params)
    delta = output_delta(probs, targets, sample_weight, n, temperature)
    backward(params, velocity, sizes, acts, delta, n, grad, lr, momentum, weight_decay, flags)
    apply_update(params, velocity, grad, lr, momentum, weight_decay, flags, mask, clip_norm)
    return loss / max(n, 1)
