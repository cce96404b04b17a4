"""Retrain references as a sub-run: train (or read back from the cache) one model per seed."""

from __future__ import annotations

from collections.abc import Generator, Sequence

from mugui.data.dataset import Dataset
from mugui.runs.background import callback_events
from mugui.runs.events import RunProgress
from mugui.training.config import TrainConfig
from mugui.training.control import RunControl
from mugui.training.events import Progress
from mugui.unlearning.forget_set import ForgetSet
from mugui.unlearning.kernel_warmup import warm_unlearning_kernels
from mugui.unlearning.reference_cache import Reference, retrain_reference


def reference_events(
    dataset: Dataset,
    config: TrainConfig,
    forget: ForgetSet,
    seeds: Sequence[int],
    control: RunControl | None = None,
) -> Generator[RunProgress, None, list[Reference]]:
    """Yields training progress; returns one Reference per seed.

    The kernels are warmed first, so a reference trained now is timed like the method. One read
    back from the cache keeps the seconds measured when it was trained, with when and where; a
    reference cached before timings were taken warm reports None, so no speedup is faked.
    """
    control = control or RunControl()
    warm_unlearning_kernels(config.architecture == "cnn")
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
            model = retrain_reference(
                dataset, config, forget, seed, control=control,
                on_event=lambda event: (trained.append(1), relay(event)),
            )  # fmt: skip
            timing = dict(model.meta.get("timing") or {"kernels_warm": False})
            timing["source"] = "trained now" if trained else "cache"
            seconds = timing.get("seconds") if timing["kernels_warm"] else None
            return Reference(model, seconds, seed, timing)

        yield RunProgress(k * share, f"reference {k + 1}/{len(seeds)} (seed {seed})")
        references.append((yield from callback_events(work, control)))
    return references
