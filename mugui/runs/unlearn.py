"""Make a model forget: one method on one forget set, as a cancellable generator of events.

``unlearn_events(spec)`` yields ``RunProgress`` and ``ForgetCurvePoint`` (the original as step 0,
then the model after each of the method's epochs) and ends with ``RunDone(UnlearnOutcome)``. The
original model is never changed; a stop through the control raises ``Cancelled``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from mugui.data.dataset import Dataset
from mugui.errors import UnlearningError
from mugui.model import Model
from mugui.runs.background import callback_events
from mugui.runs.events import ForgetCurvePoint, RunDone, RunProgress
from mugui.training.config import TrainConfig
from mugui.training.control import RunControl
from mugui.unlearning.forget_set import ForgetSet
from mugui.unlearning.registry import (
    UnlearnProgress,
    UnlearnRequest,
    get_method,
    quick_figures,
    run_method,
)


def training_config(model: Model) -> TrainConfig:
    """The configuration the model was trained with (retraining repeats it exactly)."""
    stored = model.meta.get("config")
    if stored is None:
        raise UnlearningError(
            "the model file does not say how it was trained; retrain it with `mugui train`"
        )
    return TrainConfig.from_dict(stored)


@dataclass(frozen=True)
class UnlearnSpec:
    """What to unlearn: ``method`` with ``params`` (defaults filled in) applied to ``model``.

    ``extras`` holds what a model file carries beside the weights (Amnesiac's recorded updates);
    ``config`` is the original's training configuration, read from the model when None.
    """

    model: Model
    dataset: Dataset
    forget: ForgetSet
    method: str
    params: dict = field(default_factory=dict)
    extras: dict = field(default_factory=dict)
    config: TrainConfig | None = None


@dataclass
class UnlearnOutcome:
    """The unlearned model (a Model, or SISA's ensemble) and what it cost."""

    model: Any
    method: str
    params: dict
    forget: ForgetSet
    info: dict  # what the method did
    seconds: float  # wall time of the method alone (progress figures and pauses left out)


def check_spec(spec: UnlearnSpec) -> tuple[dict, TrainConfig]:
    """Resolved parameters and training configuration; UnlearningError before any work if unusable."""
    method = get_method(spec.method)
    params = method.resolve_params(spec.params)
    config = spec.config if spec.config is not None else training_config(spec.model)
    if method.needs_recording and "record" not in spec.extras:
        raise UnlearningError(
            f"{method.name} needs the updates recorded during training: "
            "train with `mugui train --record-updates` and use that model"
        )
    return params, config


def unlearn_events(
    spec: UnlearnSpec, control: RunControl | None = None
) -> Iterator[RunProgress | ForgetCurvePoint | RunDone]:
    """Run ``spec.method`` live; ends with ``RunDone(UnlearnOutcome)``."""
    control = control or RunControl()
    params, config = check_spec(spec)
    yield RunProgress(0.0, f"{spec.method}: starting")
    start = UnlearnProgress(0.0)
    quick_figures(spec.model, spec.dataset, spec.forget, start)
    yield _curve_point(0, start)
    request = UnlearnRequest(
        spec.model, spec.dataset, spec.forget, dict(params), config, control,
        extras=dict(spec.extras),
    )  # fmt: skip

    def work(emit):
        request.on_progress = emit
        return run_method(spec.method, request)

    steps = 0
    runner = callback_events(work, control)
    while True:
        try:
            progress = next(runner)
        except StopIteration as finished:
            result = finished.value
            break
        yield RunProgress(progress.fraction, progress.message)
        if progress.forget_accuracy is not None:
            steps += 1
            yield _curve_point(steps, progress)
    yield RunProgress(1.0, f"{spec.method}: done in {result.seconds:.2f} s")
    yield RunDone(
        UnlearnOutcome(
            result.model, spec.method, request.params, spec.forget, result.info, result.seconds
        )
    )


def _curve_point(step: int, progress: UnlearnProgress) -> ForgetCurvePoint:
    return ForgetCurvePoint(
        step,
        progress.forget_accuracy,
        progress.retain_accuracy,
        progress.test_accuracy,
        progress.per_class_accuracy,
    )
