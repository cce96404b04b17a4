"""The relearn race: train the unlearned model and a retrain reference again, step by step.

Both see the same batches; each stops once its forget accuracy is back within 5 points of the
original's. Hidden knowledge comes back in a few steps, true forgetting takes as long as
learning afresh. ``relearn_events`` yields ``RelearnPoint`` for both models after every step and
ends with ``RunDone({"unlearned": Relearn | None, "reference": Relearn | None})`` (None for a
model that is not a single network, or no reference).
"""

from __future__ import annotations

from collections.abc import Generator

from mugui.data.dataset import Dataset
from mugui.model import Model
from mugui.runs.events import RelearnPoint, RunProgress, as_run
from mugui.training.config import TrainConfig
from mugui.training.control import RunControl
from mugui.unlearning.forget_set import ForgetSet
from mugui.unlearning.relearn import MAX_STEPS, Relearn, relearn_steps


def relearn_race(
    unlearned,
    reference: Model | None,
    original: Model,
    dataset: Dataset,
    forget: ForgetSet,
    config: TrainConfig,
    on: str = "full",
    control: RunControl | None = None,
    max_steps: int = MAX_STEPS,
) -> Generator[RelearnPoint | RunProgress, None, dict[str, Relearn | None]]:
    """The race as a sub-run: yields points and progress, returns both Relearn outcomes."""
    control = control or RunControl()
    runners = {
        who: relearn_steps(model, original, dataset, forget, config, on, max_steps, control=control)
        for who, model in (("unlearned", unlearned), ("reference", reference))
        if isinstance(model, Model)
    }
    outcomes: dict[str, Relearn | None] = {"unlearned": None, "reference": None}
    step = 0
    while runners:
        for who in list(runners):
            try:
                accuracy = next(runners[who])
            except StopIteration as finished:
                outcomes[who] = finished.value
                del runners[who]
                continue
            yield RelearnPoint(step, who, accuracy)
        if runners:
            yield RunProgress(min(1.0, step / max_steps), f"relearning, step {step}")
        step += 1
    return outcomes


relearn_events = as_run(relearn_race, "relearning done")
"""The race as a run of its own (``relearn_race``'s arguments), ending with ``RunDone`` of both
outcomes."""
