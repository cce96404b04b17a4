"""Re-initialise the most forget-salient weights, then train on the retain set (NeurIPS 2023, 2nd place)."""

from __future__ import annotations

import numpy as np

from mugui.unlearning.blocks import params as shared
from mugui.unlearning.blocks.retain_training import retain_training
from mugui.unlearning.blocks.saliency import (
    MAX_SAMPLES,
    fresh_values,
    loss_gradient_on,
    top_per_layer,
)
from mugui.unlearning.registry import Method, Param, UnlearnRequest, UnlearnResult, register


def msg(request: UnlearnRequest) -> UnlearnResult:
    """|∇_θ forget loss| picks the top ``fraction`` of each layer; those are re-drawn; retain training repairs."""
    p = request.params
    model = request.model
    data = request.dataset
    forget = request.forget.indices
    rng = request.rng(13)
    if forget.size > MAX_SAMPLES:
        forget = rng.choice(forget, MAX_SAMPLES, replace=False)
    request.report(0.05, "measuring saliency")
    grad = loss_gradient_on(model, data.train_x[forget], data.train_y[forget])
    chosen = top_per_layer(model, np.abs(grad), p["fraction"])
    model.params[chosen] = fresh_values(model, rng)[chosen]
    request.report(0.1, "salient weights re-initialised", model)
    info = {"params_reinitialised": int(chosen.sum())}
    info.update(
        retain_training(request, model, p["epochs"], p["lr"], p["batch_size"], progress=(0.1, 0.9))
    )
    return UnlearnResult(model, info)


register(
    Method(
        name="msg",
        title="Re-initialise salient weights, then retrain",
        summary="Re-draw the weights most salient for the forget loss, then train on the retain set.",
        algorithm=(
            "Compute the gradient of the mean cross-entropy on the forget set; in every layer, the "
            "fraction of parameters with the largest |gradient| (the ones the forget set pulls on "
            "hardest) are re-drawn from the initial distribution. A short fine-tune on the retain "
            "set then rebuilds what those weights also did for the retain data, without the forget "
            "set to pull them back."
        ),
        source=(
            "The 2nd-place solution of the NeurIPS 2023 Machine Unlearning Challenge (Kaggle), as "
            "summarised by Triantafillou et al. 2024, 'Are we making progress in unlearning?' "
            "(arXiv:2406.09073)."
        ),
        params=(
            Param(
                "fraction",
                0.1,
                0.0,
                1.0,
                "Share of each layer's parameters re-drawn. More removes more of the forget set "
                "and leaves more for the fine-tune to rebuild.",
            ),
            shared.epochs(1.0, "Retain fine-tune after the re-initialisation.", 20.0, 0.1),
            shared.learning_rate(0.02, "Learning rate of the retain fine-tune.", low=1e-5),
            shared.batch_size("Retain samples per step."),
        ),
        func=msg,
    )
)
