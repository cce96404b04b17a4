"""Forget a task of the dynamic network by removing the hidden units it added."""

from __future__ import annotations

import numpy as np

from mugui.continual.task_units import remove_units
from mugui.errors import UnlearningError
from mugui.unlearning.forget_task import task_config_of, task_of
from mugui.unlearning.registry import Method, Param, UnlearnRequest, UnlearnResult, register


def unit_removal(request: UnlearnRequest) -> UnlearnResult:
    model = request.model
    owners = request.extras.get("task_units")
    if not task_config_of(model).dynamic or owners is None or owners.shape != (model.sizes[1],):
        raise UnlearningError(
            "unit_removal needs a dynamic network: train with `mugui tasks --dynamic` first"
        )
    task = task_of(model, request.forget)
    removed = remove_units(model, np.asarray(owners, dtype=np.int64), task)
    _, (_, biases) = model.layers()
    biases[list(request.forget.classes)] = request.params["bias"]
    request.report(1.0, f"removed the {removed} units of task {task + 1}", model)
    return UnlearnResult(model, {"task": task + 1, "units_removed": removed})


register(
    Method(
        name="unit_removal",
        title="Remove a task's units (dynamic network)",
        summary="Delete the hidden units a task added to the dynamic network; nothing else changes.",
        algorithm=(
            "In the dynamic network each task trains its own block of hidden units (frozen once "
            "the task is learnt) wired only to its own outputs. Forgetting the task removes the "
            "block: its input and output weights are zeroed, and its classes' output biases set "
            "to `bias`, so the other tasks' answers are exactly as before. On the CNN the blocks "
            "are its dense hidden units; the convolutions, shared, stay."
        ),
        source=(
            "The Keras 'machine unlearning for neural networks' progressive-learning notebooks "
            "(dynamic architecture: a task's units are removed to forget it)."
        ),
        params=(
            Param("bias", -10.0, -100.0, 100.0, "Output bias given to the removed task's classes "
                  "(very negative: they are never predicted; 0: they compete with a constant)."),
        ),
        func=unit_removal,
    )
)  # fmt: skip
