"""Retrain references as a sub-run: train (or read back from the cache) one model per seed."""

from __future__ import annotations

import time
from collections.abc import Generator, Sequence

from mugui.data.dataset import Dataset
from mugui.runs.background import callback_events
from mugui.runs.events import RunProgress
from mugui.training.config import TrainConfig
from mugui.training.control import RunControl
from mugui.training.events import Progress
from mugui.unlearning.forget_set import ForgetSet
from mugui.unlearning.reference_cache import Reference, retrain_reference


def reference_events(
    dataset: Dataset,
    config: TrainConfig,
    forget: ForgetSet,
    seeds: Sequence[int],
    control: RunControl | None = None,
) -> Generator[RunProgress, None, list[Reference]]:
    """Yields training progress; returns one Reference per seed.

    A reference trained now is timed here; one read back from the cache reports the seconds
    stored with it (``meta["train_seconds"]``), or None, so that a cache hit never fakes a speedup.
    """
    control = control or RunControl()
    references = []
    share = 1.0 / len(seeds)
    for k, seed in enumerate(seeds):

        def work(emit, seed=seed, k=k):
            def relay(event) -> None:
                if isinstance(event, Progress):
                    done = (event.epoch - 1 + event.fraction) / event.epochs
                    emit(
                        RunProgress(
                            (k + done) * share, f"retraining reference {k + 1}/{len(seeds)}"
                        )
                    )

            trained = []
            started = time.perf_counter()
            model = retrain_reference(
                dataset, config, forget, seed, control=control,
                on_event=lambda event: (trained.append(1), relay(event)),
            )  # fmt: skip
            seconds = time.perf_counter() - started if trained else model.meta.get("train_seconds")
            return Reference(model, seconds, seed)

        yield RunProgress(k * share, f"reference {k + 1}/{len(seeds)} (seed {seed})")
        references.append((yield from callback_events(work, control)))
    return references
