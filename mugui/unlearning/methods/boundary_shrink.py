"""Boundary shrink (Chen et al. 2023): move forget samples across their nearest decision boundary."""

from __future__ import annotations

import numpy as np

from mugui.unlearning.registry import Method, Param, UnlearnRequest, UnlearnResult, register
from mugui.unlearning.stepper import Stepper, batches, one_hot, to_inputs
from mugui_kernels.unlearning_input_gradient import input_gradient


def neighbour_labels(
    model, images_u8: np.ndarray, labels: np.ndarray, epsilon: float
) -> np.ndarray:
    """The class an FGSM step x + ε·sign(∇ₓ loss) pushes each sample into; where the step is too
    short to leave the true class, the runner-up class of the perturbed input."""
    x = to_inputs(images_u8)
    grad = input_gradient(model.params, model.sizes_array, x, one_hot(labels))
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
    rng = request.rng(5)
    stepper = Stepper(model, p["lr"], p["momentum"])
    per_epoch = -(-forget.size // p["batch_size"])
    total = p["epochs"] * per_epoch
    step = 0
    for epoch in range(1, p["epochs"] + 1):
        for batch in batches(forget, p["batch_size"], rng):
            new_labels = np.array([by_index[i] for i in batch.tolist()])
            stepper.step(data.train_x[batch], one_hot(new_labels))
            step += 1
            request.report(0.05 + 0.95 * step / total, f"shrinking, epoch {epoch}/{p['epochs']}")
        request.report(0.05 + 0.95 * step / total, f"epoch {epoch} done", model)
    counts = np.bincount(targets, minlength=10)
    info = {
        "neighbour_class_counts": counts.tolist(),
        "most_common_neighbour": int(counts.argmax()),
        "steps": step,
        "samples_seen": int(p["epochs"] * forget.size),
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
                0.1,
                0.0,
                1.0,
                "FGSM step in pixel units (0..1); Chen et al. bound the attack at 0.1 … larger steps "
                "reach farther, less specific classes.",
            ),
            Param("epochs", 2, 1, 100, "Passes over the relabelled forget set."),
            Param(
                "lr",
                0.002,
                1e-6,
                1.0,
                "Learning rate. Only forget samples are shown, so a large rate drags the "
                "neighbouring classes' boundaries too and costs retain accuracy.",
            ),
            Param("momentum", 0.9, 0.0, 0.999, "SGD momentum."),
            Param("batch_size", 64, 1, 4096, "Forget samples per step."),
        ),
        func=boundary_shrink,
    )
)
