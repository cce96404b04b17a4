"""Compile (or load from cache) every kernel of the convolutional network, on tiny arrays.

Kept apart from the MLP's warm-up: the window compiles these after the MLP's training kernels,
so a first start trains an MLP as soon as it used to.
"""

from __future__ import annotations

import time

import numpy as np

from mugui import network_kernels
from mugui.model import Model
from mugui.training.config import TrainConfig
from mugui.training.trainer import Trainer
from mugui.training.warmup import ONE_STEP, warm_up_dataset

SAMPLES = 8


def warm_up_cnn() -> float:
    """Run each CNN kernel once with the argument types used in production; seconds taken."""
    started = time.perf_counter()
    tiny = warm_up_dataset(SAMPLES)
    images = tiny.train_x
    config = TrainConfig(architecture="cnn", hidden=16, epochs=1, batch_size=4)
    for record in (False, True):
        trainer = Trainer(tiny, config.replace(record_updates=record))
        for _ in trainer.run():
            pass
    model: Model = trainer.model
    inputs = images.astype(np.float32) / np.float32(255.0)
    targets = np.full((SAMPLES, 10), 0.1, dtype=np.float32)
    model.predict_proba(images)
    model.predict_proba(inputs)
    model.hidden(images)
    weights = np.ones(SAMPLES, np.float32)
    network_kernels.sgd_step(model, np.zeros_like(model.params), inputs, targets, weights, ONE_STEP)
    network_kernels.loss_gradient(model, inputs, targets)
    network_kernels.input_gradient(model, inputs, targets)
    for expected in (False, True):
        network_kernels.fisher_diagonal(model, inputs[:2], targets[:2], expected)
    return time.perf_counter() - started
