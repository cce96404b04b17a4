"""ℓ1-sparse unlearning (Jia et al. 2023): fine-tune on the retain set with a decaying ℓ1 penalty."""

from __future__ import annotations

import numpy as np

from mugui.unlearning.blocks import params as shared
from mugui.unlearning.blocks.retain_training import retain_training
from mugui.unlearning.registry import Method, Param, UnlearnRequest, UnlearnResult, register


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
            shared.epochs(
                2.0, "Passes over the retain set (Jia et al.: 10 on CIFAR-10).", 50.0, 0.1
            ),
            shared.learning_rate(
                0.05,
                "SGD learning rate. Higher rates overwrite the forget set faster; the penalty's "
                "pull per step is lr·γ.",
                low=1e-5,
            ),
            Param(
                "gamma",
                0.005,
                0.0,
                10.0,
                "Initial ℓ1 strength γ (per weight, per unit of lr); it decays linearly to 0. Too "
                "large zeroes weights the retain set needs; 0 is plain fine-tuning.",
            ),
            *shared.sgd("Retain samples per step."),
        ),
        func=l1_sparse,
    )
)
