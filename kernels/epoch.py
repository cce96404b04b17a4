"""The training loop over a range of an epoch's sample order, with the bug switches.

The trainer calls ``train_range`` (its arguments in one struct, see ``train_args``) on
consecutive slices of one epoch (so that it can report progress and honour pause/stop between
slices); slices start on batch boundaries, so the
maths is the same as one call over the whole epoch.
"""

import numpy as np
from numba import njit

from .batch_score import count_batch, fill_target, score_batch, soft_target_loss
from .copy import copy_rows
from .flags import BATCH_IMAGE_INDEX, NO_SHUFFLE, SCHEDULE_MEAN
from .forward import gather_pixels, pixel_scale
from .idle_rows import catch_up_all, catch_up_used
from .layout import weights
from .per_sample import train_per_sample
from .sequential import sequential_update
from .sparse_input import gather_lists
from .step import (
    WS_ACTS,
    WS_DELTAS,
    WS_PROBS,
    WS_SPARSE,
    forward_batch,
    make_workspace,
    sparse_inputs,
    update_batch,
)
from .train_args import (
    HALTED_BETWEEN_BATCHES,
    HALTED_MID_BATCH,
    STAT_DIVERGED,
    STAT_HALTED,
)

__all__ = ["sgd_step", "shuffle_order", "train_range"]


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


@njit(nogil=True, cache=True, inline="always")
def per_sample_fused(args):
    """Whether ``train_range`` takes ``per_sample.train_per_sample``: groups of one sample, one
    hidden layer, nothing recorded."""
    return (
        args.schedule != SCHEDULE_MEAN
        and args.batch_size == 1
        and args.sizes.shape[0] == 3
        and args.record.shape[0] == 0
    )


@njit(nogil=True, cache=True)
def train_range(args, start, stop):
    """Train on the batches of ``args.order`` beginning in [start, stop); return where it stopped.

    ``args`` is the struct of ``train_args``. ``args.stats`` accumulates [loss sum, correct, samples
    seen, diverged, halted]; the loss and the running accuracy are those of each batch before
    its update. When ``args.record`` has rows, the parameter change of every batch holding a
    sample whose ``sample_groups`` bit g is set is added to ``record[g]`` (Amnesiac unlearning).
    Stops early on a non-finite loss, and when ``args.halt[0]`` is set: between batches, or
    within a sequential batch (not when recording), which is then left half-applied
    (``stats[STAT_HALTED]`` says which).
    """
    if per_sample_fused(args):
        return train_per_sample(args, start, stop)
    params, velocity, sizes, flags = args.params, args.velocity, args.sizes, args.flags
    images, labels, order, stats = args.images, args.labels, args.order, args.stats
    lr, momentum, weight_decay = args.lr, args.momentum, args.weight_decay
    batch_size, record, halt = args.batch_size, args.record, args.halt
    n_order = order.shape[0]
    n_out = sizes[sizes.shape[0] - 1]
    ws = make_workspace(sizes, batch_size)
    acts, probs = ws[WS_ACTS], ws[WS_PROBS]
    targets = np.zeros((batch_size, n_out), dtype=np.float32)
    sample_weight = np.ones(batch_size, dtype=np.float32)
    sources = np.empty(batch_size, dtype=np.int64)
    no_mask = np.empty(0, dtype=np.float32)
    recording = record.shape[0] > 0
    before = np.empty_like(params) if recording else np.empty(0, dtype=np.float32)
    # a half-applied batch cannot be undone here; when recording, stop between batches only
    halt_within = halt if not recording else np.zeros(1, dtype=np.int64)
    scale = pixel_scale(flags)
    # first-layer rows of blank pixels are stepped lazily: one tick per update
    w0, v0 = weights(params, sizes, np.int64(0)), weights(velocity, sizes, np.int64(0))
    last = np.zeros(sizes[0], dtype=np.int64)
    per_batch = args.schedule == SCHEDULE_MEAN
    tick = np.int64(0)  # not a literal 0: every callee keeps one signature
    for i in range(start, stop, batch_size):
        if halt[0] != 0:
            stats[STAT_HALTED] = HALTED_BETWEEN_BATCHES
            catch_up_all(w0, v0, last, tick, lr, momentum, weight_decay, flags)
            return i
        n = min(batch_size, n_order - i)
        x = acts[0]
        group_bits = np.int64(0)
        for j in range(n):
            sources[j] = order[i] if flags & BATCH_IMAGE_INDEX else order[i + j]
            fill_target(targets, j, labels[order[i + j]])
            if recording:
                group_bits |= args.sample_groups[order[i + j]]
        sparse = gather_lists(images, sources, n, scale, ws[WS_SPARSE])
        if not sparse:  # dense batches go through BLAS from the float32 input buffer
            gather_pixels(images, sources, n, scale, x)
        if sparse:
            catch_up_used(w0, v0, ws[WS_SPARSE][3], last, tick, lr, momentum, weight_decay, flags)
        else:
            catch_up_all(w0, v0, last, tick, lr, momentum, weight_decay, flags)
        forward_batch(params, sizes, ws, n, flags, 1.0, sparse)
        loss = score_batch(probs, labels, order, i, n, stats)
        if not count_batch(loss, n, stats):
            stats[STAT_DIVERGED] = 1
            catch_up_all(w0, v0, last, tick, lr, momentum, weight_decay, flags)
            return i
        if group_bits != 0:
            catch_up_all(w0, v0, last, tick, lr, momentum, weight_decay, flags)
            for q in range(params.shape[0]):  # (a loop compiles faster than before[:] = params)
                before[q] = params[q]
        if per_batch:
            update_batch(
                params, velocity, sizes, ws, n, targets, sample_weight, sparse, lr, momentum,
                weight_decay, flags, 1.0, 0.0, no_mask, last, tick,
            )  # fmt: skip
            tick += 1
        else:
            done = sequential_update(
                params, velocity, sizes, acts, probs, targets, n, lr, momentum, weight_decay,
                flags, sparse, ws[WS_SPARSE], last, tick, ws[WS_DELTAS], halt_within,
            )  # fmt: skip
            if done < 0:
                stats[STAT_HALTED] = HALTED_MID_BATCH
                return i
            tick += n
        if not sparse:
            last.fill(tick)
        if group_bits != 0:
            catch_up_all(w0, v0, last, tick, lr, momentum, weight_decay, flags)
            for g in range(record.shape[0]):
                if group_bits & (np.int64(1) << g):
                    for q in range(params.shape[0]):
                        record[g, q] += params[q] - before[q]
    catch_up_all(w0, v0, last, tick, lr, momentum, weight_decay, flags)
    return stop


@njit(nogil=True, cache=True)
def sgd_step(params, velocity, sizes, inputs, targets, sample_weight, settings):
    """One mean-gradient step on float32 ``inputs`` toward soft ``targets`` (rows sum to 1).

    ``sample_weight`` scales each sample's loss (-1 ascends it, as NegGrad does); ``settings``
    is the step's struct (``train_args`` lists its fields): the student softmax is taken at its
    temperature (distillation), a clip norm > 0 clips the gradient, a non-empty 0/1 mask
    freezes the weights where it is 0. Returns the mean loss.
    """
    lr, momentum, weight_decay, flags, temperature, clip_norm, mask = settings
    n = inputs.shape[0]
    ws = make_workspace(sizes, n)
    copy_rows(ws[WS_ACTS][0], 0, inputs, n)
    sparse = sparse_inputs(ws, n)
    forward_batch(params, sizes, ws, n, flags, temperature, sparse)
    loss = soft_target_loss(ws[WS_PROBS], targets, n)
    update_batch(
        params, velocity, sizes, ws, n, targets, sample_weight, sparse, lr, momentum,
        weight_decay, flags, temperature, clip_norm, mask, np.empty(0, dtype=np.int64), np.int64(0),
    )  # fmt: skip
    return loss / max(n, 1)
