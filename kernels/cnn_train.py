"""Training the convolutional network: a range of an epoch's batches, and one step on given
targets (the unlearning methods' step). Momentum SGD on the flat vector, as the MLP's mean
schedule, with the bug switches that apply to a CNN (see ``mugui.architecture``)."""

import numpy as np
from numba import njit

from .batch_score import count_batch, fill_target, score_batch, soft_target_loss
from .cnn import GRAD, PROBS, backward_batch, forward_batch, make_workspace
from .cnn_layout import N_OUT
from .compiler_options import apply_levels
from .copy import copy_flat
from .flags import BATCH_IMAGE_INDEX
from .forward import pixel_scale
from .train_args import STAT_DIVERGED
from .update import apply_update, output_delta

apply_levels()  # this module's kernels compile at its level (compiler_options.LEVELS)


@njit(nogil=True, cache=True)
def train_range(args, start, stop):
    """Train on the batches of ``args.order`` beginning in [start, stop); return where it stopped.

    The same contract and struct as the MLP's ``epoch.train_range`` (``train_args``; mean
    schedule, ``args.sizes`` is the CNN's shape, ``halt`` and ``schedule`` are not read):
    ``stats`` gathers [loss sum, correct, seen, diverged] of each batch before its update;
    ``record`` rows collect the change of every batch holding a sample of group g (Amnesiac).
    """
    params, velocity, shape, flags = args.params, args.velocity, args.sizes, args.flags
    images, labels, order, stats = args.images, args.labels, args.order, args.stats
    batch_size, lr, momentum = args.batch_size, args.lr, args.momentum
    weight_decay, sample_groups, record = args.weight_decay, args.sample_groups, args.record
    n_order = order.shape[0]
    ws = make_workspace(shape, batch_size)
    x = np.zeros((batch_size, images.shape[1]), dtype=np.float32)
    targets = np.zeros((batch_size, N_OUT), dtype=np.float32)
    weight = np.ones(batch_size, dtype=np.float32)
    no_mask = np.empty(0, dtype=np.float32)
    no_input_grad = np.zeros((0, images.shape[1]), dtype=np.float32)
    recording = record.shape[0] > 0
    before = np.empty_like(params) if recording else np.empty(0, dtype=np.float32)
    scale = pixel_scale(flags)
    probs = ws[PROBS]
    for i in range(start, stop, batch_size):
        n = min(batch_size, n_order - i)
        group_bits = np.int64(0)
        for j in range(n):
            src = order[i] if flags & BATCH_IMAGE_INDEX else order[i + j]
            for p in range(images.shape[1]):
                x[j, p] = images[src, p] * scale
            fill_target(targets, j, labels[order[i + j]])
            if recording:
                group_bits |= sample_groups[order[i + j]]
        forward_batch(params, shape, ws, x, n, flags, 1.0)
        loss = score_batch(probs, labels, order, i, n, stats)
        if not count_batch(loss, n, stats):
            stats[STAT_DIVERGED] = 1
            return i
        if group_bits != 0:
            copy_flat(before, params)
        delta = np.empty((n, probs.shape[1]), dtype=np.float32)
        output_delta(probs, targets, weight, n, 1.0, delta)
        backward_batch(params, shape, ws, n, delta, ws[GRAD], no_input_grad)
        apply_update(params, velocity, ws[GRAD], lr, momentum, weight_decay, flags, no_mask, 0.0)
        if group_bits != 0:
            for g in range(record.shape[0]):
                if group_bits & (np.int64(1) << g):
                    for q in range(params.shape[0]):
                        record[g, q] += params[q] - before[q]
    return stop


@njit(nogil=True, cache=True)
def sgd_step(params, velocity, shape, inputs, targets, sample_weight, settings):
    """One mean-gradient step on float32 ``inputs`` toward soft ``targets``: the MLP's
    ``epoch.sgd_step`` contract (sample weights; the settings struct's temperature, clipping
    and 0/1 mask)."""
    lr, momentum, weight_decay, flags, temperature, clip_norm, mask = settings
    n = inputs.shape[0]
    ws = make_workspace(shape, n)
    no_input_grad = np.zeros((0, inputs.shape[1]), dtype=np.float32)
    forward_batch(params, shape, ws, inputs, n, flags, temperature)
    probs = ws[PROBS]
    loss = soft_target_loss(probs, targets, n)
    delta = np.empty((n, probs.shape[1]), dtype=np.float32)
    output_delta(probs, targets, sample_weight, n, temperature, delta)
    backward_batch(params, shape, ws, n, delta, ws[GRAD], no_input_grad)
    apply_update(params, velocity, ws[GRAD], lr, momentum, weight_decay, flags, mask, clip_norm)
    return loss / max(n, 1)
