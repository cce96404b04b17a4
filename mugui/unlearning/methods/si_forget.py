"""Forget a task by the weights synaptic intelligence says it owns (seed: the SI notebooks)."""

from __future__ import annotations

import numpy as np

from mugui.errors import UnlearningError
from mugui.model import Model
from mugui.training.kernel_args import step_settings
from mugui.unlearning.forget_task import task_of
from mugui.unlearning.registry import Method, Param, UnlearnRequest, UnlearnResult, register
from mugui.unlearning.stepper import Stepper, batches, one_hot


def owned_weights(importance: np.ndarray, task: int, select: str, fraction: float) -> np.ndarray:
    """Boolean mask of the parameters the task owns: every weight more important to it than to
    any other task ("dominant"), or its top ``fraction`` by importance ("fraction")."""
    mine = importance[task]
    if select == "dominant":
        others = np.delete(importance, task, axis=0).max(axis=0)
        return mine > others
    count = int(round(fraction * mine.size))
    owned = np.zeros(mine.size, dtype=bool)
    if count:
        owned[np.argpartition(mine, mine.size - count)[mine.size - count :]] = True
    return owned


def redraw(model: Model, owned: np.ndarray, rng: np.random.Generator) -> None:
    """Give the owned weights fresh values from the initialisation's distribution."""
    fresh = Model.init(model.spec, int(rng.integers(2**31))).params
    model.params[owned] = fresh[owned]


def si_forget(request: UnlearnRequest) -> UnlearnResult:
    importance = request.extras.get("task_importance")
    if (
        importance is None
        or importance.ndim != 2
        or importance.shape[1] != request.model.params.size
    ):
        raise UnlearningError(
            "si_forget needs the per-task importances saved by `mugui tasks`; train task by task first"
        )
    task = task_of(request.model, request.forget)
    p = request.params
    owned = owned_weights(importance, task, p["select"], p["fraction"])
    model = request.model
    if p["mode"] == "zero":
        model.params[owned] = 0.0
    else:
        redraw(model, owned, request.rng(7))
    request.report(0.3, f"{p['mode']} {int(owned.sum())} weights of task {task + 1}", model)
    retain = request.forget.retain_indices()
    data = request.dataset
    stepper = Stepper(model, step_settings(p["lr"], p["momentum"]))
    rng = request.rng(11)
    for epoch in range(p["repair_epochs"]):
        for batch in batches(retain, p["batch_size"], rng):
            stepper.step(data.train_x[batch], one_hot(data.train_y[batch]))
        request.report(
            0.3 + 0.7 * (epoch + 1) / p["repair_epochs"], f"repair epoch {epoch + 1}", model
        )
    return UnlearnResult(
        model,
        {
            "task": task + 1,
            "weights_changed": int(owned.sum()),
            "fraction_of_weights": float(owned.mean()),
            "repair_samples": int(p["repair_epochs"] * retain.size),
        },
    )


register(
    Method(
        name="si_forget",
        title="Remove a task's weights (synaptic intelligence)",
        summary="Zero or re-draw the weights synaptic intelligence says a task owns, then repair.",
        algorithm=(
            "During task-by-task training every weight's importance to each task is the path "
            "integral of -gradient x update along that task, divided by the squared distance the "
            "weight travelled (Zenke et al. 2017). To forget task k, take the weights more "
            "important to k than to any other task (or k's most important fraction), set them to "
            "zero or to fresh random values, then optionally repair with a short training on the "
            "other tasks' data."
        ),
        source=(
            "The Keras 'machine unlearning for neural networks' notebooks (static network with "
            "synaptic intelligence; zeroing and randomisation variants); Zenke, Poole & Ganguli, "
            "'Continual Learning Through Synaptic Intelligence', ICML 2017."
        ),
        params=(
            Param("mode", "zero", help="zero the owned weights, or re-draw them at random",
                  choices=("zero", "randomize")),
            Param("select", "dominant", help="dominant: every weight more important to the task "
                  "than to any other; fraction: the task's top weights by importance",
                  choices=("dominant", "fraction")),
            Param("fraction", 0.1, 0.0, 1.0, "Share of weights removed with select=fraction."),
            Param("repair_epochs", 1, 0, 20, "Epochs of training on the other tasks' data after "
                  "the removal (0 = none)."),
            Param("lr", 0.01, 1e-5, 1.0, "Learning rate of the repair."),
            Param("momentum", 0.9, 0.0, 0.999, "SGD momentum of the repair."),
            Param("batch_size", 64, 1, 4096, "Mini-batch size of the repair."),
        ),
        func=si_forget,
    )
)  # fmt: skip
