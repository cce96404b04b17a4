"""Uniform target: train the forget samples toward 'no idea' (1/10 for every class)."""

from __future__ import annotations

import numpy as np

from mugui.training.kernel_args import step_settings
from mugui.unlearning.blocks import params as shared
from mugui.unlearning.blocks.batch_loop import BatchLoop
from mugui.unlearning.registry import Method, UnlearnRequest, UnlearnResult, register
from mugui.unlearning.stepper import N_CLASSES, Stepper, one_hot


def uniform_target(request: UnlearnRequest) -> UnlearnResult:
    """Descend on CE(forget batch, uniform) stacked with CE(retain batch, true labels).

    The cross-entropy against the uniform distribution is minimal when the model outputs 1/10
    everywhere, so the forget samples end with near-maximal entropy instead of a wrong class.
    """
    p = request.params
    model = request.model
    data = request.dataset
    forget = request.forget.indices
    retain = request.forget.retain_indices()
    stepper = Stepper(model, step_settings(p["lr"], p["momentum"]))
    uniform = np.full((p["forget_batch"], N_CLASSES), 1.0 / N_CLASSES, dtype=np.float32)
    loop = BatchLoop(
        request, forget, p["forget_batch"], p["epochs"], request.rng(7), "pulling toward uniform"
    )
    for f, r in loop.with_retain(retain, p["retain_batch"]):
        targets = np.concatenate([uniform[: f.size], one_hot(data.train_y[r])])
        stepper.step(data.train_x[np.concatenate([f, r])], targets)
    info = loop.info(retain_per_step=min(p["retain_batch"], retain.size))
    info["forget_mean_entropy_bits"] = _mean_entropy_bits(model.predict_proba(data.train_x[forget]))
    info["max_entropy_bits"] = float(np.log2(N_CLASSES))
    return UnlearnResult(model, info)


def _mean_entropy_bits(probs: np.ndarray) -> float:
    return float(-(probs * np.log2(np.clip(probs, 1e-12, 1.0))).sum(axis=1).mean())


register(
    Method(
        name="uniform_target",
        title="Uniform target",
        summary="Train the forget samples toward equal probability for every class.",
        algorithm=(
            "For E passes over the forget set: stack a forget batch whose target is the uniform "
            "distribution (0.1 for each digit) with a random retain batch with its true one-hot "
            "labels, and take one momentum-SGD cross-entropy step. The forget samples end with "
            "near-maximal entropy (log2 10 = 3.32 bits): the model says 'no idea' rather than a wrong "
            "class. Its argmax is then close to a coin toss among near-ties, so about a tenth of the "
            "forget samples stay 'right' by chance. Unlike retraining, which confidently calls a 5 "
            "a 3 or a 6, this leaves a fingerprint: high entropy on exactly the forgotten data."
        ),
        source=(
            "The seed project's MNIST digit-5 notebook (train the 5s toward a uniform output); "
            "close to 'confuse' objectives of Chundawat et al. 2023. Tuned for this MLP: 3 epochs, "
            "lr 0.02, 64 forget + 128 retain per step (forget entropy ~2.9 of 3.32 bits)."
        ),
        params=(
            shared.epochs(3, "Passes over the forget set."),
            shared.learning_rate(
                0.02,
                "SGD learning rate. Higher rates flatten the forget outputs further (more entropy) "
                "at some cost to the retain set.",
            ),
            *shared.sgd("Forget samples (target: uniform) per step.", "forget_batch"),
            shared.batch_size(
                "Retain samples stacked onto each forget batch to keep the other classes (0 = none).",
                128,
                "retain_batch",
                low=0,
            ),
        ),
        func=uniform_target,
    )
)
