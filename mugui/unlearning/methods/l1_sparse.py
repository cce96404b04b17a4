"""ℓ1-sparse unlearning (Jia et al. 2023): fine-tune on the retain set with a decaying ℓ1 penalty.

Also home of :func:`retain_training`, the retain fine-tune that amnesiac and msg finish with.
"""

from __future__ import annotations

import numpy as np

from mugui.model import Model
from mugui.unlearning.registry import Method, Param, UnlearnRequest, UnlearnResult, register
from mugui.unlearning.stepper import Stepper, batches, one_hot


def retain_training(
    request: UnlearnRequest,
    model: Model,
    epochs: float,
    lr: float,
    batch_size: int = 64,
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
    stepper = Stepper(model, lr, momentum)
    per_epoch = -(-retain.size // batch_size)
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
    info = {
        "retain_steps": step,
        "retain_samples_seen": int(min(step * batch_size, epochs * retain.size)),
    }
    if l1 > 0:
        info["zero_weights_fraction"] = float((model.params == 0).mean())
        info["l1_shrinkage_total"] = shrunk
    return info


def l1_sparse(request: UnlearnRequest) -> UnlearnResult:
    """Retain fine-tune under a linearly decaying ℓ1 penalty: sparsity erases weak, forget-only
    pathways while the retain loss keeps the pathways it needs."""
    p = request.params
    model = request.model
    before = float(np.abs(model.params).sum())
    info = retain_training(
        request, model, p["epochs"], p["lr"], p["batch_size"], p["momentum"], p["gamma"]
    )
    info["l1_norm_before"] = before
    info["l1_norm_after"] = float(np.abs(model.params).sum())
    return UnlearnResult(model, info)


register(
    Method(
        name="l1_sparse",
        title="ℓ1-sparse fine-tune",
        summary="Fine-tune on the retain set while an ℓ1 penalty, fading to zero, prunes weights.",
        algorithm=(
            "Minimise the retain cross-entropy plus γ_t·‖θ‖₁ for E epochs of momentum SGD, with γ_t "
            "falling linearly from γ to 0. The penalty is applied as a proximal step after each "
            "SGD step (every weight moves lr·γ_t towards zero and stops there), so weights that the "
            "retain data does not defend become exactly zero; the fading γ lets the last steps "
            "recover retain accuracy. Jia et al. show that sparsity narrows the gap between "
            "approximate unlearning and retraining."
        ),
        source="Jia et al., 'Model Sparsity Can Simplify Machine Unlearning', NeurIPS 2023 (arXiv:2304.04934).",
        params=(
            Param(
                "epochs", 2.0, 0.1, 50.0, "Passes over the retain set (Jia et al.: 10 on CIFAR-10)."
            ),
            Param(
                "lr",
                0.05,
                1e-5,
                1.0,
                "SGD learning rate. Higher rates overwrite the forget set faster; the penalty's "
                "pull per step is lr·γ.",
            ),
            Param(
                "gamma",
                0.005,
                0.0,
                10.0,
                "Initial ℓ1 strength γ (per weight, per unit of lr); it decays linearly to 0. Too "
                "large zeroes weights the retain set needs; 0 is plain fine-tuning.",
            ),
            Param("momentum", 0.9, 0.0, 0.999, "SGD momentum."),
            Param("batch_size", 64, 1, 4096, "Retain samples per step."),
        ),
        func=l1_sparse,
    )
)
