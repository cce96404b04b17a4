"""Make a model forget: one method on one forget set, as a cancellable generator of events.

``unlearn_events(spec)`` yields ``RunProgress`` and ``ForgetCurvePoint`` (the original as step 0,
then the model after each of the method's epochs) and ends with ``RunDone(UnlearnOutcome)``. The
original model is never changed; a stop through the control raises ``Cancelled``. Timing is
honest: every kernel is compiled before the clock starts, progress figures and pauses are left
out, preparation such as SISA's ensemble is reported apart, and fast methods are timed several
times (median).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mugui import typicality
from mugui.data.dataset import Dataset
from mugui.data.fingerprint import train_fingerprint
from mugui.errors import UnlearningError
from mugui.model import Model
from mugui.runs.background import callback_events
from mugui.runs.events import ForgetCurvePoint, RunDone, RunProgress
from mugui.training.config import TrainConfig
from mugui.training.control import RunControl
from mugui.training.trainer import Trainer
from mugui.training.typicality_sources import typicality_sources
from mugui.training.work_meter import WorkMeter
from mugui.unlearning.forget_set import ForgetSet
from mugui.unlearning.kernel_warmup import warm_unlearning_kernels
from mugui.unlearning.reference_cache import retain_dataset
from mugui.unlearning.registry import (
    UnlearnProgress,
    UnlearnRequest,
    get_method,
    model_architecture,
    quick_figures,
    run_method,
)

# A method faster than REPEAT_BELOW_SECONDS is run again (silently, same seed, same result) until
# REPEAT_BUDGET_SECONDS of timing or MAX_TIMINGS runs, and its median time is reported: a tenth of
# a second measured once on a shared machine varies by half.
REPEAT_BELOW_SECONDS = 0.5
REPEAT_BUDGET_SECONDS = 1.5
MAX_TIMINGS = 7


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
    seconds: (
        float  # wall time of the method alone, kernels warm (progress figures, pauses left out)
    )
    work: WorkMeter  # samples through a gradient step and their FLOPs
    setup: dict | None = None  # preparation that is not unlearning (SISA's ensemble), timed apart
    # every timed run (``seconds`` is their median), and what recording updates cost the original
    timings: list[float] = field(default_factory=list)
    recording_cost: dict | None = None


def check_spec(spec: UnlearnSpec) -> tuple[dict, TrainConfig]:
    """Resolved parameters and training configuration; UnlearningError before any work if unusable."""
    method = get_method(spec.method)
    params = method.resolve_params(spec.params, spec.dataset.name, model_architecture(spec.model))
    config = spec.config if spec.config is not None else training_config(spec.model)
    if method.needs_recording and "record" not in spec.extras:
        raise UnlearningError(
            f"{method.name} needs the updates recorded during training: "
            "train with `mugui train --record-updates` and use that model"
        )
    check_same_data(spec.model, spec.dataset)
    return params, config


def check_same_data(model: Model, dataset: Dataset) -> None:
    """UnlearningError unless ``dataset`` is the one ``model`` was trained on (by fingerprint,
    or by sample count for models saved before fingerprints were recorded)."""
    recorded = model.meta.get("data") or {}
    fingerprint = recorded.get("fingerprint")
    if fingerprint is not None and fingerprint != train_fingerprint(dataset):
        raise UnlearningError(
            f"the model was trained on other data ({recorded.get('name', 'unnamed')}, training-set "
            f"fingerprint {fingerprint}) than {dataset.name} (fingerprint "
            f"{train_fingerprint(dataset)}); give the data it was trained on"
        )
    trained_on = recorded.get("n_train")
    if trained_on is not None and trained_on != dataset.n_train:
        raise UnlearningError(
            f"the model was trained on {trained_on} samples but the data has {dataset.n_train}"
        )


def method_extras(model: Model, extras: dict) -> dict:
    """``extras`` plus what the model file's metadata holds for methods (recorded group names)."""
    merged = dict(extras)
    if "record_groups" not in merged and model.meta.get("record_groups"):
        merged["record_groups"] = list(model.meta["record_groups"])
    return merged


def refit_typicality(
    model: Model, dataset: Dataset, forget: ForgetSet, config: TrainConfig
) -> dict:
    """Refit ``model``'s typicality check on the retained training rows (and the style strokes
    of the classes they still hold), never on the forget set."""
    sources = typicality_sources(retain_dataset(dataset, forget), config)
    return typicality.fit_into(model, sources)


def unlearn_events(
    spec: UnlearnSpec, control: RunControl | None = None
) -> Iterator[RunProgress | ForgetCurvePoint | RunDone]:
    """Run ``spec.method`` live; ends with ``RunDone(UnlearnOutcome)``."""
    control = control or RunControl()
    params, config = check_spec(spec)
    yield RunProgress(0.0, f"{spec.method}: preparing the kernels")
    warm_unlearning_kernels(spec.model.is_cnn)
    start = UnlearnProgress(0.0)
    quick_figures(spec.model, spec.dataset, spec.forget, start)
    yield _curve_point(0, start)
    request = UnlearnRequest(
        spec.model, spec.dataset, spec.forget, dict(params), config, control,
        extras=method_extras(spec.model, spec.extras),
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
    timings = [result.seconds]
    if result.setup is None:
        while result.seconds < REPEAT_BELOW_SECONDS and sum(timings) < REPEAT_BUDGET_SECONDS:
            yield RunProgress(1.0, f"{spec.method}: timing it again ({len(timings) + 1})")
            again = UnlearnRequest(
                spec.model, spec.dataset, spec.forget, dict(params), config, control,
                extras=method_extras(spec.model, spec.extras),
            )  # fmt: skip
            timings.append(run_method(spec.method, again).seconds)
            if len(timings) == MAX_TIMINGS:
                break
    result.seconds = float(np.median(timings))
    recording_cost = None
    if get_method(spec.method).needs_recording:
        yield RunProgress(1.0, f"{spec.method}: measuring what recording updates costs")
        recording_cost = measure_recording_cost(spec.dataset, config, control)
    if isinstance(result.model, Model):
        # the model says what it was made to forget (the canvas's answer policy reads it)
        result.model.meta["unlearning"] = {
            "method": spec.method,
            "params": dict(request.params),
            "forget": spec.forget.to_dict(),
        }
        # the typicality check, refitted on what it kept (the old statistics hold the forgotten
        # data's prototype, and no longer match the weights); a model without one gets none
        result.model.meta = {k: v for k, v in result.model.meta.items() if k != typicality.META_KEY}
        if typicality.META_KEY in spec.model.meta:
            yield RunProgress(1.0, f"{spec.method}: refitting the typicality check")
            refit_typicality(result.model, spec.dataset, spec.forget, config)
    yield RunProgress(1.0, f"{spec.method}: done in {result.seconds:.2f} s")
    yield RunDone(
        UnlearnOutcome(
            result.model,
            spec.method,
            request.params,
            spec.forget,
            result.info,
            result.seconds,
            result.work,
            result.setup,
            timings,
            recording_cost,
        )  # fmt: skip
    )


def _curve_point(step: int, progress: UnlearnProgress) -> ForgetCurvePoint:
    return ForgetCurvePoint(
        step,
        progress.forget_accuracy,
        progress.retain_accuracy,
        progress.test_accuracy,
        progress.per_class_accuracy,
    )


def measure_recording_cost(dataset: Dataset, config: TrainConfig, control: RunControl) -> dict:
    """Time one epoch of the original's training with and without recording updates (Amnesiac's
    price, paid when the original was trained), here and now, kernels warm."""
    seconds = {}
    for recording in (False, True):
        one_epoch = config.replace(epochs=1, record_updates=recording)
        started = time.perf_counter()
        for _ in Trainer(dataset, one_epoch, control=control).run():
            pass
        seconds[recording] = time.perf_counter() - started
    return {
        "what": "recording updates during training (paid when the original was trained)",
        "epoch_seconds_plain": seconds[False],
        "epoch_seconds_recording": seconds[True],
        "slowdown": seconds[True] / seconds[False] if seconds[False] > 0 else None,
        "extra_training_seconds": (seconds[True] - seconds[False]) * config.epochs,
    }
