"""Selective synaptic dampening (Foster et al. 2024): shrink weights specialised for the forget set."""

from __future__ import annotations

import numpy as np

from mugui.model import Model
from mugui.unlearning.blocks.fisher_information import (
    batch_gradient_importance,
    fisher_information,
)
from mugui.unlearning.registry import Method, Param, UnlearnRequest, UnlearnResult, register


def ssd(request: UnlearnRequest) -> UnlearnResult:
    """β = min(λ·I_D / I_f, 1) on weights with I_f > α·I_D; θ ← β·θ. No training at all.

    With ``normalize`` I_f is first scaled to I_D's total (each weight's share is compared)."""
    p = request.params
    model = request.model
    data = request.dataset
    forget = request.forget.indices
    everything = np.arange(data.n_train)
    if p["samples"] and everything.size > p["samples"]:
        everything = np.sort(request.rng(9).choice(everything, p["samples"], replace=False))
    imp_all = _importance(request, model, everything, 1, (0.0, 0.7))
    imp_forget = _importance(request, model, forget, 2, (0.7, 0.25))
    if p["normalize"]:
        imp_forget = imp_forget * np.float32(imp_all.sum() / max(float(imp_forget.sum()), 1e-30))
    selected = imp_forget > p["alpha"] * imp_all
    beta = np.minimum(p["lam"] * imp_all[selected] / imp_forget[selected], 1.0)
    model.params[selected] *= beta.astype(np.float32)
    request.report(1.0, "dampened", model)
    info = {
        "params_dampened": int(selected.sum()),
        "params_dampened_fraction": float(selected.mean()),
        "mean_dampening_factor": float(beta.mean()) if beta.size else 1.0,
        "samples_for_importance": int(everything.size),
    }
    return UnlearnResult(model, info)


def _importance(
    request: UnlearnRequest,
    model: Model,
    rows: np.ndarray,
    salt: int,
    progress: tuple[float, float],
) -> np.ndarray:
    """Per-sample empirical Fisher (``batch`` 1), or squared batch-mean gradients."""
    x, y = request.dataset.train_x[rows], request.dataset.train_y[rows]
    batch = int(request.params["batch"])
    if batch <= 1:
        return fisher_information(model, x, y, False, request, progress)
    rng = request.rng(10 + salt)
    return batch_gradient_importance(model, x, y, batch, rng, request, progress)


register(
    Method(
        name="ssd",
        title="Selective synaptic dampening",
        summary="Shrink the weights far more important to the forget set than to the whole data.",
        algorithm=(
            "Measure each weight's importance as its diagonal (empirical) Fisher information, the "
            "mean squared per-sample gradient, on the whole training set (I_D) and on the forget set "
            "(I_f). Weights with I_f > α·I_D are specialised for the forget set; multiply each by "
            "β = min(λ·I_D/I_f, 1), so the more specialised, the harder it is dampened. Two "
            "gradient passes and no training: fast, retrain-free, and gentle on the retain set when "
            "α is high enough. Options for networks whose weights every class shares (the CNN's "
            "convolutions): importance from squared batch-mean gradients (as the authors' code), "
            "and I_f scaled to I_D's total, so that a well-fitted forget set is not missed."
        ),
        source=(
            "Foster, Schoepf & Brintrup, 'Fast Machine Unlearning Without Retraining Through "
            "Selective Synaptic Dampening', AAAI 2024 (arXiv:2308.07707); published α=10, λ=1. "
            "Tuned with `mugui tune`: α=5, λ=1 on digits; α=2, λ=0.5 on Fashion-MNIST."
        ),
        params=(
            Param(
                "alpha",
                5.0,
                1.0,
                1e6,
                "Selection threshold α: dampen a weight only if the forget set finds it α times "
                "more important than the data as a whole (published: 10, which leaves digit 5 at "
                "88% here; 5 leaves a quarter of Fashion-MNIST's sandals). Lower = more weights, "
                "more forgetting.",
            ),
            Param(
                "lam",
                1.0,
                0.0,
                1e3,
                "Dampening constant λ: β = min(λ·I_D/I_f, 1). Lower = stronger shrinking.",
            ),
            Param(
                "samples",
                4000,
                0,
                1_000_000,
                "Training samples used for I_D (0 = all).",
            ),
            Param(
                "batch",
                1,
                1,
                100_000,
                "Importance from gradients of batches of this many samples: 1 = each sample's "
                "squared gradient (the diagonal Fisher); more = each shuffled batch's mean "
                "gradient squared, as the authors' code accumulates it, so pulls that cancel "
                "within a batch do not count.",
            ),
            Param(
                "normalize",
                False,
                help="Scale I_f to the same total as I_D before comparing, so that what counts is "
                "a weight's share of each set's importance. Without it a forget set the model "
                "fits better than the rest (smaller gradients everywhere) finds no weight "
                "specialised for it.",
            ),
        ),
        func=ssd,
    )
)
