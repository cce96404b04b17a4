"""Compile (or load from cache) every kernel the app uses, on tiny arrays, off the GUI thread.

Three parts, so that two processes can compile them side by side: :func:`warm_up_training` (what
a training run calls: the epoch loop, the shuffle, prediction on uint8 images and the confusion
matrix of the end-of-epoch evaluation), :func:`warm_up_step` (the unlearning methods' one-step
kernel, whose batch forward and update kernels the training range calls too: a process compiling
the training part loads them from the cache once the other has compiled them) and
:func:`warm_up_rest` (prediction on float inputs, hidden activations, per-sample losses). Each
kernel is called with the argument types used in production.
"""

from __future__ import annotations

import time

import numpy as np

from mugui.data.dataset import Dataset
from mugui.evaluation import evaluate
from mugui.model import Model
from mugui.training.kernel_args import step_settings, training_args
from mugui_kernels import evaluation
from mugui_kernels.epoch import sgd_step, shuffle_order, train_range
from mugui_kernels.flags import SCHEDULE_MEAN, SCHEDULE_SEQUENTIAL

ONE_STEP = step_settings(0.01)  # the one-step kernels' settings struct, with its dtypes


def warm_up_dataset(n: int) -> Dataset:
    """``n`` random digits (train and test alike) to run a whole training on, just to compile it."""
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (n, 784), dtype=np.uint8)
    labels = (np.arange(n) % 10).astype(np.uint8)
    return Dataset("warm-up", images, labels, images, labels)


def _tiny() -> tuple[Model, np.ndarray, np.ndarray]:
    model = Model.init((784, 16, 10), seed=0)
    return model, np.zeros((4, 784), dtype=np.uint8), np.zeros(4, dtype=np.uint8)


def warm_up_schedule(schedule: int) -> None:
    """The range kernel of one schedule (``flags.SCHEDULE_*``), with a training run's types."""
    model, images, labels = _tiny()
    args = training_args(
        model.params.copy(), np.zeros_like(model.params), model.sizes_array, images, labels,
        np.arange(4, dtype=np.int64), batch_size=2, schedule=schedule, lr=0.01, momentum=0.9,
    )  # fmt: skip
    train_range(args, 0, 4)


def warm_up_training() -> float:
    """The kernels of a training run (both schedules); return the seconds taken."""
    started = time.perf_counter()
    model, images, labels = _tiny()
    shuffle_order(np.arange(4, dtype=np.int64), np.int64(0), np.int64(0))
    for schedule in (SCHEDULE_MEAN, SCHEDULE_SEQUENTIAL):
        warm_up_schedule(schedule)
    evaluate(model, images, labels)
    return time.perf_counter() - started


def warm_up_step() -> float:
    """The one-step kernel (the unlearning methods' step toward soft targets); seconds taken.
    Its batch forward and update kernels are the training range's mean schedule's, with the
    same types: compiled here first, a training part compiling beside it loads them."""
    started = time.perf_counter()
    model, images, _ = _tiny()
    targets = np.full((4, 10), 0.1, dtype=np.float32)
    velocity, weights = np.zeros_like(model.params), np.ones(4, dtype=np.float32)
    inputs = images.astype(np.float32)
    sgd_step(model.params.copy(), velocity, model.sizes_array, inputs, targets, weights, ONE_STEP)
    return time.perf_counter() - started


def warm_up_rest() -> float:
    """Every other kernel of :mod:`mugui_kernels` the window uses; return the seconds taken."""
    started = time.perf_counter()
    model, images, labels = _tiny()
    probs = model.predict_proba(images.astype(np.float32))
    model.hidden(images)
    evaluation.per_sample_losses(probs, labels)
    return time.perf_counter() - started


def warm_up() -> float:
    """Every part in this process; return the seconds taken."""
    return warm_up_training() + warm_up_step() + warm_up_rest()
