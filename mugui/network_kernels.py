"""The one place that maps a model to the kernels of its architecture.

Trainers, unlearning methods and figures call these with a :class:`mugui.model.Model`; only
here is asked whether it is an MLP or a CNN, so no method branches on the architecture.
Inputs are float32 pixels already scaled (0..1) unless a name says uint8.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from mugui.model import Model
    from mugui.training.kernel_args import StepSettings, TrainArgs


def _import_kernel(kernel: str):
    """The kernel ``kernel`` ("module.function" in ``mugui_kernels``), imported on first use:
    numba loads when a model first runs, not when the engine is imported (the window opens,
    and the numpy stand-ins train, without it)."""
    module, name = kernel.rsplit(".", 1)
    return getattr(importlib.import_module(f"mugui_kernels.{module}"), name)


def _kernel(model: Model, cnn: str, mlp: str):
    """The kernel ``cnn`` or ``mlp`` ("module.function" in ``mugui_kernels``) for ``model``."""
    return _import_kernel(cnn if model.is_cnn else mlp)


def _f32(a: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(a, dtype=np.float32)


def _cnn_inference():
    """The CNN's inference kernels (two entry points, each answering several questions)."""
    from mugui_kernels import cnn_inference

    return cnn_inference


NO_IMAGES = np.zeros((0, 784), dtype=np.uint8)  # the CNN's ``answers`` on float inputs
NO_INPUTS = np.zeros((0, 784), dtype=np.float32)  # ... and on uint8 images


def _cnn_answers(model: Model, images: np.ndarray, inputs: np.ndarray, flags: int, what: int):
    return _cnn_inference().answers(
        model.params, model.sizes_array, images, inputs, np.int64(flags), np.int64(what)
    )


def probs_u8(model: Model, images: np.ndarray, flags: int = 0) -> np.ndarray:
    """Probabilities (N, 10) of uint8 images (N, 784)."""
    if model.is_cnn:
        return _cnn_answers(model, images, NO_INPUTS, flags, _cnn_inference().PROBS_OUT)
    kernel = _import_kernel("forward.forward_probs")
    return kernel(model.params, model.sizes_array, images, np.int64(flags))


def probs_float(model: Model, inputs: np.ndarray, flags: int = 0) -> np.ndarray:
    """Probabilities (N, 10) of float32 inputs (N, 784)."""
    if model.is_cnn:
        return _cnn_answers(model, NO_IMAGES, _f32(inputs), flags, _cnn_inference().PROBS_OUT)
    kernel = _import_kernel("forward.forward_probs_float")
    return kernel(model.params, model.sizes_array, _f32(inputs), np.int64(flags))


def hidden_u8(model: Model, images: np.ndarray, layer: int) -> np.ndarray:
    """Post-ReLU activations of hidden layer ``layer`` (the CNN's: its dense head's) for uint8 images."""
    if model.is_cnn:
        x = _f32(images) * np.float32(1.0 / 255.0)
        kernels = _cnn_inference()
        what = kernels.HIDDEN_OUT if layer == 0 else kernels.FEATURES_OUT
        return _cnn_answers(model, NO_IMAGES, x, 0, what)
    kernel = _import_kernel("forward.hidden_activations")
    return kernel(model.params, model.sizes_array, images, np.int64(layer), np.int64(0))


def conv_features_u8(model: Model, images: np.ndarray) -> np.ndarray:
    """The CNN's pooled convolution features (N, 16·side²) — what its dense head reads."""
    x = _f32(images) * np.float32(1.0 / 255.0)
    return _cnn_answers(model, NO_IMAGES, x, 0, _cnn_inference().FEATURES_OUT)


def sgd_step(
    model: Model,
    velocity: np.ndarray,
    inputs: np.ndarray,
    targets: np.ndarray,
    sample_weight: np.ndarray,
    settings: StepSettings,
) -> float:
    """One momentum-SGD step of ``model.params`` in place toward soft targets (see the
    kernels' ``sgd_step``); returns the batch's mean loss."""
    step = _kernel(model, "cnn_train.sgd_step", "epoch.sgd_step")
    return float(
        step(
            model.params,
            velocity,
            model.sizes_array,
            _f32(inputs),
            _f32(targets),
            _f32(sample_weight),
            settings,
        )
    )


def train_cnn_range(args: TrainArgs, start: int, stop: int) -> int:
    """The CNN's batches of ``args.order`` in [start, stop), ``args`` the training struct with
    the CNN's shape as ``sizes`` (the MLP's trainer calls ``mugui_kernels.epoch.train_range``
    with the same struct, which also runs the sequential schedule)."""
    from mugui_kernels import cnn_train

    return int(cnn_train.train_range(args, start, stop))


def _cnn_gradients(model: Model, inputs: np.ndarray, targets: np.ndarray, kind: int):
    return _cnn_inference().gradients(
        model.params, model.sizes_array, _f32(inputs), _f32(targets), np.int64(kind)
    )


def loss_gradient(model: Model, inputs: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """d(mean cross-entropy)/d(params), flat like ``model.params``."""
    if model.is_cnn:
        return _cnn_gradients(model, inputs, targets, _cnn_inference().BY_WEIGHTS)[0]
    kernel = _import_kernel("unlearning_saliency.loss_gradient")
    return kernel(model.params, model.sizes_array, _f32(inputs), _f32(targets))


def input_gradient(model: Model, inputs: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """d(loss_i)/d(x_i) per sample, (N, 784)."""
    if model.is_cnn:
        return _cnn_gradients(model, inputs, targets, _cnn_inference().BY_PIXELS)[1]
    kernel = _import_kernel("unlearning_input_gradient.input_gradient")
    return kernel(model.params, model.sizes_array, _f32(inputs), _f32(targets))


def fisher_diagonal(
    model: Model, inputs: np.ndarray, targets: np.ndarray, expected: bool
) -> np.ndarray:
    """Σ_i g_i² (empirical, or expected over the model's own labels), flat like params."""
    if model.is_cnn:
        kernels = _cnn_inference()
        kind = kernels.FISHER_TRUE if expected else kernels.FISHER_EMPIRICAL
        return _cnn_gradients(model, inputs, targets, kind)[0]
    kernel = _import_kernel("unlearning_fisher.fisher_diagonal")
    return kernel(model.params, model.sizes_array, _f32(inputs), _f32(targets), np.int64(expected))
