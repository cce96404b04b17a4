"""What a run reports, as plain dataclasses; ``run_to_end`` for callers that only want the result,
``within`` and ``as_run`` to compose runs from sub-runs.

Every run yields ``RunProgress`` (fraction of the whole run in [0, 1] and a phrase for a status
line), live points of its own kind, and finally one ``RunDone`` holding the result.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, ParamSpec, TypeVar

import numpy as np

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class RunProgress:
    """How far the run is (0..1) and what it is doing now."""

    fraction: float
    phrase: str


@dataclass(frozen=True)
class ForgetCurvePoint:
    """The model being unlearned, measured while the method runs (step 0 is the original).

    Forget and retain accuracy are on fixed samples of at most 512 training images; test accuracy
    and ``per_class_accuracy`` (10 values, NaN for a class without test images) on the whole test set.
    """

    step: int
    forget_accuracy: float
    retain_accuracy: float
    test_accuracy: float
    per_class_accuracy: np.ndarray


@dataclass(frozen=True)
class RelearnPoint:
    """Forget accuracy of one model after ``step`` relearning steps (step 0: before any)."""

    step: int
    who: Literal["unlearned", "reference"]
    forget_accuracy: float


@dataclass(frozen=True)
class RunDone:
    """The last event of a run: its result."""

    result: Any


def run_to_end(events: Iterable, on_event: Callable[[Any], None] | None = None) -> Any:
    """Drive a run to its end and return the result of its ``RunDone``; ``on_event`` sees every event."""
    result = None
    for event in events:
        if on_event is not None:
            on_event(event)
        if isinstance(event, RunDone):
            result = event.result
    return result


def within(events: Generator[Any, Any, Any], low: float, high: float) -> Generator[Any, None, Any]:
    """Relay a sub-run's events with its progress mapped into [low, high]; return its return value."""
    while True:
        try:
            event = next(events)
        except StopIteration as finished:
            return finished.value
        if isinstance(event, RunProgress):
            event = RunProgress(low + (high - low) * event.fraction, event.phrase)
        yield event


def as_run(
    sub_run: Callable[P, Generator[Any, Any, R]], done_phrase: str
) -> Callable[P, Iterator[Any]]:
    """A run of its own from a sub-run (a generator that returns its result): the same arguments,
    its events, then ``RunProgress(1.0, done_phrase)`` and ``RunDone`` of what it returned."""

    def run(*args: P.args, **kwargs: P.kwargs) -> Iterator[Any]:
        result = yield from sub_run(*args, **kwargs)
        yield RunProgress(1.0, done_phrase)
        yield RunDone(result)

    return run
