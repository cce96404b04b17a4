"""Random labels: teach the forget samples a wrong class while retain batches hold the rest."""

from __future__ import annotations

import numpy as np

from mugui.unlearning.registry import Method, Param, UnlearnRequest, UnlearnResult, register
from mugui.unlearning.stepper import N_CLASSES, Stepper, batches, one_hot


def random_other_labels(labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A uniformly random class different from each true label."""
    shift = rng.integers(1, N_CLASSES, labels.size)
    return ((labels.astype(np.int64) + shift) % N_CLASSES).astype(np.uint8)


def relabel_steps(
    request: UnlearnRequest, stepper: Stepper, title: str, rng: np.random.Generator
) -> dict:
    """The random-label loop shared with SalUn: E passes over the forget set, each forget batch
    relabelled afresh and stacked with a random retain batch for one descent step."""
    p = request.params
    data = request.dataset
    forget = request.forget.indices
    retain = request.forget.retain_indices()
    total = p["epochs"] * -(-forget.size // p["forget_batch"])
    step = 0
    for epoch in range(1, p["epochs"] + 1):
        for f in batches(forget, p["forget_batch"], rng):
            r = rng.choice(retain, min(p["retain_batch"], retain.size), replace=False)
            labels = np.concatenate([random_other_labels(data.train_y[f], rng), data.train_y[r]])
            stepper.step(data.train_x[np.concatenate([f, r])], one_hot(labels))
            step += 1
            request.report(step / total, f"{title}, epoch {epoch}/{p['epochs']}")
        request.report(step / total, f"epoch {epoch} done", stepper.model)
    return {
        "epochs": p["epochs"],
        "steps": step,
        "samples_seen": step * min(p["retain_batch"], retain.size) + p["epochs"] * int(forget.size),
        "forget_samples_seen": p["epochs"] * int(forget.size),
    }


def random_labels(request: UnlearnRequest) -> UnlearnResult:
    """Descend on forget samples relabelled with random other classes, mixed with retain batches."""
    p = request.params
    stepper = Stepper(request.model, p["lr"], p["momentum"])
    info = relabel_steps(request, stepper, "training on random labels", request.rng(5))
    return UnlearnResult(request.model, info)


RELABEL_PARAMS = (
    Param(
        "epochs",
        1,
        1,
        50,
        "Passes over the forget set. The number of steps grows with the forget set, so a few "
        "random samples get a few steps and keep the accuracy the retrained model would give them.",
    ),
    Param(
        "lr",
        0.01,
        1e-6,
        1.0,
        "SGD learning rate (published ~0.01-0.04 for ResNets over 10 epochs; tuned 0.01 with one "
        "epoch for this MLP: larger rates forget no better and damage the neighbouring classes).",
    ),
    Param("momentum", 0.9, 0.0, 0.999, "SGD momentum."),
    Param("forget_batch", 32, 1, 4096, "Forget samples (with random labels) per step."),
    Param(
        "retain_batch",
        128,
        0,
        4096,
        "Retain samples stacked onto each forget batch; they keep the other classes intact (0 = "
        "none, and retain accuracy suffers).",
    ),
)

register(
    Method(
        name="random_labels",
        title="Random labels",
        summary="Relabel forget samples with random wrong classes and train on them with retain data.",
        algorithm=(
            "For E passes over the forget set: give each forget sample of a batch a random class "
            "other than its own (drawn afresh every pass), stack a random retain batch with its true "
            "labels, and take one momentum-SGD cross-entropy step. The wrong labels disagree with "
            "each other, so the model cannot learn them; it only unlearns the true one, while the "
            "retain half keeps the other classes where they were."
        ),
        source=(
            "Graves et al. 2021 ('unlearning by relabelling'); Golatkar et al. 2020; used as RL in "
            "SalUn (Fan et al. 2024). Tuned for this MLP: 1 epoch, lr 0.01, 32 forget + 128 retain per step."
        ),
        params=RELABEL_PARAMS,
        func=random_labels,
    )
)
