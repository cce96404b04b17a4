"""The loop of every training-based method: shuffled batches, progress after each step."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from mugui.unlearning.registry import UnlearnRequest
from mugui.unlearning.stepper import batches


def steps_per_epoch(samples: int, batch_size: int) -> int:
    """Batches in one pass over ``samples`` (the last one may be smaller)."""
    return -(-samples // batch_size)


@dataclass
class BatchLoop:
    """``epochs`` shuffled passes over ``indices`` in batches of ``batch_size``.

    Iterating yields each batch; after the caller's step it reports "``title``, epoch e/E"
    within ``progress`` = (start, span), and after each pass the model's accuracies.
    """

    request: UnlearnRequest
    indices: np.ndarray
    batch_size: int
    epochs: int
    rng: np.random.Generator
    title: str
    progress: tuple[float, float] = (0.0, 1.0)
    steps: int = 0
    seen: int = 0  # forget samples yielded (a caller that stops early breaks after its step)

    @property
    def total(self) -> int:
        return self.epochs * steps_per_epoch(self.indices.size, self.batch_size)

    def __iter__(self) -> Iterator[np.ndarray]:
        start, span = self.progress
        total = self.total
        for epoch in range(1, self.epochs + 1):
            for batch in batches(self.indices, self.batch_size, self.rng):
                self.steps += 1
                self.seen += batch.size
                yield batch
                self.request.report(
                    start + span * self.steps / total, f"{self.title}, epoch {epoch}/{self.epochs}"
                )
            self.request.report(
                start + span * self.steps / total, f"epoch {epoch} done", self.request.model
            )

    def with_retain(
        self, retain: np.ndarray, retain_batch: int
    ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Each batch paired with ``retain_batch`` retain samples drawn afresh (all if fewer)."""
        size = min(retain_batch, retain.size)
        for batch in self:
            yield batch, self.rng.choice(retain, size, replace=False)

    def info(self, retain_per_step: int | None = None) -> dict:
        """What the loop did, for the method's report: epochs, steps and samples seen (with
        ``retain_per_step`` retain samples beside each batch, the forget samples apart)."""
        passes = self.seen
        info = {
            "epochs": self.epochs,
            "steps": self.steps,
            "samples_seen": passes + self.steps * (retain_per_step or 0),
        }
        if retain_per_step is not None:
            info["forget_samples_seen"] = passes
        return info
