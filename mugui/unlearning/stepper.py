"""Shared training loop pieces for unlearning methods: one momentum-SGD step at a time."""

from __future__ import annotations

import numpy as np

from mugui import network_kernels
from mugui.deskew import model_inputs
from mugui.model import Model
from mugui.training.kernel_args import StepSettings
from mugui.training.work_meter import add_gradient_samples

N_CLASSES = 10


def one_hot(labels: np.ndarray) -> np.ndarray:
    return np.eye(N_CLASSES, dtype=np.float32)[np.asarray(labels, dtype=np.int64)]


def to_inputs(images_u8: np.ndarray, model: Model | None = None) -> np.ndarray:
    """Float inputs in [0, 1]; with ``model``, as that model sees them (deskewed if it was
    trained so), so gradients are taken on the inputs its answers come from."""
    if model is not None:
        images_u8 = model_inputs(model.meta, images_u8)
    return images_u8.astype(np.float32) * np.float32(1.0 / 255.0)


class Stepper:
    """Momentum SGD on ``model.params`` in place, via the ``sgd_step`` kernel of its architecture.

    ``settings`` (from ``kernel_args.step_settings``: learning rate, momentum, weight decay,
    temperature, gradient clipping, 0/1 mask of the weights that may move) can be swapped between
    steps. Targets are probability rows (one-hot, uniform, a teacher's softmax...); a sample
    weight of -1 ascends that sample's loss.
    """

    def __init__(self, model: Model, settings: StepSettings):
        self.model = model
        self.velocity = np.zeros_like(model.params)
        self.settings = settings

    def step(
        self, images_u8: np.ndarray, targets: np.ndarray, sample_weight: np.ndarray | None = None
    ) -> float:
        """One step on a batch; returns its mean loss."""
        n = images_u8.shape[0]
        add_gradient_samples(n, self.model.params.size)
        weights = (
            np.ones(n, dtype=np.float32)
            if sample_weight is None
            else np.ascontiguousarray(sample_weight, dtype=np.float32)
        )
        inputs = to_inputs(images_u8, self.model)
        return network_kernels.sgd_step(
            self.model, self.velocity, inputs, targets, weights, self.settings
        )


def batches(indices: np.ndarray, batch_size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """``indices`` shuffled and cut into batches of ``batch_size`` (the last may be smaller)."""
    shuffled = rng.permutation(indices)
    return [shuffled[i : i + batch_size] for i in range(0, shuffled.size, batch_size)]
