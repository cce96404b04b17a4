"""Tune a method's forget/retain trade-off on a validation split of the training data.

The test set is never looked at: a share of the training set is held out as validation, the
original and the retrain reference are trained on the rest, and every candidate setting of the
method's tuned parameters (``Method.tune``) is scored by how far its validation accuracies, on
the forgotten classes and on the others, lie from the reference's. The budget caps the
number of candidates run.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from mugui.data.dataset import Dataset
from mugui.errors import UnlearningError
from mugui.evaluation import accuracy
from mugui.model import Model
from mugui.training.config import TrainConfig
from mugui.training.control import RunControl
from mugui.training.events import Finished
from mugui.training.trainer import Trainer
from mugui.unlearning.forget_set import forget_class
from mugui.unlearning.reference_cache import data_identity, reference_seeds, retrain_reference
from mugui.unlearning.registry import Cancelled, UnlearnRequest, get_method, run_method

VALIDATION_SHARE = 0.15
SPLIT_SALT = 9173  # the validation split's own random stream, apart from training's

TuneProgress = Callable[[float, str], None]
_originals: dict[tuple[str, str], tuple[Model, dict]] = {}


@dataclass(frozen=True)
class Trial:
    """One candidate setting and its validation accuracies."""

    params: dict
    forget_accuracy: float
    retain_accuracy: float
    gap: float  # |Δ forget| + |Δ retain| against the reference, the score to minimise


@dataclass
class TuneResult:
    method: str
    digit: int
    reference_forget_accuracy: float
    reference_retain_accuracy: float
    validation_samples: int
    trials: list[Trial] = field(default_factory=list)

    @property
    def best(self) -> Trial:
        return min(self.trials, key=lambda t: t.gap)

    def to_dict(self) -> dict:
        return {
            "method": self.method,
            "forget_class": self.digit,
            "validation_samples": self.validation_samples,
            "reference": {
                "forget_accuracy": self.reference_forget_accuracy,
                "retain_accuracy": self.reference_retain_accuracy,
            },
            "best": self.best.params,
            "trials": [
                {
                    "params": t.params,
                    "forget_accuracy": t.forget_accuracy,
                    "retain_accuracy": t.retain_accuracy,
                    "gap": t.gap,
                }
                for t in self.trials
            ],
        }


def validation_split(dataset: Dataset, seed: int, share: float = VALIDATION_SHARE) -> Dataset:
    """The training data without a random ``share``, which takes the test set's place.

    Everything trained or unlearned on the result sees only its training part, and everything
    it measures on "test" data is the held-out validation part of the training set.
    """
    n = dataset.n_train
    held = round(share * n)
    if held < 10 or n - held < 10:
        raise UnlearningError(f"{n} training samples are too few to hold out a validation split")
    order = np.random.default_rng([seed, SPLIT_SALT]).permutation(n)
    fit, validation = np.sort(order[held:]), np.sort(order[:held])
    return Dataset(
        dataset.name,
        dataset.train_x[fit],
        dataset.train_y[fit],
        dataset.train_x[validation],
        dataset.train_y[validation],
    )


def candidates(space: dict[str, tuple], defaults: dict, budget: int, seed: int) -> list[dict]:
    """Up to ``budget`` settings of the tuned parameters: the defaults first, then a random
    draw from the rest of the grid (the whole grid when it fits)."""
    names = list(space)
    start = {name: defaults[name] for name in names}
    grid = [dict(zip(names, values, strict=True)) for values in itertools.product(*space.values())]
    rest = [g for g in grid if g != start]
    if len(rest) > budget - 1:
        chosen = np.random.default_rng([seed, SPLIT_SALT]).choice(
            len(rest), budget - 1, replace=False
        )
        rest = [rest[i] for i in sorted(chosen)]
    return [start, *rest][:budget]


def train_original(
    dataset: Dataset, config: TrainConfig, control: RunControl | None = None
) -> tuple[Model, dict]:
    """A model trained on ``dataset`` with ``config``, and its recorded updates if it records;
    kept in memory for the next tuning of another method on the same split."""
    key = (data_identity(dataset), json.dumps(config.to_dict(), sort_keys=True))
    if key in _originals:
        return _originals[key]
    trainer = Trainer(dataset, config, control=control)
    for event in trainer.run():
        if isinstance(event, Finished) and event.reason == "stopped":
            raise Cancelled("tuning was cancelled")
        if isinstance(event, Finished) and event.reason == "diverged":
            raise UnlearningError(f"the original model diverged: {event.message}")
    extras = {}
    if config.record_updates:
        extras = {**trainer.recorder.to_arrays(), "record_groups": list(trainer.recorder.names)}
    _originals.clear()  # one split at a time: a 60k-sample recording is not small
    _originals[key] = trainer.model, extras
    return trainer.model, extras


def tune_method(
    name: str,
    dataset: Dataset,
    config: TrainConfig,
    digit: int,
    budget: int = 12,
    control: RunControl | None = None,
    on_progress: TuneProgress | None = None,
) -> TuneResult:
    """Try up to ``budget`` settings of ``name``'s tuned parameters for forgetting class
    ``digit``, each measured on the validation split against the retrain reference."""
    method = get_method(name)
    if not method.tune:
        raise UnlearningError(f"{name} has no parameters to tune")
    if budget < 1:
        raise UnlearningError(f"the budget must be at least 1 run, got {budget}")
    control = control or RunControl()
    report = on_progress or (lambda fraction, message: None)
    data = validation_split(dataset, config.seed)
    forget = forget_class(data, digit)
    config = config.replace(record_updates=method.needs_recording)
    report(0.0, "training the original on the training part")
    original, extras = train_original(data, config, control)
    report(0.1, "training the reference without the forgotten class")
    reference = retrain_reference(
        data, config, forget, reference_seeds(config, 1)[0], control=control
    )
    forgotten = np.isin(data.test_y, forget.classes)
    result = TuneResult(
        name,
        digit,
        accuracy(reference, data.test_x[forgotten], data.test_y[forgotten]),
        accuracy(reference, data.test_x[~forgotten], data.test_y[~forgotten]),
        int(data.test_y.size),
    )
    defaults = method.defaults(dataset.name, config.architecture)
    settings = candidates(method.tune, defaults, budget, config.seed)
    for k, setting in enumerate(settings):
        report(0.2 + 0.8 * k / len(settings), f"run {k + 1}/{len(settings)}: {_show(setting)}")
        request = UnlearnRequest(
            original, data, forget, defaults | setting, config, control,
            extras=extras,
        )  # fmt: skip
        model = run_method(name, request).model
        f = accuracy(model, data.test_x[forgotten], data.test_y[forgotten])
        r = accuracy(model, data.test_x[~forgotten], data.test_y[~forgotten])
        gap = abs(f - result.reference_forget_accuracy) + abs(r - result.reference_retain_accuracy)
        result.trials.append(Trial(setting, f, r, gap))
    report(1.0, f"best: {_show(result.best.params)}")
    return result


def _show(setting: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in setting.items())
