"""The U-LiRA-style attack as a sub-run: train shadow originals, unlearn them, retrain references.

Shadow originals are trained on the full data with seeds of their own and unlearned by the same
method and parameters; retrained shadows are references (cached, seeds never the original's),
one more than the shadows so that a reference the attacker never saw is a "retrained" target.
The unlearned model under test is the "unlearned" target. See ``verification.ulira``.
"""

from __future__ import annotations

from collections.abc import Generator

import numpy as np

from mugui.data.dataset import Dataset
from mugui.errors import UnlearningError
from mugui.runs.background import callback_events
from mugui.runs.events import RunProgress, within
from mugui.runs.references import reference_events
from mugui.runs.unlearn import UnlearnOutcome
from mugui.training.config import TrainConfig
from mugui.training.control import RunControl
from mugui.training.events import Finished
from mugui.training.trainer import Trainer
from mugui.unlearning.reference_cache import reference_seeds
from mugui.unlearning.registry import Cancelled, UnlearnRequest, get_method, run_method
from mugui.verification.forgetting_quality import logit_confidence
from mugui.verification.ulira import ulira_accuracy

SHADOW_SEED_OFFSET = 200_003  # shadow originals: seeds disjoint from the original, references, runs
DEFAULT_SHADOWS = 4


def _confidences(model, dataset: Dataset, rows: np.ndarray) -> np.ndarray:
    return logit_confidence(model.predict_proba(dataset.train_x[rows]), dataset.train_y[rows])


def ulira_run(
    outcome: UnlearnOutcome,
    dataset: Dataset,
    config: TrainConfig,
    shadows: int = DEFAULT_SHADOWS,
    control: RunControl | None = None,
) -> Generator[RunProgress, None, dict]:
    """Yields progress; returns the attack's accuracy (``verification.ulira.ulira_accuracy``)."""
    if shadows < 2:
        raise UnlearningError(
            f"the per-example attack needs at least 2 shadow models, got {shadows}"
        )
    control = control or RunControl()
    method = get_method(outcome.method)
    rows = outcome.forget.indices

    def shadow_work(emit):
        unlearned = []
        for k in range(shadows):
            emit(
                RunProgress(
                    k / shadows, f"shadow model {k + 1}/{shadows}: training with the forget set"
                )
            )
            seed = config.seed + SHADOW_SEED_OFFSET + k
            shadow_config = config.replace(seed=seed, record_updates=method.needs_recording)
            trainer = Trainer(dataset, shadow_config, control=control)
            finished = [e for e in trainer.run() if isinstance(e, Finished)]
            if finished[-1].reason != "completed":
                raise Cancelled("the shadow training was stopped")
            extras = trainer.recorder.to_arrays() if method.needs_recording else {}
            request = UnlearnRequest(
                trainer.model, dataset, outcome.forget, dict(outcome.params), shadow_config,
                control, extras=extras,
            )  # fmt: skip
            emit(RunProgress((k + 0.9) / shadows, f"shadow model {k + 1}/{shadows}: unlearning"))
            unlearned.append(_confidences(run_method(method.name, request).model, dataset, rows))
        return np.array(unlearned)

    unlearned = yield from within(callback_events(shadow_work, control), 0.0, 0.7)
    references = yield from within(
        reference_events(
            dataset, config, outcome.forget, reference_seeds(config, shadows + 1), control
        ),
        0.7,
        1.0,
    )
    retrained = np.array([_confidences(r.model, dataset, rows) for r in references[:shadows]])
    held_out = _confidences(references[-1].model, dataset, rows)
    return ulira_accuracy(
        unlearned, retrained, [_confidences(outcome.model, dataset, rows)], [held_out]
    )
