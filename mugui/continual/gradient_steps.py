"""Task-by-task training of the CNN from its batched gradient kernel, bookkeeping in numpy.

The MLP trains task by task in one numba loop (``mugui_kernels.synaptic.train_task_range``).
The CNN takes each mini-batch's probabilities and mean gradient from the kernels every model
already has (``network_kernels.probs_float`` and ``loss_gradient``, compiled once for the
unlearning methods), and this module does the same maths as that loop on the flat parameter
vector: the SI penalty c·Σ Ω(θ − θ*)² (stiffness capped at 1/lr), mean-gradient momentum SGD,
the path integral ω −= g·Δθ of the task's own gradient g, a 0/1 mask of the parameters that may
move, and task heads (the softmax and loss over the task's own outputs). No new kernel.
"""

from __future__ import annotations

import numpy as np

from mugui import network_kernels
from mugui.model import Model
from mugui_kernels.train_args import STAT_CORRECT, STAT_LOSS, STAT_SEEN

SI_OMEGA, SI_IMPORTANCE, SI_ANCHOR = 0, 1, 2  # rows of the ``si`` state, as in the kernel
N_OUTPUTS = 10


def head_probs(probs: np.ndarray, heads: np.ndarray) -> np.ndarray:
    """The softmax over the outputs where ``heads`` is 1 (the others 0): the full softmax
    renormalised over the task's outputs, which is the softmax of their logits alone."""
    if heads.size == 0:
        return probs
    kept = probs * heads
    total = kept.sum(axis=1, keepdims=True)
    return np.divide(kept, total, out=np.zeros_like(kept), where=total > 0)


def head_targets(probs: np.ndarray, task_probs: np.ndarray, onehot: np.ndarray) -> np.ndarray:
    """Targets t with p − t = q − y: the full-softmax gradient kernel then returns the gradient
    of the task-head loss (q the task-head softmax, y the one-hot labels; t still sums to 1)."""
    return (probs - task_probs + onehot).astype(np.float32)


def train_range_by_gradients(
    model: Model,
    velocity: np.ndarray,
    images: np.ndarray,
    labels: np.ndarray,
    order: np.ndarray,
    start: int,
    stop: int,
    batch_size: int,
    lr: float,
    momentum: float,
    si: np.ndarray,
    strength: float,
    mask: np.ndarray,
    heads: np.ndarray,
    stats: np.ndarray,
) -> int:
    """The batches of ``order`` in [start, stop), as ``train_task_range`` trains them.

    ``si`` has 3 rows (ω, Ω, θ*) or none (plain training); ``mask`` and ``heads`` are empty or
    0/1 per parameter / per output. ``stats`` gains [loss sum, correct, seen] of the task loss
    before each update. Returns where it stopped (early on a non-finite loss)."""
    params = model.params
    lr32, momentum32 = np.float32(lr), np.float32(momentum)
    tracking = si.shape[0] == 3
    stiffness = None
    if tracking and strength > 0:
        stiffness = np.minimum(np.float32(2.0 * strength) * si[SI_IMPORTANCE], np.float32(1.0 / lr))
    free = mask > 0 if mask.size else None
    scale = np.float32(1.0 / 255.0)
    for i in range(start, stop, batch_size):
        rows = order[i : min(i + batch_size, stop)]
        x = images[rows].astype(np.float32) * scale
        y = labels[rows].astype(np.int64)
        onehot = np.eye(N_OUTPUTS, dtype=np.float32)[y]
        probs = network_kernels.probs_float(model, x)
        task_probs = head_probs(probs, heads)
        picked = task_probs[np.arange(y.size), y]
        loss = float(-np.log(picked.astype(np.float64) + 1e-10).sum())
        if not np.isfinite(loss):
            return i
        stats[STAT_LOSS] += loss
        stats[STAT_SEEN] += y.size
        stats[STAT_CORRECT] += int((task_probs.argmax(axis=1) == y).sum())
        targets = onehot if heads.size == 0 else head_targets(probs, task_probs, onehot)
        task_grad = network_kernels.loss_gradient(model, x, targets)
        grad = task_grad
        if stiffness is not None:
            grad = task_grad + stiffness * (params - si[SI_ANCHOR])
        before = params.copy() if tracking else params
        if free is None:
            velocity *= momentum32
            velocity += lr32 * grad
            params -= velocity
        else:
            velocity[free] = momentum32 * velocity[free] + lr32 * grad[free]
            params[free] -= velocity[free]
        if tracking:
            si[SI_OMEGA] -= task_grad * (params - before)
    return stop
