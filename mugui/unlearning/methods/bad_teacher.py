"""Bad teacher: distil the competent original on retain data and a random network on forget data."""

from __future__ import annotations

import numpy as np

from mugui.model import Model
from mugui.unlearning.registry import Method, Param, UnlearnRequest, UnlearnResult, register
from mugui.unlearning.stepper import Stepper, batches


def teacher_probs(teacher: Model, images: np.ndarray, temperature: float) -> np.ndarray:
    """softmax(logits / T) of ``teacher`` on uint8 ``images``, as distillation targets."""
    w_out, b_out = teacher.layers()[-1]
    logits = teacher.hidden(images, len(teacher.hidden_sizes) - 1) @ w_out + b_out
    scaled = logits / np.float32(temperature)
    scaled -= scaled.max(axis=1, keepdims=True)
    e = np.exp(scaled)
    return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)


PROBE = 256  # forget samples on which the candidate teachers are compared


def _incompetent_teacher(request: UnlearnRequest, draws: int, rng: np.random.Generator) -> Model:
    """Of ``draws`` randomly initialised MLPs, the one least accurate on the forget set.

    A random network can be right by chance on a whole class (its arbitrary features map most
    5s to two or three classes, often including 5), and the student would inherit that.
    """
    data = request.dataset
    forget = request.forget.indices
    probe = forget if forget.size <= PROBE else rng.choice(forget, PROBE, replace=False)
    candidates = [Model.init(request.model.sizes, int(rng.integers(2**31))) for _ in range(draws)]
    right = [(m.predict(data.train_x[probe]) == data.train_y[probe]).mean() for m in candidates]
    return candidates[int(np.argmin(right))]


def bad_teacher(request: UnlearnRequest) -> UnlearnResult:
    """E passes over forget ∪ (a share of retain), matching each sample to its teacher at τ."""
    p = request.params
    model = request.model
    data = request.dataset
    forget = request.forget.indices
    retain = request.forget.retain_indices()
    rng = request.rng(8)
    tau = p["temperature"]
    incompetent = _incompetent_teacher(request, p["teacher_draws"], rng)
    n_retain = max(1, round(p["retain_fraction"] * retain.size))
    retain_part = rng.choice(retain, n_retain, replace=False)
    chosen = np.concatenate([forget, retain_part])
    targets = np.concatenate(
        [
            teacher_probs(incompetent, data.train_x[forget], tau),
            teacher_probs(model, data.train_x[retain_part], tau),
        ]
    )
    position = np.arange(chosen.size)
    stepper = Stepper(model, p["lr"], p["momentum"], temperature=tau)
    total = p["epochs"] * -(-chosen.size // p["batch_size"])
    step = 0
    for epoch in range(1, p["epochs"] + 1):
        for b in batches(position, p["batch_size"], rng):
            stepper.step(data.train_x[chosen[b]], targets[b])
            step += 1
            request.report(
                step / total, f"distilling from two teachers, epoch {epoch}/{p['epochs']}"
            )
        request.report(step / total, f"epoch {epoch} done", model)
    info = {
        "epochs": p["epochs"],
        "steps": step,
        "samples_seen": p["epochs"] * int(chosen.size),
        "retain_samples_used": int(n_retain),
        "forget_samples_used": int(forget.size),
    }
    return UnlearnResult(model, info)


register(
    Method(
        name="bad_teacher",
        title="Bad teacher (competent/incompetent distillation)",
        summary="Distil from the original on retain data and from a random network on forget data.",
        algorithm=(
            "Two teachers: the original model (competent) and a freshly initialised MLP of the same "
            "shape (incompetent; of several random draws, the one least accurate on the forget set). The student starts as the original. For E epochs over the forget "
            "set plus a random share of the retain set, mixed and shuffled, minimise "
            "KL(teacher_T ‖ student_T) at temperature τ, where the teacher is the incompetent one for "
            "forget samples and the competent one for retain samples. The forget samples inherit the "
            "random network's arbitrary, low-confidence answers; the retain samples keep the "
            "original's."
        ),
        source=(
            "Chundawat et al., 'Can Bad Teaching Induce Forgetting?', AAAI 2023; published 1 epoch on "
            "forget + 30% of retain, τ=1, Adam lr 1e-4 (ResNets). Tuned for this MLP: 1 epoch, "
            "30% of retain, τ=0.1, SGD lr 0.05 momentum 0.9, batch 64, and the incompetent teacher "
            "chosen as the least accurate on the forget set of 8 random draws (a mugui addition)."
        ),
        params=(
            Param(
                "retain_fraction",
                0.3,
                0.0,
                1.0,
                "Share of the retain set distilled from the competent teacher (published 0.3).",
            ),
            Param(
                "teacher_draws",
                8,
                1,
                64,
                "Random networks drawn; the least accurate on the forget set becomes the incompetent "
                "teacher (1 = the paper's single draw, which on MNIST is often right on a whole class "
                "by chance).",
            ),
            Param("epochs", 1, 1, 50, "Passes over forget + retain share (published 1)."),
            Param(
                "temperature",
                0.1,
                0.05,
                20.0,
                "Distillation temperature τ for teachers and student (published 1). A random MLP's "
                "softmax is nearly uniform (top probability ~0.12), so at τ=1 the student is taught "
                "'almost a tie' and 5-15% of the forget samples stay right by chance; τ=0.1 "
                "sharpens the incompetent teacher's arbitrary answers so that they are learnt.",
            ),
            Param(
                "lr",
                0.05,
                1e-6,
                1.0,
                "SGD learning rate. The published 1e-4 was for Adam on ResNets; plain SGD on this "
                "MLP needs a larger rate than training's because the KL gradient scales with τ.",
            ),
            Param("momentum", 0.9, 0.0, 0.999, "SGD momentum."),
            Param("batch_size", 64, 1, 4096, "Samples per step, forget and retain mixed."),
        ),
        func=bad_teacher,
    )
)
