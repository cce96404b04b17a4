"""Verify an unlearned model against retraining, as a cancellable generator of events.

``verify_events`` measures the original, the unlearned model and retrain references (trained or
read from the cache), optionally races them back to the forget set (relearn) and computes the
NeurIPS 2023 forgetting quality, and ends with ``RunDone(report)``: the dict that
``mugui unlearn --metrics`` writes as JSON. The retrain reference is the target: after
forgetting random samples the reference still classifies most of them, so a gap of zero to it,
not zero accuracy, is success.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from mugui.data.dataset import Dataset
from mugui.model import Model
from mugui.runs.background import callback_events
from mugui.runs.events import RelearnPoint, RunDone, RunProgress, within
from mugui.runs.references import reference_events
from mugui.runs.relearn import relearn_race
from mugui.runs.ulira import ulira_run
from mugui.runs.unlearn import UnlearnOutcome, training_config
from mugui.training.config import TrainConfig
from mugui.training.control import RunControl
from mugui.training.work_meter import training_work
from mugui.unlearning.reference_cache import reference_seeds
from mugui.verification.divergence import js_divergence
from mugui.verification.figures import model_figures
from mugui.verification.forgetting_quality import forgetting_quality
from mugui.verification.gap import GAP_KEYS, mean_figures, reference_gap
from mugui.verification.noise_floor import distance_floor, figure_floor
from mugui.verification.outputs import Outputs
from mugui.verification.probe import probe_accuracy, probe_comparison

UNTRAINED_SEED_OFFSET = 7_919  # the untrained network for the probe's floor
DEFAULT_SEEDS = 3  # references for a noise floor; cached, so only the first verification pays


def verify_events(
    original: Model,
    outcome: UnlearnOutcome,
    dataset: Dataset,
    *,
    config: TrainConfig | None = None,
    seeds: int = DEFAULT_SEEDS,
    relearn_on: str | None = None,
    quality_n: int | None = None,
    quality_mode: str = "exact",
    ulira_shadows: int | None = None,
    extras: dict | None = None,
    control: RunControl | None = None,
) -> Iterator[RunProgress | RelearnPoint | RunDone]:
    """Measure ``outcome`` against ``seeds`` retrain references (0: none); ends with the report.

    ``relearn_on`` ("full" or "forget") adds the relearn race; ``quality_n`` the forgetting
    quality over N method runs and N references (``extras`` as the method needs them;
    ``quality_mode`` "exact" or "challenge", see ``forgetting_quality``); ``ulira_shadows`` the
    per-example attack with that many shadow models (``runs.ulira``).
    """
    control = control or RunControl()
    config = config if config is not None else training_config(original)
    forget = outcome.forget
    yield RunProgress(0.0, "measuring the original model")
    before_outputs = Outputs.of(original, dataset)
    before = model_figures(original, dataset, forget, before_outputs)
    yield RunProgress(0.05, "measuring the unlearned model")
    after_outputs = Outputs.of(outcome.model, dataset)
    after = model_figures(outcome.model, dataset, forget, after_outputs)
    references, ref_figures = [], []
    if seeds > 0:
        references = yield from within(
            reference_events(dataset, config, forget, reference_seeds(config, seeds), control),
            0.1,
            0.5,
        )
    reference = reference_sd = gap = reference_seconds = speedup = None
    reference_work = work_speedup = noise_floor = None
    if references:
        yield RunProgress(0.5, "measuring the retrain references")
        ref_outputs = [Outputs.of(r.model, dataset) for r in references]
        ref_figures = [
            model_figures(r.model, dataset, forget, out)
            for r, out in zip(references, ref_outputs, strict=True)
        ]
        reference, sd = mean_figures(ref_figures)
        reference_sd = sd if len(references) > 1 else None
        gap = reference_gap(after, reference)
        gap["js_divergence"] = _mean_js(after_outputs, ref_outputs, forget.indices)
        noise_floor = _noise_floors(
            before, after, ref_figures, before_outputs, after_outputs, ref_outputs, forget.indices
        )
        timings = [r.seconds for r in references if r.seconds is not None]
        reference_seconds = float(np.mean(timings)) if timings else None
        if reference_seconds is not None and outcome.seconds > 0:
            speedup = reference_seconds / outcome.seconds
        reference_work = training_work(
            config.epochs * (dataset.n_train - forget.indices.size), original.params.size
        )
        if outcome.work.gradient_samples > 0:
            work_speedup = reference_work.gradient_samples / outcome.work.gradient_samples
    probe = None
    if after.get("probe_accuracy") is not None:
        yield RunProgress(0.55, "probing an untrained hidden layer")
        probe = probe_comparison(
            after["probe_accuracy"],
            [f.get("probe_accuracy") for f in ref_figures] if references else [],
            probe_accuracy(
                Model.init(original.spec, config.seed + UNTRAINED_SEED_OFFSET),
                dataset,
                forget.target_classes(dataset.train_y),
            ),
        )
    relearn = None
    if relearn_on is not None:
        raced = yield from within(
            relearn_race(
                outcome.model,
                references[0].model if references else None,
                original,
                dataset,
                forget,
                config,
                relearn_on,
                control,
            ),
            0.6,
            0.8,
        )
        relearn = {"after": _relearn_dict(raced["unlearned"])}
        after["relearn_steps"] = raced["unlearned"].steps if raced["unlearned"] else None
        if reference is not None:
            relearn["reference"] = _relearn_dict(raced["reference"])
            reference["relearn_steps"] = raced["reference"].steps
    quality = None
    if quality_n is not None:

        def score(emit):
            return forgetting_quality(
                original, outcome.method, outcome.params, dataset, forget, config, quality_n,
                extras, control, on_progress=lambda f, phrase: emit(RunProgress(f, phrase)),
                mode=quality_mode,
            )  # fmt: skip

        quality = yield from within(callback_events(score, control), 0.8, 1.0)
    ulira = None
    if ulira_shadows is not None:
        ulira = yield from within(
            ulira_run(outcome, dataset, config, ulira_shadows, control), 0.8, 1.0
        )
    yield RunProgress(1.0, "report ready")
    yield RunDone(
        {
            "method": outcome.method,
            "params": dict(outcome.params),
            "forget": forget.to_dict(),
            "before": before,
            "after": after,
            "reference": reference,
            "reference_sd": reference_sd,
            "reference_seeds": [r.seed for r in references],
            "gap": gap,
            "noise_floor": noise_floor,
            "probe": probe,
            "ulira": ulira,
            "seconds": outcome.seconds,
            "timings": list(outcome.timings),
            "work": outcome.work.to_dict(),
            "setup": _setup_dict(outcome.setup),
            "recording_cost": outcome.recording_cost,
            "reference_seconds": reference_seconds,
            "reference_timing": [
                {**r.timing, "seed": r.seed, "seconds": r.seconds} for r in references
            ],
            "reference_work": reference_work.to_dict() if reference_work else None,
            "speedup": speedup,
            "work_speedup": work_speedup,
            "info": outcome.info,
            "relearn": relearn,
            "forgetting_quality": quality.to_dict() if quality is not None else None,
        }
    )


def _relearn_dict(outcome) -> dict | None:
    return outcome.to_dict() if outcome is not None else None


def _setup_dict(setup: dict | None) -> dict | None:
    if setup is None:
        return None
    return {"what": setup["what"], "seconds": setup["seconds"], "work": setup["work"].to_dict()}


def _mean_js(outputs: Outputs, others: list[Outputs], rows: np.ndarray) -> float:
    return float(np.mean([js_divergence(outputs.train[rows], o.train[rows]) for o in others]))


def _noise_floors(
    before: dict,
    after: dict,
    ref_figures: list[dict],
    before_outputs: Outputs,
    after_outputs: Outputs,
    ref_outputs: list[Outputs],
    rows: np.ndarray,
) -> dict:
    """Per figure: unlearned vs the references' mean and spread, doing nothing, and a verdict."""
    floors = {
        key: figure_floor(after.get(key), [f.get(key) for f in ref_figures], before.get(key))
        for key in GAP_KEYS
    }
    reference, _ = mean_figures(ref_figures)
    leave_one_out = [
        reference_gap(f, mean_figures(ref_figures[:i] + ref_figures[i + 1 :])[0])["avg_gap"]
        for i, f in enumerate(ref_figures)
        if len(ref_figures) > 1
    ]
    floors["avg_gap"] = distance_floor(
        reference_gap(after, reference)["avg_gap"],
        [g for g in leave_one_out if g is not None],
        reference_gap(before, reference)["avg_gap"],
    )
    js_between = [
        _mean_js(out, ref_outputs[:i] + ref_outputs[i + 1 :], rows)
        for i, out in enumerate(ref_outputs)
        if len(ref_outputs) > 1
    ]
    floors["js_divergence"] = distance_floor(
        _mean_js(after_outputs, ref_outputs, rows),
        js_between,
        _mean_js(before_outputs, ref_outputs, rows),
    )
    return {key: floor for key, floor in floors.items() if floor is not None}
