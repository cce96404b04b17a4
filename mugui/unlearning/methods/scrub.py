"""SCRUB: a student that moves away from the original teacher on forget data and stays close on retain data."""

from __future__ import annotations

import numpy as np

from mugui.training.kernel_args import step_settings
from mugui.unlearning.blocks import params as shared
from mugui.unlearning.blocks.batch_loop import steps_per_epoch
from mugui.unlearning.blocks.distillation import teacher_probs
from mugui.unlearning.registry import Method, Param, UnlearnRequest, UnlearnResult, register
from mugui.unlearning.stepper import Stepper, batches, one_hot


def scrub(request: UnlearnRequest) -> UnlearnResult:
    """Alternate max-epochs (ascend KL(teacher‖student) at T on forget batches) with min-epochs
    (descend γ·CE + α·KL on retain batches), for ``epochs`` epochs of which the first
    ``max_epochs`` include a max pass.

    The max-step is one kernel step toward the teacher's softened outputs with sample weight −1.
    The min-step's KL term is taken at T=1 so that it folds into one step with the CE term:
    target (γ·one-hot + α·teacher) / (γ+α), weight γ+α (at α=0.001 the difference is nil).
    """
    p = request.params
    model = request.model
    data = request.dataset
    forget = request.forget.indices
    retain = request.forget.retain_indices()
    rng = request.rng(9)
    gamma, alpha, temperature = p["gamma"], p["alpha"], p["temperature"]
    forget_soft = teacher_probs(model, data.train_x[forget], temperature)
    max_epochs = min(p["max_epochs"], p["epochs"])
    retain_batch = min(p["batch_size"], retain.size)
    n_min = p["epochs"] * p["retain_batches"]
    picks = retain[
        np.array(
            [rng.choice(retain.size, retain_batch, replace=False) for _ in range(n_min)],
            dtype=np.int64,
        ).reshape(n_min * retain_batch)
    ]
    retain_targets = (
        gamma * one_hot(data.train_y[picks])
        + alpha * teacher_probs(model, data.train_x[picks], 1.0)
    ) / (gamma + alpha)
    descend = step_settings(p["lr"], p["momentum"])
    ascend_soft = step_settings(
        p["lr"], p["momentum"], temperature=temperature, clip_norm=p["clip_norm"]
    )
    stepper = Stepper(model, descend)
    total = max_epochs * steps_per_epoch(forget.size, p["batch_size"]) + n_min
    step = max_steps = min_steps = 0
    for epoch in range(1, p["epochs"] + 1):
        if epoch <= max_epochs:
            stepper.settings = ascend_soft
            for f in batches(np.arange(forget.size), p["batch_size"], rng):
                ascend = np.full(f.size, -1.0, dtype=np.float32)
                stepper.step(data.train_x[forget[f]], forget_soft[f], ascend)
                step += 1
                max_steps += 1
                request.report(step / total, f"max-step {max_steps}, epoch {epoch}/{p['epochs']}")
        stepper.settings = descend
        weight = np.full(retain_batch, gamma + alpha, dtype=np.float32)
        for _ in range(p["retain_batches"]):
            rows = slice(min_steps * retain_batch, (min_steps + 1) * retain_batch)
            stepper.step(data.train_x[picks[rows]], retain_targets[rows], weight)
            step += 1
            min_steps += 1
            request.report(step / total, f"min-step {min_steps}, epoch {epoch}/{p['epochs']}")
        request.report(step / total, f"epoch {epoch} done", model)
    info = {
        "epochs": p["epochs"],
        "max_epochs": max_epochs,
        "steps": step,
        "max_steps": max_steps,
        "min_steps": min_steps,
        "samples_seen": max_epochs * int(forget.size) + min_steps * retain_batch,
    }
    return UnlearnResult(model, info)


register(
    Method(
        name="scrub",
        title="SCRUB",
        summary="Max-steps push the student away from the original on forget data; min-steps keep it on retain data.",
        algorithm=(
            "Teacher: the original model; student: a copy. For E epochs: in the first M epochs, a "
            "max pass over the forget set ascends KL(teacher_T ‖ student_T) at temperature T "
            "(one momentum-SGD step per forget batch toward the teacher's softened outputs, with "
            "the sign flipped); then a min pass takes R retain batches descending "
            "γ·CE(labels) + α·KL(teacher ‖ student). The min passes repair what the max passes "
            "break on the retain set. (Here the min-step KL is taken at T=1 so it folds into the "
            "same kernel step; with α=0.001 it changes nothing measurable.)"
        ),
        source=(
            "Kurmanji et al., 'Towards Unbounded Machine Unlearning', NeurIPS 2023; published γ=0.99, "
            "α=0.001, T=4, 2 max-epochs of 3, SGD lr 5e-4 momentum 0.9, whole retain set per "
            "min-epoch (ResNets). Tuned for this MLP: same γ, α, T, M=2 of E=3, lr 0.005, "
            "max-step gradients clipped to norm 2, 16 retain batches of 64 per epoch."
        ),
        params=(
            shared.epochs(3, "Epochs E (published 3)."),
            Param(
                "max_epochs",
                2,
                0,
                50,
                "How many of the first epochs include a max pass over the forget set (published 2).",
            ),
            Param(
                "retain_batches",
                16,
                0,
                1000,
                "Retain batches per min pass. The paper runs the whole retain set each epoch, which "
                "here would cost a fifth of a retraining; a few batches repair enough.",
            ),
            Param(
                "gamma", 0.99, 0.0, 10.0, "Weight γ of the retain cross-entropy (published 0.99)."
            ),
            Param(
                "alpha",
                0.001,
                0.0,
                10.0,
                "Weight α of the retain KL to the teacher (published 0.001).",
            ),
            Param(
                "temperature",
                4.0,
                0.1,
                20.0,
                "Temperature T of the forget KL (published 4): higher T spreads the push over all "
                "classes instead of just the top one.",
            ),
            shared.learning_rate(
                0.005,
                "SGD learning rate for both kinds of step (published 5e-4 for ResNets, far too small "
                "for a few steps on this MLP; on full Fashion-MNIST, whose 6,000 forget samples "
                "make eight times the digits' max-steps, 0.005 costs 8 points of retain accuracy "
                "and 0.01 16, hence 0.001 there).",
            ),
            Param(
                "clip_norm",
                2.0,
                0.0,
                100.0,
                "Largest gradient norm of a max-step (0 = none; the paper does not clip). The "
                "ascent feeds on itself, since the gradient grows as student and teacher part; "
                "without a clip a few steps too many collapse the model.",
            ),
            shared.momentum("SGD momentum (published 0.9)."),
            shared.batch_size("Samples per step, forget and retain."),
        ),
        func=scrub,
    )
)
