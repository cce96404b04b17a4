"""Relearn time: how many training steps until a model knows the forget set again.

Knowledge that was only hidden (e.g. by zeroing output weights) comes back in a few steps;
knowledge that was never there (the retrain reference) takes as long as learning it afresh.
Training is momentum SGD with the original configuration's learning rate, momentum and batch
size, on the full training data (or the forget set alone), from fresh momentum.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass, field

import numpy as np

from mugui.data.dataset import Dataset
from mugui.errors import UnlearningError
from mugui.model import Model
from mugui.record_dict import record_dict
from mugui.training.config import TrainConfig
from mugui.training.control import RunControl
from mugui.training.kernel_args import step_settings
from mugui.unlearning.forget_set import ForgetSet
from mugui.unlearning.registry import Cancelled
from mugui.unlearning.stepper import Stepper, one_hot

TOLERANCE = 0.05  # "back within 5 points of the original"
MAX_STEPS = 2000
EVAL_SAMPLES = 512  # forget accuracy is tracked on a fixed sample of at most this many
RELEARN_ON = ("full", "forget")


@dataclass
class Relearn:
    steps: int | None  # batches until forget accuracy was back; None if max_steps ran out
    target: float  # the original's forget accuracy minus the tolerance
    on: str
    max_steps: int
    curve: list[float] = field(default_factory=list)  # forget accuracy after 0, 1, 2... steps

    def to_dict(self) -> dict:
        final = self.curve[-1] if self.curve else None
        return {**record_dict(self, skip=("curve",)), "final_forget_accuracy": final}


def _accuracy(model, images: np.ndarray, labels: np.ndarray) -> float:
    return float((model.predict_proba(images).argmax(axis=1) == labels).mean())


def relearn_steps(
    model: Model,
    original: Model,
    dataset: Dataset,
    forget: ForgetSet,
    config: TrainConfig,
    on: str = "full",
    max_steps: int = MAX_STEPS,
    tolerance: float = TOLERANCE,
    control: RunControl | None = None,
    seed: int = 0,
) -> Generator[float, None, Relearn]:
    """Train a copy of ``model`` until its forget accuracy is within ``tolerance`` of ``original``'s.

    Yields the forget accuracy before any step and after every step; returns the Relearn. The
    batch order depends only on ``seed``, so two models relearned with one seed see the same
    batches. A stop through ``control`` raises Cancelled.
    """
    if on not in RELEARN_ON:
        raise UnlearningError(f"relearn on 'full' or 'forget', not {on!r}")
    if not isinstance(model, Model):
        raise UnlearningError("relearning needs a single network (this model is an ensemble)")
    control = control or RunControl()
    rng = np.random.default_rng([seed, 7])
    watched = forget.indices
    if watched.size > EVAL_SAMPLES:
        watched = np.sort(rng.choice(watched, EVAL_SAMPLES, replace=False))
    images, labels = dataset.train_x[watched], dataset.train_y[watched]
    target = _accuracy(original, images, labels) - tolerance
    pool = forget.indices if on == "forget" else np.arange(dataset.n_train)
    student = model.copy()
    stepper = Stepper(student, step_settings(config.lr, config.momentum, config.weight_decay))
    curve = [_accuracy(student, images, labels)]
    yield curve[-1]
    order = np.empty(0, dtype=np.int64)
    while curve[-1] < target and len(curve) <= max_steps:
        if not control.wait_while_paused():
            raise Cancelled("relearning was cancelled")
        if order.size == 0:
            order = rng.permutation(pool)
        batch, order = order[: config.batch_size], order[config.batch_size :]
        stepper.step(dataset.train_x[batch], one_hot(dataset.train_y[batch]))
        curve.append(_accuracy(student, images, labels))
        yield curve[-1]
    reached = curve[-1] >= target
    return Relearn(len(curve) - 1 if reached else None, target, on, max_steps, curve)


def relearn(model: Model, original: Model, *args, **kwargs) -> Relearn:
    """``relearn_steps`` run to the end (same arguments)."""
    steps = relearn_steps(model, original, *args, **kwargs)
    while True:
        try:
            next(steps)
        except StopIteration as finished:
            return finished.value
