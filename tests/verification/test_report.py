"""The report: the unlearn JSON keys, gaps measured to the retrain reference, null without one."""

import numpy as np
import pytest

from mugui.runs.events import run_to_end
from mugui.runs.unlearn import UnlearnSpec, unlearn_events
from mugui.runs.verify import verify_events
from mugui.unlearning.forget_set import forget_class, forget_random
from mugui.unlearning.reference_cache import retrain_reference
from mugui.verification.figures import FIGURE_KEYS, model_figures
from mugui.verification.outputs import Outputs

from .conftest import SMALL, zero_class_outputs

TOP_KEYS = {"method", "params", "forget", "before", "after", "reference", "gap", "seconds",
            "reference_seconds", "speedup", "info"}  # fmt: skip


def _unlearn(name, data, model, forget):
    return run_to_end(unlearn_events(UnlearnSpec(model, data, forget, name, config=SMALL)))


def _verify(model, outcome, data, **options):
    return run_to_end(verify_events(model, outcome, data, config=SMALL, **options))


def test_report_has_spec_keys_and_gap_to_reference(blob_data, blob_model, tiny_method):
    forget = forget_class(blob_data, 5)
    name = tiny_method("zero5", lambda r: zero_class_outputs(r.model, 5))
    outcome = _unlearn(name, blob_data, blob_model, forget)
    report = _verify(blob_model, outcome, blob_data, relearn_on="full")
    assert set(report) >= TOP_KEYS
    for block in ("before", "after", "reference"):
        assert set(FIGURE_KEYS) <= set(report[block])
    assert {*FIGURE_KEYS, "avg_gap", "js_divergence"} <= set(report["gap"])
    after, ref, gap = report["after"], report["reference"], report["gap"]
    assert after["test_forget_accuracy"] == 0.0
    assert gap["forget_accuracy"] == abs(after["forget_accuracy"] - ref["forget_accuracy"])
    assert after["probe_accuracy"] > ref["probe_accuracy"] - 0.05
    assert after["relearn_steps"] >= 1 and ref["relearn_steps"] >= 1
    assert report["reference_seconds"] > 0 and report["speedup"] > 1
    assert report["info"] == {"by": "test"}


def test_without_reference_the_comparison_is_null(blob_data, blob_model, tiny_method):
    forget = forget_random(blob_data, 30)
    outcome = _unlearn(tiny_method("noop", lambda r: r.model), blob_data, blob_model, forget)
    report = _verify(blob_model, outcome, blob_data, seeds=0)
    assert report["reference"] is None and report["gap"] is None and report["speedup"] is None
    assert report["after"]["test_forget_accuracy"] is None
    assert report["after"] == pytest.approx(report["before"])


def test_several_reference_seeds_give_mean_and_spread(blob_data, blob_model, tiny_method):
    forget = forget_class(blob_data, 1)
    outcome = _unlearn(tiny_method("noop", lambda r: r.model), blob_data, blob_model, forget)
    report = _verify(blob_model, outcome, blob_data, seeds=3)
    assert report["reference_seeds"] == [1, 2, 3]
    references = [retrain_reference(blob_data, SMALL, forget, seed) for seed in (1, 2, 3)]
    figures = [model_figures(m, blob_data, forget, Outputs.of(m, blob_data)) for m in references]
    spreads = []
    for key in ("retain_accuracy", "test_accuracy", "mia_auc"):
        values = [f[key] for f in figures]
        assert report["reference"][key] == pytest.approx(np.mean(values))
        assert report["reference_sd"][key] == pytest.approx(np.std(values))
        spreads.append(report["reference_sd"][key])
    assert max(spreads) > 0.0  # three seeds, three different models
