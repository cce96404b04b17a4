"""Gradient ascent (NegGrad): climb the loss on the forget set, with nothing to hold the rest in place."""

from __future__ import annotations

import numpy as np

from mugui.evaluation import accuracy
from mugui.training.kernel_args import step_settings
from mugui.unlearning.blocks import params as shared
from mugui.unlearning.blocks.batch_loop import BatchLoop
from mugui.unlearning.blocks.forget_stop import ForgetStop, stop_param
from mugui.unlearning.blocks.layer_choice import LAYER_CHOICES, layer_mask
from mugui.unlearning.registry import Method, Param, UnlearnRequest, UnlearnResult, register
from mugui.unlearning.stepper import Stepper, one_hot


def gradient_ascent(request: UnlearnRequest) -> UnlearnResult:
    """``epochs`` passes over the forget set, each step ascending its cross-entropy.

    Every sample has weight -1 (with ``remembered_only``, only those the model still answers
    right; the others 0), the gradient norm is clipped to ``clip_norm`` so a step cannot
    explode, and the loss is unbounded above, so the longer it runs the more the whole model
    collapses. The info records retain accuracy before and after, to show that damage.
    """
    p = request.params
    model = request.model
    data = request.dataset
    forget = request.forget.indices
    retain_probe = _probe(request.forget.retain_indices(), request.rng(2))
    retain_before = accuracy(model, data.train_x[retain_probe], data.train_y[retain_probe])
    mask = layer_mask(model, p["layers"])
    settings = step_settings(p["lr"], p["momentum"], clip_norm=p["clip_norm"], mask=mask)
    stepper = Stepper(model, settings)
    loop = BatchLoop(
        request, forget, p["batch_size"], p["epochs"], request.rng(3), "ascending the forget loss"
    )
    stop = ForgetStop(request, p["stop_at"])
    for batch in loop:
        ascend = np.full(batch.size, -1.0, dtype=np.float32)
        if p["remembered_only"]:  # a sample already answered wrongly climbs no further
            ascend[model.predict(data.train_x[batch]) != data.train_y[batch]] = 0.0
        stepper.step(data.train_x[batch], one_hot(data.train_y[batch]), ascend)
        if stop.reached(loop.steps):
            break
    info = stop.record(loop.info())
    info["retain_accuracy_before"] = retain_before
    info["retain_accuracy_after"] = accuracy(
        model, data.train_x[retain_probe], data.train_y[retain_probe]
    )
    info["note"] = "gradient ascent alone damages the retain set; compare the two retain accuracies"
    return UnlearnResult(model, info)


def _probe(retain: np.ndarray, rng: np.random.Generator, size: int = 2000) -> np.ndarray:
    return retain if retain.size <= size else rng.choice(retain, size, replace=False)


register(
    Method(
        name="gradient_ascent",
        title="Gradient ascent (NegGrad)",
        summary="Climb the loss on the forget set; forgets, and damages everything else.",
        algorithm=(
            "Run momentum SGD on the forget set with the sign of the cross-entropy gradient flipped "
            "(sample weight -1), clipping the gradient norm to c. Nothing anchors the retain set: "
            "the loss is unbounded above, the cheapest way to raise it is to break features every "
            "class shares, and the model collapses unless stopped early. The result reports retain "
            "accuracy before and after, so the damage is visible, not hidden. Two guards, both "
            "off by default: stop_at ends the run once (up to 256 of) the forget samples are "
            "answered right less often than that, checked after every step; remembered_only "
            "gives weight 0 to the forget samples of a batch the model already answers wrong, so "
            "only what is still remembered climbs."
        ),
        source=(
            "NegGrad as in Golatkar et al. 2020 and Thudi et al. 2022; published lr 1e-4...1e-3 with "
            "gradient clipping (ResNets). Tuned for this MLP: lr 0.01, clip 1, 2 epochs (forget accuracy 0, retain ~72%)."
        ),
        params=(
            shared.epochs(2, "Passes over the forget set. More epochs: more collapse."),
            shared.learning_rate(
                0.01,
                "Ascent learning rate (published 1e-4...1e-3 for ResNets; 0.01 here forgets a whole "
                "class in one epoch). Lower it to see the forget accuracy fall slowly.",
            ),
            Param(
                "clip_norm",
                1.0,
                0.0,
                100.0,
                "Largest gradient norm per step (0 = no clipping); without it one step can wreck the "
                "model, since the ascent gradient grows as predictions become confidently wrong.",
            ),
            *shared.sgd("Forget samples per step."),
            stop_param(),
            Param(
                "layers",
                "all",
                help="Which weights climb: all, the dense layers only (on a CNN its head, the "
                "convolutions every class shares kept as they are; on an MLP the same as all), "
                "or the output layer only.",
                choices=LAYER_CHOICES,
            ),
            Param(
                "remembered_only",
                False,
                help="Climb only on the forget samples the model still answers right, checked "
                "in every batch before its step (a sample already forgotten weighs 0). Without "
                "it, forgotten samples keep pushing their wrong answer up and the true one down, "
                "which is what breaks the other classes.",
            ),
        ),
        func=gradient_ascent,
    )
)
