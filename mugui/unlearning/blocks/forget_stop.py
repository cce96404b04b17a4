"""Stop once the forget set is forgotten: the guard gradient-ascent methods need.

Climbing the forget loss has a cliff: a few steps after the forget samples stop being
recognised, the shared features break and every class collapses, and where that cliff lies
varies with the network and its seed. Checking the forget samples' accuracy after every step and
stopping below a threshold keeps the method on the near side of it. Methods that forget in
stages (more distillation epochs, more pruning steps) use the same probe to know when to stop
adding them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mugui.evaluation import accuracy
from mugui.unlearning.registry import Param, UnlearnRequest

PROBE_SIZE = 256  # forget samples checked per step: the check costs one small forward pass


ASCENT_HELP = (
    "Stop as soon as the accuracy on (up to 256 of) the forget samples falls below this, "
    "checked after every step (0 = never stop early: run every epoch). Ascent has a cliff: "
    "soon after the forget set is forgotten the whole model collapses, at a point that "
    "varies with the network and seed."
)


def stop_param(default: float = 0.0, help: str = ASCENT_HELP) -> Param:
    """``stop_at``: the forget probe's accuracy under which a method stops (0 = off)."""
    return Param("stop_at", default, 0.0, 1.0, help)


@dataclass
class ForgetStop:
    """``reached()`` is True once the model's accuracy on a fixed sample of the forget set is
    under ``threshold``; a threshold of 0 never stops."""

    request: UnlearnRequest
    threshold: float
    probe_size: int = PROBE_SIZE  # a method whose steps cost more can afford a larger probe
    stopped_at_step: int | None = None

    def __post_init__(self) -> None:
        forget = self.request.forget.indices
        if forget.size > self.probe_size:
            forget = np.sort(self.request.rng(77).choice(forget, self.probe_size, replace=False))
        data = self.request.dataset
        self._x, self._y = data.train_x[forget], data.train_y[forget]

    def reached(self, step: int) -> bool:
        """Whether the forget probe is (or was, at an earlier call) under the threshold; the first
        call that finds it so records ``step``."""
        if self.threshold <= 0.0 or self.stopped_at_step is not None:
            return self.stopped_at_step is not None
        if accuracy(self.request.model, self._x, self._y) < self.threshold:
            self.stopped_at_step = step
        return self.stopped_at_step is not None

    def record(self, info: dict) -> dict:
        """Say in the method's report whether and where it stopped early."""
        if self.threshold > 0.0:
            info["stopped_early_at_step"] = self.stopped_at_step
        return info
