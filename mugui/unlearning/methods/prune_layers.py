"""Layer pruning by saliency: remove, in every layer, the weights the forget set leans on most."""

from __future__ import annotations

import numpy as np

from mugui.model import Model
from mugui.unlearning.blocks.forget_stop import ForgetStop, stop_param
from mugui.unlearning.blocks.layer_choice import LAYER_CHOICES, layer_mask
from mugui.unlearning.blocks.saliency import (
    MAX_SAMPLES,
    fresh_values,
    loss_gradient_on,
    top_per_layer,
)
from mugui.unlearning.registry import Method, Param, UnlearnRequest, UnlearnResult, register


def taylor_scores(model: Model, images_u8: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """−g ⊙ θ per parameter, g the gradient of the mean loss on these samples: the first-order
    rise of that loss if the parameter were set to zero."""
    if images_u8.shape[0] > MAX_SAMPLES:
        chosen = np.random.default_rng(0).choice(images_u8.shape[0], MAX_SAMPLES, replace=False)
        images_u8, labels = images_u8[chosen], labels[chosen]
    return -loss_gradient_on(model, images_u8, labels) * model.params


def forget_saliency(request: UnlearnRequest) -> np.ndarray:
    """How much more removing each parameter would hurt the forget set than the retain set:
    Taylor score on the forget set minus that on (a sample of) the retain set."""
    data = request.dataset
    forget = request.forget.indices
    retain = request.forget.retain_indices()
    if retain.size > MAX_SAMPLES:
        retain = request.rng(4).choice(retain, MAX_SAMPLES, replace=False)
    on_forget = taylor_scores(request.model, data.train_x[forget], data.train_y[forget])
    on_retain = taylor_scores(request.model, data.train_x[retain], data.train_y[retain])
    return on_forget - on_retain


def prune_layers(request: UnlearnRequest) -> UnlearnResult:
    """Score every parameter, then zero (or re-draw) the top ``fraction`` of each chosen layer; with
    ``stop_at``, in steps of ``step`` re-scored each time, until the forget probe is under it."""
    p = request.params
    model = request.model
    rng = request.rng(3)
    request.report(0.1, "scoring weights")
    info: dict = {"criterion": p["criterion"], "mode": p["mode"], "layers": p["layers"]}
    mask = layer_mask(model, p["layers"])
    allowed = np.ones(model.params.size, dtype=bool) if mask is None else mask > 0
    if p["criterion"] == "random":
        scores = rng.random(model.params.size)
        chosen = top_per_layer(model, scores, p["fraction"]) & allowed
        replacement = _replacement(model, p["mode"], rng)
    elif p["stop_at"] > 0.0:
        replacement = _replacement(model, p["mode"], rng)
        chosen, scores, info["pruning_steps"], info["forget_probe_under_stop_at"] = _prune_in_steps(
            request, replacement, allowed
        )
    else:
        scores = forget_saliency(request)
        chosen = top_per_layer(model, scores, p["fraction"]) & allowed
        replacement = _replacement(model, p["mode"], rng)
    model.params[chosen] = replacement[chosen]
    request.report(1.0, "weights pruned", model)
    info["params_changed"] = int(chosen.sum())
    info["params_changed_per_layer"] = [
        int(chosen[w.start : b.stop].sum()) for w, b in model.layer_slices()
    ]
    info["saliency_removed"] = float(scores[chosen].sum()) if p["criterion"] != "random" else None
    return UnlearnResult(model, info)


def _replacement(model: Model, mode: str, rng: np.random.Generator) -> np.ndarray:
    """What pruned weights become: zeros, or values drawn as at initialisation."""
    return np.zeros_like(model.params) if mode == "zero" else fresh_values(model, rng)


def _prune_in_steps(
    request: UnlearnRequest, replacement: np.ndarray, allowed: np.ndarray
) -> tuple[np.ndarray, np.ndarray, int, bool]:
    """Prune ``step`` of each layer at a time, scoring the weights left anew after each step
    (removing some weights changes which others the forget set leans on), until the forget
    probe is under ``stop_at`` or ``fraction`` of each layer is gone. After k steps each layer
    has lost what a one-shot pruning of k·step would take from it (rounded), so a layer too
    small to lose a weight per step still loses one every few steps. Returns the mask of pruned
    weights, each one's score when it was chosen, the steps taken and whether the probe got
    under ``stop_at``. Only ``allowed`` weights are pruned."""
    p = request.params
    model = request.model
    stop = ForgetStop(request, p["stop_at"], probe_size=MAX_SAMPLES)
    chosen = np.zeros(model.params.size, dtype=bool)
    scored_at = np.zeros(model.params.size)
    steps = max(1, round(p["fraction"] / p["step"]))
    for step in range(1, steps + 1):
        scores = forget_saliency(request)
        scores[chosen] = np.inf  # kept among the top: pruned already
        now = top_per_layer(model, scores, min(step * p["step"], p["fraction"]))
        now &= allowed & ~chosen
        chosen |= now
        scored_at[now] = scores[now]
        model.params[now] = replacement[now]
        request.report(0.1 + 0.9 * step / steps, f"pruning step {step}")
        if stop.reached(step):
            return chosen, scored_at, step, True
    return chosen, scored_at, steps, False


register(
    Method(
        name="prune_layers",
        title="Prune salient weights in every layer",
        summary="Zero or re-draw the weights of every layer that the forget set relies on most.",
        algorithm=(
            "Score each parameter by −g·θ, g the gradient of the mean cross-entropy: the first-order "
            "increase of the loss if that parameter were removed (a Taylor / SNIP-style saliency). "
            "The criterion is this score on the forget set minus the same on the retain set, so "
            "weights both sets rely on are spared. In every layer, hidden and output alike (or "
            "only the dense layers, or only the output layer, as layers says), the "
            "top fraction by score is set to zero or re-drawn from the initial distribution. No "
            "training follows, so the retain accuracy pays for whatever the pruned weights also "
            "served. criterion = random prunes the same number of weights at random, for "
            "comparison: it shows that the choice, not the amount, does the forgetting. With "
            "stop_at set, the pruning goes in steps of a small share of each layer (after k "
            "steps each layer has lost what pruning k steps' worth at once would take from it, "
            "so a small layer loses a weight every few steps): after each step the weights left "
            "are scored anew on the pruned model, and it stops as soon as "
            "(up to 2,048 of) the forget samples are answered right less often than stop_at, or "
            "fraction is gone."
        ),
        source=(
            "Improves on the seed notebook (which zeroed hidden unit #c); saliency after Molchanov "
            "et al. 2017 (Taylor pruning) and Lee et al. 2019 (SNIP)."
        ),
        params=(
            Param(
                "fraction",
                0.008,
                0.0,
                1.0,
                "Share of each layer's parameters to remove. Under 1% of the most salient ones "
                "erases a class here; for random samples any pruning costs the retain set more "
                "than it forgets (keep it at 0.002 or below). With stop_at set: the most it may "
                "remove.",
            ),
            stop_param(
                help="With a value above 0: prune step by step (step of each layer at a time, "
                "the weights left scored anew after each step) and stop as soon as the accuracy "
                "on (up to 2,048 of) the forget samples is under this, or fraction is reached "
                "(0 = prune fraction at once). How much must go to erase a class varies with "
                "the network and seed."
            ),
            Param(
                "step",
                0.00025,
                1e-5,
                1.0,
                "Share of each layer's parameters removed per step when stop_at is set.",
            ),
            Param(
                "mode",
                "zero",
                help="zero: set them to 0. randomise: re-draw them as at initialisation.",
                choices=("zero", "randomise"),
            ),
            Param(
                "layers",
                "all",
                help="Which layers lose weights: all (the method's name), the dense layers only "
                "(on a CNN its head, the convolutions every class shares kept as they are; on an "
                "MLP the same as all), or the output layer only.",
                choices=LAYER_CHOICES,
            ),
            Param(
                "criterion",
                "taylor",
                help="taylor: −gradient×weight, forget minus retain (the real criterion). random: "
                "the same count chosen at random, as a baseline.",
                choices=("taylor", "random"),
            ),
        ),
        func=prune_layers,
    )
)
