"""SalUn: random-label unlearning that moves only the weights most salient for the forget set."""

from __future__ import annotations

import numpy as np

from mugui.unlearning.blocks.relabelling import RELABEL_PARAMS, relabel_steps
from mugui.unlearning.blocks.saliency import loss_gradient_on, top_overall
from mugui.unlearning.registry import Method, Param, UnlearnRequest, UnlearnResult, register


def salun(request: UnlearnRequest) -> UnlearnResult:
    """Saliency mask from the forget-loss gradient, then random-label steps on the masked weights."""
    p = request.params
    data = request.dataset
    forget = request.forget.indices
    request.report(0.0, "computing the saliency mask")
    grad = loss_gradient_on(request.model, data.train_x[forget], data.train_y[forget])
    mask = top_overall(np.abs(grad), p["mask_fraction"])
    info = relabel_steps(request, "random labels on salient weights", request.rng(6), mask)
    info["weights_moved"] = int(mask.sum())
    info["weights_total"] = int(mask.size)
    return UnlearnResult(request.model, info)


register(
    Method(
        name="salun",
        title="SalUn (saliency unlearning)",
        summary="Random-label training restricted to the weights most salient for the forget set.",
        algorithm=(
            "1) Compute the gradient g of the cross-entropy over the whole forget set at the original "
            "weights; the saliency mask m keeps the weights whose |g| is in the top fraction (50%). "
            "2) Run the random-labels loop (forget samples relabelled with random other classes, "
            "stacked with retain batches with their true labels) where the update of every weight "
            "outside the mask is zero. Weights that do not matter for the forget set stay exactly "
            "as they were, which spares the retain set."
        ),
        source=(
            "Fan et al., 'SalUn: Empowering Machine Unlearning via Gradient-based Weight Saliency', "
            "ICLR 2024; published mask 50% of weights, RL 10 epochs lr ~0.013 (ResNet-18). "
            "Tuned for this MLP: mask 50%, 1 epoch, lr 0.01, 32 forget + 128 retain per step."
        ),
        params=(
            Param(
                "mask_fraction",
                0.5,
                0.01,
                1.0,
                "Share of the weights allowed to move: those with the largest forget-loss gradient "
                "(published 0.5). 1.0 is plain random labels.",
            ),
            *RELABEL_PARAMS,
        ),
        func=salun,
    )
)
