"""The full verification report of one unlearning run: before, after, the retrain reference, the gap.

One function builds it for the CLI (``mugui unlearn --metrics``), the GUI and the benchmarks;
its keys are SPEC §7's. The retrain reference is the target: after forgetting random samples the
reference still classifies most of them, so a gap of zero to it, not zero accuracy, is success.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from mugui.data.dataset import Dataset
from mugui.model import Model
from mugui.training.config import TrainConfig
from mugui.training.control import RunControl
from mugui.unlearning.forget_set import ForgetSet
from mugui.unlearning.reference_cache import retrain_reference
from mugui.unlearning.registry import UnlearnResult
from mugui.unlearning.relearn import relearn
from mugui.verification.divergence import js_divergence
from mugui.verification.figures import model_figures
from mugui.verification.forgetting_quality import ForgettingQuality
from mugui.verification.gap import mean_figures, reference_gap
from mugui.verification.outputs import Outputs


@dataclass(frozen=True)
class Reference:
    """A retrained model and the wall seconds its training took (None if unknown)."""

    model: Model
    seconds: float | None
    seed: int


def timed_references(
    dataset: Dataset,
    config: TrainConfig,
    forget: ForgetSet,
    seeds: int = 1,
    control: RunControl | None = None,
) -> list[Reference]:
    """Retrain references for ``seeds`` consecutive seeds (cached), with their training time.

    A reference trained now is timed; one read back from the cache reports the seconds stored
    with it (``meta["train_seconds"]``), or None, so that a cache hit never fakes a speedup.
    """
    references = []
    for seed in range(config.seed, config.seed + seeds):
        trained = []
        started = time.perf_counter()
        model = retrain_reference(
            dataset, config, forget, seed, control=control, on_event=trained.append
        )
        seconds = time.perf_counter() - started if trained else model.meta.get("train_seconds")
        references.append(Reference(model, seconds, seed))
    return references


def unlearning_report(
    original: Model,
    result: UnlearnResult,
    dataset: Dataset,
    forget: ForgetSet,
    method: str,
    params: dict,
    references: Sequence[Reference] = (),
    config: TrainConfig | None = None,
    relearn_on: str | None = None,
    quality: ForgettingQuality | None = None,
    control: RunControl | None = None,
    on_progress: Callable[[float, str], None] | None = None,
) -> dict:
    """SPEC §7's unlearn JSON: ``before``/``after``/``reference`` figures, ``gap``, cost, ``info``.

    With several references, ``reference`` holds their means and ``reference_sd`` the standard
    deviations. ``relearn_on`` ("full" or "forget", needs ``config``) adds ``relearn_steps`` for
    the unlearned model and the first reference. Without references, ``reference``, ``gap``,
    ``reference_seconds`` and ``speedup`` are None.
    """

    def progress(fraction: float, message: str) -> None:
        if on_progress is not None:
            on_progress(fraction, message)

    progress(0.0, "measuring the original model")
    before = model_figures(original, dataset, forget)
    progress(0.2, "measuring the unlearned model")
    after_outputs = Outputs.of(result.model, dataset)
    after = model_figures(result.model, dataset, forget, after_outputs)
    reference = reference_sd = gap = reference_seconds = speedup = None
    if references:
        progress(0.4, "measuring the retrain reference")
        ref_outputs = [Outputs.of(r.model, dataset) for r in references]
        ref_figures = [
            model_figures(r.model, dataset, forget, out)
            for r, out in zip(references, ref_outputs, strict=True)
        ]
        reference, sd = mean_figures(ref_figures)
        reference_sd = sd if len(references) > 1 else None
        gap = reference_gap(after, reference)
        gap["js_divergence"] = float(
            np.mean(
                [
                    js_divergence(after_outputs.train[forget.indices], out.train[forget.indices])
                    for out in ref_outputs
                ]
            )
        )
        timings = [r.seconds for r in references if r.seconds is not None]
        reference_seconds = float(np.mean(timings)) if timings else None
        if reference_seconds is not None and result.seconds > 0:
            speedup = reference_seconds / result.seconds
    relearn_details = None
    if relearn_on is not None and config is not None:
        relearn_details = {}
        targets = [("after", result.model)] + (
            [("reference", references[0].model)] if references else []
        )
        for i, (name, model) in enumerate(targets):
            block = after if name == "after" else reference
            if not isinstance(model, Model):
                relearn_details[name] = block["relearn_steps"] = None
                continue
            progress(0.6 + 0.2 * i, f"relearning ({name})")
            outcome = relearn(model, original, dataset, forget, config, relearn_on, control=control)
            relearn_details[name] = outcome.to_dict()
            block["relearn_steps"] = outcome.steps
    progress(1.0, "report ready")
    return {
        "method": method,
        "params": dict(params),
        "forget": forget.to_dict(),
        "before": before,
        "after": after,
        "reference": reference,
        "reference_sd": reference_sd,
        "reference_seeds": [r.seed for r in references],
        "gap": gap,
        "seconds": result.seconds,
        "reference_seconds": reference_seconds,
        "speedup": speedup,
        "info": result.info,
        "relearn": relearn_details,
        "forgetting_quality": quality.to_dict() if quality is not None else None,
    }
