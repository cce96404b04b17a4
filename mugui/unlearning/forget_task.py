"""Forgetting a whole task: the forget set of a task's classes, and what the model knows of it."""

from __future__ import annotations

import numpy as np

from mugui.continual.task_config import TaskConfig
from mugui.data.dataset import Dataset
from mugui.errors import UnlearningError
from mugui.model import Model
from mugui.unlearning.forget_set import ForgetSet


def task_config_of(model: Model) -> TaskConfig:
    """The schedule a model was trained with, or a clear error for a model trained all at once."""
    stored = model.meta.get("tasks")
    if not isinstance(stored, dict):
        raise UnlearningError(
            "this model was not trained task by task; train it with `mugui tasks` first"
        )
    return TaskConfig.from_dict(stored)


def forget_task(dataset: Dataset, model: Model, task: int) -> ForgetSet:
    """Every training sample of task ``task``'s classes (1-based, as the user counts)."""
    tasks = task_config_of(model).tasks
    if (
        isinstance(task, bool)
        or not isinstance(task, int | np.integer)
        or not 1 <= task <= len(tasks)
    ):
        raise UnlearningError(f"task must be 1..{len(tasks)}, got {task!r}")
    classes = tasks[task - 1]
    indices = np.flatnonzero(np.isin(dataset.train_y, classes)).astype(np.int64)
    names = ", ".join(dataset.class_names[c] for c in classes)
    return ForgetSet("task", indices, classes, f"task {task} (classes {names})", dataset.n_train)


def task_of(model: Model, forget: ForgetSet) -> int:
    """The 0-based task whose classes are exactly the forget set's classes."""
    tasks = task_config_of(model).tasks
    for index, classes in enumerate(tasks):
        if tuple(sorted(forget.classes)) == tuple(classes):
            return index
    raise UnlearningError(
        f"the forget set ({forget.description}) is not one of the model's tasks "
        f"({' | '.join(','.join(map(str, t)) for t in tasks)}); forget a whole task"
    )
