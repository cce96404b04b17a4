"""Boundary shrink (Chen et al. 2023): move forget samples across their nearest decision boundary."""

from __future__ import annotations

import numpy as np

from mugui import network_kernels
from mugui.training.kernel_args import step_settings
from mugui.unlearning.blocks import params as shared
from mugui.unlearning.blocks.batch_loop import BatchLoop
from mugui.unlearning.registry import Method, Param, UnlearnRequest, UnlearnResult, register
from mugui.unlearning.stepper import Stepper, one_hot, to_inputs


def neighbour_labels(
    model, images_u8: np.ndarray, labels: np.ndarray, epsilon: float
) -> np.ndarray:
    """The class an FGSM step x + ε·sign(∇ₓ loss) pushes each sample into; where the step is too
    short to leave the true class, the runner-up class of the perturbed input."""
    x = to_inputs(images_u8)
    grad = network_kernels.input_gradient(model, x, one_hot(labels))
    perturbed = np.clip(x + np.float32(epsilon) * np.sign(grad), 0.0, 1.0).astype(np.float32)
    probs = model.predict_proba(perturbed)
    probs[np.arange(labels.size), labels] = -1.0  # never the true class
    return probs.argmax(axis=1)


def boundary_shrink(request: UnlearnRequest) -> UnlearnResult:
    """Relabel each forget sample with its FGSM neighbour class and train the model on those."""
    p = request.params
    model = request.model
    data = request.dataset
    forget = request.forget.indices
    labels = data.train_y[forget].astype(np.int64)
    request.report(0.05, "finding the nearest boundaries (FGSM)")
    targets = neighbour_labels(model, data.train_x[forget], labels, p["epsilon"])
    by_index = dict(zip(forget.tolist(), targets.tolist(), strict=True))
    stepper = Stepper(model, step_settings(p["lr"], p["momentum"]))
    loop = BatchLoop(
        request, forget, p["batch_size"], p["epochs"], request.rng(5), "shrinking", (0.05, 0.95)
    )
    for batch in loop:
        new_labels = np.array([by_index[i] for i in batch.tolist()])
        stepper.step(data.train_x[batch], one_hot(new_labels))
    counts = np.bincount(targets, minlength=10)
    info = {
        "neighbour_class_counts": counts.tolist(),
        "most_common_neighbour": int(counts.argmax()),
        **loop.info(),
    }
    return UnlearnResult(model, info)


register(
    Method(
        name="boundary_shrink",
        title="Boundary shrink",
        summary="Relabel forget samples by the class an FGSM step pushes them to, and train on that.",
        algorithm=(
            "For each forget sample x with label y, take one FGSM step x' = clip(x + ε·sign(∇ₓ CE(x, y))) "
            "and read the class the model now gives x' (the runner-up if it still says y): the "
            "nearest wrong class across the decision boundary. Then train the model for E epochs on "
            "the forget samples with those neighbour labels only. The forgotten region is absorbed "
            "by its neighbours, shrinking its boundary, instead of being scattered at random; "
            "no retain data is needed."
        ),
        source=(
            "Chen et al., 'Boundary Unlearning: Rapid Forgetting of Deep Networks via Shifting the "
            "Decision Space', CVPR 2023 (arXiv:2303.11570)."
        ),
        params=(
            Param(
                "epsilon",
                0.05,
                0.0,
                1.0,
                "FGSM step in pixel units (0..1); Chen et al. bound the attack at 0.1 … larger steps "
                "reach farther, less specific classes (0.1 costs Fashion-MNIST 6 points of "
                "retain accuracy).",
            ),
            shared.epochs(2, "Passes over the relabelled forget set.", high=100),
            shared.learning_rate(
                0.001,
                "Learning rate. Only forget samples are shown, so a large rate drags the "
                "neighbouring classes' boundaries too and costs retain accuracy.",
            ),
            *shared.sgd("Forget samples per step."),
        ),
        func=boundary_shrink,
    )
)
