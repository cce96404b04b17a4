"""The trainer's numpy stand-ins for the kernels, used while the kernels compile on a first start.

Same maths as the kernels (through :mod:`mugui.training.reference`), same sample order (the same
splitmix64 Fisher-Yates shuffle), same statistics: a run can start at once on a cold cache and
switch to the compiled kernels at an epoch boundary. Slower, and equal to the kernels to float32
tolerance rather than bit for bit.
"""

from __future__ import annotations

import numpy as np

from mugui.evaluation import N_CLASSES, Evaluation
from mugui.model import Model
from mugui.training import reference
from mugui.training.kernel_args import TrainArgs
from mugui_kernels import flags as F
from mugui_kernels.train_args import STAT_CORRECT, STAT_DIVERGED, STAT_LOSS, STAT_SEEN

MASK64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15


def shuffle_order(order: np.ndarray, seed: int, flags: int) -> None:
    """The kernel's Fisher-Yates shuffle of ``order`` in place, driven by splitmix64 of ``seed``."""
    if flags & F.NO_SHUFFLE:
        return
    state = (int(seed) * GOLDEN + 1) & MASK64
    for i in range(order.shape[0] - 1, 0, -1):
        state = (state + GOLDEN) & MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        z ^= z >> 31
        j = z % (i + 1)
        order[i], order[j] = order[j], order[i]


def train_range(args: TrainArgs, start: int, stop: int) -> int:
    """The kernel's loop over the batches of ``args.order`` beginning in [start, stop), on the
    kernel's own argument struct, without recording or halting; ``args.stats`` gets [loss sum,
    correct, seen, diverged]. Returns where it stopped. Outlier rows (labels past the classes)
    train toward the uniform target and are never correct, as in the kernel."""
    flags, stats = args.flags, args.stats
    scale = np.float32(1.0 if flags & F.NO_NORMALIZE else 1.0 / 255.0)
    sequential = args.schedule == F.SCHEDULE_SEQUENTIAL
    step = reference.sequential_step if sequential else reference.mean_step
    n_out = int(args.sizes[-1])
    # the target rows by label; labels past the classes (outlier exposure) get the uniform row
    eye = np.vstack([np.eye(n_out, dtype=np.float32), np.full((1, n_out), 1.0 / n_out, np.float32)])
    for i in range(start, stop, args.batch_size):
        idx = args.order[i : i + args.batch_size]
        src = np.full_like(idx, args.order[i]) if flags & F.BATCH_IMAGE_INDEX else idx
        x = args.images[src].astype(np.float32) * scale
        target = np.minimum(args.labels[idx].astype(np.int64), n_out)
        outlier = target == n_out
        with np.errstate(all="ignore"):
            probs = step(
                args.params,
                args.velocity,
                args.sizes,
                x,
                eye[target],
                args.lr,
                args.momentum,
                args.weight_decay,
                flags,
            )
            logp = np.log(probs.astype(np.float64) + 1e-10)
            hit = np.minimum(target, n_out - 1)
            loss = -float(
                np.where(outlier, logp.mean(axis=1), logp[np.arange(len(idx)), hit]).sum()
            )
        if not np.isfinite(loss):
            stats[STAT_DIVERGED] = 1
            return i
        stats[STAT_LOSS] += loss
        stats[STAT_CORRECT] += int((probs.argmax(axis=1) == target).sum())
        stats[STAT_SEEN] += len(idx)
    return stop


def evaluate(model: Model, images: np.ndarray, labels: np.ndarray, flags: int = 0) -> Evaluation:
    """Accuracy, per-class accuracy and confusion matrix, like :func:`mugui.evaluation.evaluate`."""
    scale = np.float32(1.0 if flags & F.NO_NORMALIZE else 1.0 / 255.0)
    x = np.asarray(images).reshape(len(images), -1).astype(np.float32) * scale
    with np.errstate(all="ignore"):
        probs = reference.softmax(reference.forward(model.params, model.sizes, x, flags)[-1], flags)
    labels = np.asarray(labels).astype(np.int64)
    finite = np.isfinite(probs).all(axis=1)
    predicted = np.where(finite, np.where(np.isfinite(probs), probs, -1.0).argmax(axis=1), -1)
    valid = predicted >= 0
    confusion = np.bincount(
        labels[valid] * N_CLASSES + predicted[valid], minlength=N_CLASSES * N_CLASSES
    ).reshape(N_CLASSES, N_CLASSES)
    totals = np.bincount(labels, minlength=N_CLASSES)
    hits = np.bincount(labels[predicted == labels], minlength=N_CLASSES)
    per_class = np.full(N_CLASSES, np.nan)
    per_class[totals > 0] = hits[totals > 0] / totals[totals > 0]
    accuracy = float((predicted == labels).mean()) if len(labels) else float("nan")
    return Evaluation(accuracy, per_class, confusion.astype(np.int64), probs)
