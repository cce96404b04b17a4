"""Bad teacher: distil the competent original on retain data and a random network on forget data."""

from __future__ import annotations

import numpy as np

from mugui.evaluation import accuracy
from mugui.model import Model
from mugui.training.kernel_args import step_settings
from mugui.unlearning.blocks import params as shared
from mugui.unlearning.blocks.batch_loop import BatchLoop, steps_per_epoch
from mugui.unlearning.blocks.distillation import teacher_probs
from mugui.unlearning.blocks.forget_stop import ForgetStop, stop_param
from mugui.unlearning.registry import Method, Param, UnlearnRequest, UnlearnResult, register
from mugui.unlearning.stepper import Stepper

PROBE = 256  # forget samples on which the candidate teachers are compared


def _incompetent_teacher(request: UnlearnRequest, draws: int, rng: np.random.Generator) -> Model:
    """Of ``draws`` randomly initialised MLPs, the one least accurate on the forget set.

    A random network can be right by chance on a whole class (its arbitrary features map most
    5s to two or three classes, often including 5), and the student would inherit that.
    """
    data = request.dataset
    forget = request.forget.indices
    probe = forget if forget.size <= PROBE else rng.choice(forget, PROBE, replace=False)
    candidates = [Model.init(request.model.spec, int(rng.integers(2**31))) for _ in range(draws)]
    right = [accuracy(m, data.train_x[probe], data.train_y[probe]) for m in candidates]
    return candidates[int(np.argmin(right))]


def bad_teacher(request: UnlearnRequest) -> UnlearnResult:
    """E passes over forget ∪ (a share of retain), matching each sample to its teacher at τ;
    with ``stop_at``, more passes (up to ``max_epochs`` in all) while the forget probe is at or
    above it."""
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
    stepper = Stepper(model, step_settings(p["lr"], p["momentum"], temperature=tau))
    extend = p["stop_at"] > 0.0
    budget = max(p["epochs"], p["max_epochs"]) if extend else p["epochs"]
    loop = BatchLoop(
        request, position, p["batch_size"], budget, rng, "distilling from two teachers"
    )
    per_epoch = steps_per_epoch(position.size, p["batch_size"])
    stop = ForgetStop(request, p["stop_at"])
    for b in loop:
        stepper.step(data.train_x[chosen[b]], targets[b])
        epoch, boundary = divmod(loop.steps, per_epoch)
        if extend and boundary == 0 and epoch >= p["epochs"] and stop.reached(epoch):
            break
    info = loop.info()
    info["epochs"] = loop.steps // per_epoch  # passes run
    if extend:
        info["forget_probe_under_stop_at_after_epoch"] = stop.stopped_at_step
    info["retain_samples_used"] = int(n_retain)
    info["forget_samples_used"] = int(forget.size)
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
            "original's. With stop_at set, the distillation goes on after the E epochs, one "
            "epoch at a time, until (up to 256 of) the forget samples are answered right less "
            "often than stop_at, or max_epochs have run."
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
            shared.epochs(1, "Passes over forget + retain share (published 1)."),
            stop_param(
                help="With a value above 0: after the E passes, keep distilling, one pass at a "
                "time, while the accuracy on (up to 256 of) the forget samples is at or above "
                "this, up to max_epochs passes in all (0 = exactly E passes). How many passes "
                "the random teacher's answers take to be learnt varies with the network and seed."
            ),
            shared.epochs(
                0, "Most passes in all when stop_at is set (0 = E).", name="max_epochs", low=0
            ),
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
            shared.learning_rate(
                0.05,
                "SGD learning rate. The published 1e-4 was for Adam on ResNets; plain SGD on this "
                "MLP needs a larger rate than training's because the KL gradient scales with τ.",
            ),
            *shared.sgd("Samples per step, forget and retain mixed."),
        ),
        func=bad_teacher,
    )
)
