"""Compile (or load from cache) every kernel the app uses, on tiny arrays, off the GUI thread."""

from __future__ import annotations

import time

import numpy as np

from mugui.model import Model
from mugui.training.kernel_args import training_args
from mugui_kernels import evaluation, forward
from mugui_kernels.epoch import sgd_step, shuffle_order, train_range
from mugui_kernels.flags import SCHEDULE_MEAN, SCHEDULE_SEQUENTIAL


def warm_up() -> float:
    """Run each kernel once with the argument types used in production; return the seconds taken."""
    started = time.perf_counter()
    model = Model.init((784, 16, 10), seed=0)
    sizes = model.sizes_array
    images = np.zeros((4, 784), dtype=np.uint8)
    labels = np.zeros(4, dtype=np.uint8)
    order = np.arange(4, dtype=np.int64)
    shuffle_order(order, np.int64(0), np.int64(0))
    for schedule in (SCHEDULE_MEAN, SCHEDULE_SEQUENTIAL):
        args = training_args(
            model.params.copy(), np.zeros_like(model.params), sizes, images, labels, order,
            batch_size=2, schedule=schedule, lr=0.01, momentum=0.9,
        )  # fmt: skip
        train_range(args, 0, 4)
    probs = model.predict_proba(images)
    model.predict_proba(images.astype(np.float32))
    model.hidden(images)
    evaluation.confusion_matrix(labels.astype(np.int64), probs.argmax(1), 10)
    evaluation.per_sample_losses(probs, labels)
    sgd_step(
        model.params.copy(), np.zeros_like(model.params), sizes, images.astype(np.float32),
        np.full((4, 10), 0.1, dtype=np.float32), np.ones(4, dtype=np.float32), np.float32(0.01), np.float32(0.9),
        np.float32(0.0), np.int64(0), 1.0, 0.0, np.empty(0, dtype=np.float32),
    )  # fmt: skip
    forward.forward_probs(model.params, sizes, images, np.int64(0))
    return time.perf_counter() - started
