"""A batch's loss and hits, from its softmax probabilities, before the batch's update (hard
labels, as training scores a batch; soft target rows, as the unlearning steps do)."""

import numpy as np
from numba import njit

STAT_LOSS, STAT_CORRECT, STAT_SEEN = 0, 1, 2  # the first entries of every training ``stats``


@njit(nogil=True, cache=True)
def fill_target(targets, j, label):
    """Target row ``j``: one-hot at ``label``, or uniform when ``label`` is past the classes."""
    n_out = targets.shape[1]
    targets[j, :] = 0.0
    if label < n_out:
        targets[j, label] = 1.0
    else:
        for k in range(n_out):
            targets[j, k] = 1.0 / n_out


@njit(nogil=True, cache=True)
def score_batch(probs, labels, order, start, n, stats):
    """Cross-entropy sum of samples ``order[start:start+n]`` (returned, float64) and, added to
    ``stats[STAT_CORRECT]``, how many of them have their label as the most probable class.
    An outlier row (label past the classes) scores against the uniform target, never correct."""
    n_out = probs.shape[1]
    loss = 0.0
    for j in range(n):
        label = labels[order[start + j]]
        if label >= n_out:
            for k in range(n_out):
                loss -= np.log(probs[j, k] + 1e-10) / n_out
            continue
        loss -= np.log(probs[j, label] + 1e-10)
        best = 0
        for k in range(1, n_out):
            if probs[j, k] > probs[j, best]:
                best = k
        if best == label:
            stats[STAT_CORRECT] += 1
    return loss


@njit(nogil=True, cache=True)
def count_batch(loss, n, stats):
    """Add a finite batch's loss sum and size to ``stats``; False (nothing added) when the loss
    is not finite (the weights have blown up)."""
    if not np.isfinite(loss):
        return False
    stats[STAT_LOSS] += loss
    stats[STAT_SEEN] += n
    return True


@njit(nogil=True, cache=True)
def soft_target_loss(probs, targets, n):
    """Cross-entropy sum of the first n rows of ``probs`` against the target rows (each a
    distribution: one-hot, uniform, a teacher's softmax), float64."""
    loss = 0.0
    for i in range(n):
        for k in range(targets.shape[1]):
            if targets[i, k] > 0:
                loss -= targets[i, k] * np.log(probs[i, k] + 1e-10)
    return loss
