"""Task-by-task training with synaptic intelligence (Zenke, Poole & Ganguli, ICML 2017).

While a task trains, every parameter accumulates its share of the drop in that task's loss,
``omega += -g * dtheta`` (g: the gradient of the task's own loss, dtheta: the update just
made). Between tasks the caller turns ``omega`` into an importance ``Omega``; the penalty
``c * sum(Omega * (theta - anchor)^2)`` then keeps the weights that earlier tasks rely on near
where those tasks left them. A 0/1 ``mask`` freezes parameters (the dynamic network's old units).
"""

import numpy as np
from numba import njit

from .batch_score import STAT_CORRECT, STAT_LOSS, STAT_SEEN, count_batch, score_batch
from .copy import copy_flat
from .forward import forward_into, make_activations, softmax_rows
from .update import apply_update, backward, output_delta

SI_OMEGA, SI_IMPORTANCE, SI_ANCHOR = 0, 1, 2  # rows of the ``si`` state array
__all__ = ["STAT_CORRECT", "STAT_LOSS", "STAT_SEEN", "consolidate", "train_task_range"]


@njit(nogil=True, cache=True)
def train_task_range(args, start, stop, si, strength, mask, heads):
    """Mean-gradient momentum SGD over the batches of ``args.order`` in [start, stop).

    ``args`` is the training kernel's ``TrainArgs``; this loop reads its params, velocity,
    sizes, images, labels, order, stats, batch size, learning rate and momentum (no bug
    switches, no weight decay, no recording). ``si`` has 3 rows (path integral omega,
    importance Omega, anchor theta*) or none (plain training); ``strength`` is the penalty's c.
    A non-empty 0/1 ``heads`` (one per output) keeps the softmax and the loss to the task's own
    outputs (the dynamic network's task heads). ``stats`` accumulates [loss sum, correct, seen]
    of the task loss before each update. Returns where it stopped (early on a non-finite loss).
    """
    params, velocity, sizes, images = args.params, args.velocity, args.sizes, args.images
    labels, order, stats, batch_size = args.labels, args.order, args.stats, args.batch_size
    lr, momentum = args.lr, args.momentum
    n_out = sizes[sizes.shape[0] - 1]
    acts = make_activations(sizes, batch_size)
    probs = np.empty((batch_size, n_out), dtype=np.float32)
    targets = np.zeros((batch_size, n_out), dtype=np.float32)
    sample_weight = np.ones(batch_size, dtype=np.float32)
    grad = np.empty_like(params)
    tracking = si.shape[0] == 3
    task_grad = np.empty_like(params) if tracking else np.empty(0, dtype=np.float32)
    before = np.empty_like(params) if tracking else np.empty(0, dtype=np.float32)
    scale = np.float32(1.0 / 255.0)
    two_c = np.float32(2.0 * strength)
    max_stiffness = np.float32(1.0 / lr)
    for i in range(start, stop, batch_size):
        n = min(batch_size, stop - i)
        x = acts[0]
        for j in range(n):
            for p in range(images.shape[1]):
                x[j, p] = images[order[i + j], p] * scale
            targets[j, :] = 0.0
            targets[j, labels[order[i + j]]] = 1.0
        forward_into(params, sizes, acts, n, 0)
        if heads.shape[0] == n_out:
            logits = acts[sizes.shape[0] - 1]
            for j in range(n):
                for k in range(n_out):
                    if heads[k] == 0:
                        logits[j, k] = -np.inf
        softmax_rows(acts[sizes.shape[0] - 1], probs, n, 1.0, 0)
        loss = score_batch(probs, labels, order, i, n, stats)
        if not count_batch(loss, n, stats):
            return i
        delta = np.empty((n, n_out), dtype=np.float32)
        output_delta(probs, targets, sample_weight, n, 1.0, delta)
        backward(params, sizes, acts, delta, n, grad)
        if tracking:
            copy_flat(task_grad, grad)
            copy_flat(before, params)
            if strength > 0:
                # d/dtheta of c * sum(Omega * (theta - anchor)^2); a stiffness above 1/lr would
                # overshoot the anchor and diverge, so it is capped there (the weight is held)
                for k in range(params.shape[0]):
                    stiffness = min(two_c * si[SI_IMPORTANCE, k], max_stiffness)
                    grad[k] += stiffness * (params[k] - si[SI_ANCHOR, k])
        apply_update(params, velocity, grad, lr, momentum, 0.0, 0, mask, 0.0)
        if tracking:
            for k in range(params.shape[0]):
                si[SI_OMEGA, k] -= task_grad[k] * (params[k] - before[k])
    return stop


@njit(nogil=True, cache=True)
def consolidate(si, params, damping):
    """End of a task: its importance omega / ((theta_end - theta_start)^2 + xi), clamped at 0.

    ``si[SI_ANCHOR]`` holds the parameters at the task's start. Returns the task's importance;
    adds it to Omega, moves the anchor to ``params`` and clears omega for the next task.
    """
    n = si.shape[1]
    task_importance = np.empty(n, dtype=np.float32)
    for k in range(n):
        moved = params[k] - si[SI_ANCHOR, k]
        value = si[SI_OMEGA, k] / (moved * moved + damping)
        task_importance[k] = value if value > 0 else np.float32(0.0)
        si[SI_IMPORTANCE, k] += task_importance[k]
        si[SI_ANCHOR, k] = params[k]
        si[SI_OMEGA, k] = 0.0
    return task_importance
