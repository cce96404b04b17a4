"""Fisher forgetting (Golatkar et al. 2020): noise where the retain set does not pin the weights."""

from __future__ import annotations

import numpy as np

from mugui.model import Model
from mugui.unlearning.blocks.fisher_information import fisher_information
from mugui.unlearning.registry import Method, Param, UnlearnRequest, UnlearnResult, register

CLASS_VARIANCE = 1e-4  # a forgotten class's output unit: mean 0, this variance (Golatkar's code)


def noise_variance(model: Model, fisher: np.ndarray, alpha: float, clamp: float) -> np.ndarray:
    """Golatkar et al.'s variance: α·min(1/(F+ε), clamp) (clamp/10 in the output layer),
    averaged over each unit's incoming weights, ×10 in the output layer."""
    variance = np.minimum(1.0 / (fisher.astype(np.float64) + 1e-8), clamp)
    slices = model.layer_slices()
    out_w, out_b = slices[-1]
    variance[out_w.start : out_b.stop] = np.minimum(variance[out_w.start : out_b.stop], clamp / 10)
    variance *= alpha
    for (w, _), (fan_in, fan_out) in zip(slices, model.layer_shapes(), strict=True):
        block = variance[w].reshape(fan_in, fan_out)
        block[:] = block.mean(axis=0, keepdims=True)  # one variance per unit
    variance[out_w.start : out_b.stop] *= 10
    return variance


def fisher_forgetting(request: UnlearnRequest) -> UnlearnResult:
    """θ ← μ + √var·N(0, 1), var from the retain set's Fisher; a forgotten class's output unit
    gets μ = 0 and a tiny variance, as in Golatkar et al.'s code."""
    p = request.params
    model = request.model
    data = request.dataset
    retain = request.forget.retain_indices()
    rng = request.rng(7)
    if p["samples"] and retain.size > p["samples"]:
        retain = np.sort(rng.choice(retain, p["samples"], replace=False))
    fisher = fisher_information(
        model, data.train_x[retain], data.train_y[retain], True, request, (0.0, 0.9)
    )
    variance = noise_variance(model, fisher, p["alpha"], p["clamp"])
    weights, biases = model.layers()[-1]
    classes = list(request.forget.classes) if p["zero_class_output"] else []
    if classes:
        weights[:, classes] = 0.0
        biases[classes] = 0.0
        out_w, out_b = model.layer_slices()[-1]
        unit = np.zeros(model.params.size, dtype=bool)
        unit[out_w] = np.isin(np.arange(out_w.stop - out_w.start) % model.sizes[-1], classes)
        unit[out_b.start + np.asarray(classes)] = True
        variance[unit] = CLASS_VARIANCE
    std = np.sqrt(variance).astype(np.float32)
    noise = std * rng.standard_normal(model.params.size, dtype=np.float32)
    model.params += noise
    request.report(1.0, "noise added", model)
    info = {
        "retain_samples_used": int(retain.size),
        "fisher_median": float(np.median(fisher)),
        "clamped_fraction": float((fisher < 1.0 / p["clamp"] - 1e-8).mean()),
        "noise_std_median": float(np.median(std)),
        "noise_std_max": float(std.max()),
        "noise_norm": float(np.linalg.norm(noise)),
        "weights_norm": float(np.linalg.norm(model.params - noise)),
        "class_outputs_zeroed": classes,
    }
    return UnlearnResult(model, info)


register(
    Method(
        name="fisher",
        title="Fisher forgetting",
        summary="Add Gaussian noise, large where the retain set's Fisher information is small.",
        algorithm=(
            "Measure the diagonal Fisher information F of the retain set: for each weight, the mean "
            "over retain samples of the squared gradient of the log-likelihood, with labels drawn "
            "from the model's own softmax (for a dense layer Σ_i (x_i ⊗ δ_i)² = (X²)ᵀ(Δ²), one matrix "
            "product). Then add noise N(0, var) with var = α·min(1/(F+ε), clamp), averaged over each "
            "unit's incoming weights (output layer: clamp/10, then ×10), as in the authors' code. "
            "Weights the retain set relies on (large F) barely move; weights it does not constrain, "
            "where forget-only knowledge can live, are scrambled. When a whole class is forgotten, "
            "its output unit is also set to mean 0 with a tiny variance, again as in their code: "
            "on this MLP the retain Fisher is small almost everywhere, so the noise alone is nearly "
            "uniform and that output step does most of the class forgetting."
        ),
        source=(
            "Golatkar, Achille & Soatto, 'Eternal Sunshine of the Spotless Net', CVPR 2020 "
            "(arXiv:1911.04933); α 1e-7…3e-6 and the variance clamp as in their code. Tuned "
            "with `mugui tune` on digits and Fashion-MNIST: α=3e-7."
        ),
        params=(
            Param(
                "alpha",
                3e-7,
                0.0,
                1e-2,
                "Noise scale α: variance = α/F. Golatkar et al. use 1e-7…3e-6. Larger α forgets "
                "more and damages the retain accuracy more (1e-6 costs Fashion-MNIST 2 points).",
            ),
            Param(
                "clamp",
                1000.0,
                1.0,
                1e8,
                "Upper bound on 1/F (Golatkar et al.: 1000), so weights with zero Fisher get at "
                "most √(α·clamp) of noise instead of infinite noise.",
            ),
            Param(
                "zero_class_output",
                True,
                help="When forgetting a whole class, give its output unit mean 0 (Golatkar et al.'s "
                "code does). Switch off to see what the Fisher noise does on its own.",
            ),
            Param(
                "samples",
                4000,
                0,
                1_000_000,
                "Retain samples used to estimate F (0 = all). A few thousand give a stable "
                "estimate at a fraction of the cost.",
            ),
        ),
        func=fisher_forgetting,
    )
)
