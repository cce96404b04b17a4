"""Counts the work a computation does: samples pushed through a gradient step, per thread.

Wall time depends on the machine and its load; work does not. The trainer and the unlearning
stepper report every batch here, and whoever wants the count opens ``metering()`` around the
computation in the same thread. FLOPs are estimated as 6 per weight per sample (a multiply-add
forward, two backward); forward-only passes (evaluation, saliency scoring) are not counted.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

FLOPS_PER_WEIGHT_PER_SAMPLE = 6

_local = threading.local()


@dataclass
class WorkMeter:
    gradient_samples: int = 0
    flops: float = 0.0

    def to_dict(self) -> dict:
        return {"gradient_samples": self.gradient_samples, "flops": self.flops}


def training_work(samples: int, n_weights: int) -> WorkMeter:
    """The work of pushing ``samples`` samples through gradient steps of a network."""
    return WorkMeter(int(samples), float(samples) * FLOPS_PER_WEIGHT_PER_SAMPLE * n_weights)


@contextmanager
def metering() -> Iterator[WorkMeter]:
    """Count the gradient work done in this thread until the block ends (nesting allowed)."""
    meter = WorkMeter()
    stack = _local.__dict__.setdefault("meters", [])
    stack.append(meter)
    try:
        yield meter
    finally:
        del stack[next(i for i, m in enumerate(stack) if m is meter)]


def add_gradient_samples(samples: int, n_weights: int) -> None:
    """Record ``samples`` samples through a gradient step of a network with ``n_weights`` weights."""
    for meter in getattr(_local, "meters", ()):
        meter.gradient_samples += int(samples)
        meter.flops += float(samples) * FLOPS_PER_WEIGHT_PER_SAMPLE * n_weights
