"""Diagonal Fisher information: how strongly a set of samples pins each weight."""

from __future__ import annotations

import numpy as np

from mugui import network_kernels
from mugui.model import Model
from mugui.unlearning.registry import UnlearnRequest
from mugui.unlearning.stepper import one_hot, to_inputs

CHUNK = 2048  # samples per kernel call, so that progress and cancel come often


def fisher_information(
    model: Model,
    images_u8: np.ndarray,
    labels: np.ndarray,
    expected: bool,
    request: UnlearnRequest | None = None,
    progress: tuple[float, float] = (0.0, 1.0),
) -> np.ndarray:
    """Mean over the samples of the squared per-sample gradient, flat like ``model.params``.

    ``expected`` averages over labels drawn from the model's softmax (the true Fisher); otherwise
    the given labels are used (the empirical Fisher).
    """
    total = np.zeros_like(model.params)
    n = images_u8.shape[0]
    for start in range(0, n, CHUNK):
        part = slice(start, min(n, start + CHUNK))
        total += network_kernels.fisher_diagonal(
            model, to_inputs(images_u8[part], model), one_hot(labels[part]), expected
        )
        if request is not None:
            request.report(
                progress[0] + progress[1] * part.stop / n, "measuring Fisher information"
            )
    return total / max(n, 1)


def batch_gradient_importance(
    model: Model,
    images_u8: np.ndarray,
    labels: np.ndarray,
    batch: int,
    rng: np.random.Generator,
    request: UnlearnRequest | None = None,
    progress: tuple[float, float] = (0.0, 1.0),
) -> np.ndarray:
    """Mean over shuffled batches of ``batch`` samples of the squared *batch-mean* gradient.

    What SSD's authors' code accumulates (one backward pass per batch, the gradient squared):
    unlike the per-sample Fisher, gradients that pull different ways within a batch cancel
    before squaring, so a weight every class tugs at scores low, and one a whole class pushes
    the same way scores high.
    """
    order = rng.permutation(images_u8.shape[0])
    total = np.zeros_like(model.params)
    starts = range(0, order.size, batch)
    for count, start in enumerate(starts, 1):
        part = order[start : start + batch]
        gradient = network_kernels.loss_gradient(
            model, to_inputs(images_u8[part], model), one_hot(labels[part])
        )
        total += gradient * gradient
        if request is not None and count % 16 == 0:
            request.report(progress[0] + progress[1] * count / len(starts), "measuring importance")
    return total / max(len(starts), 1)
