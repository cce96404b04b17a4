"""Relabelling: descend on forget samples given random wrong classes, beside retain batches.

The loop of random_labels, which salun runs on its masked weights.
"""

from __future__ import annotations

import numpy as np

from mugui.training.kernel_args import step_settings
from mugui.unlearning.blocks import params as shared
from mugui.unlearning.blocks.batch_loop import BatchLoop
from mugui.unlearning.registry import UnlearnRequest
from mugui.unlearning.stepper import N_CLASSES, Stepper, one_hot


def random_other_labels(labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A uniformly random class different from each true label."""
    shift = rng.integers(1, N_CLASSES, labels.size)
    return ((labels.astype(np.int64) + shift) % N_CLASSES).astype(np.uint8)


def relabel_steps(
    request: UnlearnRequest,
    title: str,
    rng: np.random.Generator,
    mask: np.ndarray | None = None,
) -> dict:
    """E passes over the forget set, each forget batch relabelled afresh and stacked with a
    random retain batch for one momentum-SGD descent step (``RELABEL_PARAMS``); with the 0/1
    ``mask``, only the weights where it is 1 move."""
    p = request.params
    stepper = Stepper(request.model, step_settings(p["lr"], p["momentum"], mask=mask))
    data = request.dataset
    retain = request.forget.retain_indices()
    loop = BatchLoop(request, request.forget.indices, p["forget_batch"], p["epochs"], rng, title)
    for f, r in loop.with_retain(retain, p["retain_batch"]):
        labels = np.concatenate([random_other_labels(data.train_y[f], rng), data.train_y[r]])
        stepper.step(data.train_x[np.concatenate([f, r])], one_hot(labels))
    return loop.info(retain_per_step=min(p["retain_batch"], retain.size))


RELABEL_PARAMS = (
    shared.epochs(
        1,
        "Passes over the forget set. The number of steps grows with the forget set, so a few "
        "random samples get a few steps and keep the accuracy the retrained model would give them.",
    ),
    shared.learning_rate(
        0.01,
        "SGD learning rate (published ~0.01-0.04 for ResNets over 10 epochs; tuned 0.01 with one "
        "epoch for this MLP: larger rates forget no better and damage the neighbouring classes).",
    ),
    shared.momentum(),
    shared.batch_size("Forget samples (with random labels) per step.", 32, "forget_batch"),
    shared.batch_size(
        "Retain samples stacked onto each forget batch; they keep the other classes intact (0 = "
        "none, and retain accuracy suffers).",
        128,
        "retain_batch",
        low=0,
    ),
)
