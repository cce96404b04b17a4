"""Retain fine-tuning: momentum SGD on the retain set, optionally under a fading ℓ1 penalty.

The repair step that amnesiac and msg finish with, and the whole of l1_sparse.
"""

from __future__ import annotations

import numpy as np

from mugui.model import Model
from mugui.training.kernel_args import step_settings
from mugui.unlearning.blocks.batch_loop import steps_per_epoch
from mugui.unlearning.registry import UnlearnRequest
from mugui.unlearning.stepper import Stepper, batches, one_hot


def retain_training(
    request: UnlearnRequest,
    model: Model,
    epochs: float,
    lr: float,
    batch_size: int,
    momentum: float = 0.9,
    l1: float = 0.0,
    progress: tuple[float, float] = (0.0, 1.0),
) -> dict:
    """Momentum SGD on the retain set for ``epochs`` (fractions allowed), in place on ``model``.

    With ``l1`` > 0, every step is followed by the proximal step of the penalty γ_t·‖θ‖₁,
    soft-thresholding each weight by lr·γ_t, where γ_t falls linearly from ``l1`` to 0 over
    the run. Reports progress within ``progress`` = (start, span). Returns what it did.
    """
    data = request.dataset
    retain = request.forget.retain_indices()
    rng = request.rng(11)
    stepper = Stepper(model, step_settings(lr, momentum))
    per_epoch = steps_per_epoch(retain.size, batch_size)
    total = max(1, round(epochs * per_epoch))
    start, span = progress
    step = 0
    shrunk = 0.0
    while step < total:
        for batch in batches(retain, batch_size, rng):
            if step == total:
                break
            stepper.step(data.train_x[batch], one_hot(data.train_y[batch]))
            if l1 > 0:
                threshold = np.float32(lr * l1 * (1.0 - step / total))
                magnitude = np.abs(model.params)
                shrunk += float(np.minimum(magnitude, threshold).sum())
                model.params[:] = np.sign(model.params) * np.maximum(magnitude - threshold, 0.0)
            step += 1
            report_model = model if step % per_epoch == 0 or step == total else None
            request.report(start + span * step / total, "training on the retain set", report_model)
    info: dict[str, float] = {
        "retain_steps": step,
        "retain_samples_seen": int(min(step * batch_size, epochs * retain.size)),
    }
    if l1 > 0:
        info["zero_weights_fraction"] = float((model.params == 0).mean())
        info["l1_shrinkage_total"] = shrunk
    return info
