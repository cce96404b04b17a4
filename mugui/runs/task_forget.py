"""Forget one task of a task-by-task model and measure every task against the retrain reference.

``task_forget_events`` runs the method through ``unlearn_events`` and one retrain reference
through ``reference_events`` (seed disjoint from the original's), then ends with
``RunDone(TaskForgetResult)``: each task's test accuracy before, after and for the reference.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from mugui.continual.task_trainer import task_accuracies
from mugui.data.dataset import Dataset
from mugui.model import Model
from mugui.runs.events import RunDone, RunProgress
from mugui.runs.references import reference_events
from mugui.runs.unlearn import UnlearnSpec, training_config, unlearn_events
from mugui.training.control import RunControl
from mugui.unlearning.forget_task import forget_task, task_config_of
from mugui.unlearning.reference_cache import reference_seeds


@dataclass(frozen=True)
class TaskForgetResult:
    task: int  # 1-based
    method: str
    model: Model
    before: tuple[float, ...]  # test accuracy on each task's classes
    after: tuple[float, ...]
    reference: tuple[float, ...]
    info: dict
    seconds: float


def task_forget_events(
    model: Model,
    dataset: Dataset,
    extras: dict,
    task: int,
    method: str,
    params: dict | None = None,
    control: RunControl | None = None,
) -> Iterator[RunProgress | RunDone]:
    """Forget task ``task`` (1-based) with ``method``; progress, then the per-task comparison."""
    control = control or RunControl()
    tasks = task_config_of(model).tasks
    forget = forget_task(dataset, model, task)
    spec = UnlearnSpec(model, dataset, forget, method, dict(params or {}), dict(extras))
    outcome = None
    for event in unlearn_events(spec, control):
        if isinstance(event, RunDone):
            outcome = event.result
        elif isinstance(event, RunProgress):
            yield RunProgress(0.5 * event.fraction, event.phrase)
    config = training_config(model)
    refs = yield from _scaled(
        reference_events(dataset, config, forget, reference_seeds(config, 1), control), 0.5
    )
    yield RunProgress(1.0, f"task {task} forgotten by {method}")
    yield RunDone(
        TaskForgetResult(
            task=task,
            method=method,
            model=outcome.model,
            before=task_accuracies(model, dataset, tasks)[0],
            after=task_accuracies(outcome.model, dataset, tasks)[0],
            reference=task_accuracies(refs[0].model, dataset, tasks)[0],
            info=outcome.info,
            seconds=outcome.seconds,
        )
    )


def _scaled(events, offset: float):
    """Re-yield a sub-run's progress in the second half of this run; return its result."""
    while True:
        try:
            event = next(events)
        except StopIteration as done:
            return done.value
        yield RunProgress(offset + 0.5 * event.fraction, event.phrase)
