"""The linear probe finds a class that zeroing the output layer only hid."""

import numpy as np
import pytest

from mugui.evaluation import evaluate
from mugui.verification.probe import probe_accuracy

from .conftest import zero_class_outputs


def test_probe_finds_the_class_output_zeroing_hid(blob_data, blob_model):
    hidden = zero_class_outputs(blob_model, 3)
    on_class = blob_data.test_y == 3
    assert evaluate(hidden, blob_data.test_x[on_class], blob_data.test_y[on_class]).accuracy == 0.0
    assert probe_accuracy(hidden, blob_data, (3,)) > 0.9


def test_probe_of_a_network_without_features_finds_nothing(blob_data, blob_model):
    from mugui.model import Model

    untrained = Model.init(blob_model.sizes, seed=5)
    untrained.params *= 0.0
    assert probe_accuracy(untrained, blob_data, (3,)) == 0.5


def test_probe_needs_a_hidden_layer_and_a_class(blob_data, blob_model):
    class Ensemble:
        def predict_proba(self, x):
            return np.full((len(x), 10), 0.1)

    assert probe_accuracy(Ensemble(), blob_data, (3,)) is None
    assert probe_accuracy(blob_model, blob_data, ()) is None


def test_probe_is_reported_against_references_and_an_untrained_layer():
    from mugui.verification.probe import probe_comparison

    out = probe_comparison(0.97, [0.95, 0.96, None], 0.93)
    assert out["reference_mean"] == pytest.approx(0.955)
    assert out["gain_over_reference"] == pytest.approx(0.015)
    assert out["gain_over_untrained"] == pytest.approx(0.04)
    assert probe_comparison(0.9, [], None)["gain_over_reference"] is None


def test_verification_reports_the_probe_gain(blob_data, blob_model, tiny_method):
    from mugui.runs.events import run_to_end
    from mugui.runs.unlearn import UnlearnSpec, unlearn_events
    from mugui.runs.verify import verify_events
    from mugui.unlearning.forget_set import forget_class

    from .conftest import SMALL

    forget = forget_class(blob_data, 5)
    spec = UnlearnSpec(
        blob_model, blob_data, forget, tiny_method("noop", lambda r: r.model), config=SMALL
    )
    outcome = run_to_end(unlearn_events(spec))
    report = run_to_end(verify_events(blob_model, outcome, blob_data, config=SMALL, seeds=2))
    probe = report["probe"]
    assert probe["unlearned"] == report["after"]["probe_accuracy"]
    assert 0.0 <= probe["untrained"] <= 1.0
    assert probe["gain_over_untrained"] == pytest.approx(probe["unlearned"] - probe["untrained"])


def test_the_probe_fits_256_hidden_units_of_8000_images_with_one_float64_copy():
    """The probe's logistic regression on a window-sized layer (8,000 × 256 float32): the
    standardised rows are its one float64 copy (16 MB); the float64 input, centred, scaled and
    weighted copies it used to make beside it peaked at 47.6 MB."""
    import tracemalloc

    from mugui.verification.logistic import fit_logistic

    rng = np.random.default_rng(0)
    truth = rng.random(8000) < 0.1
    feats = np.maximum(rng.normal(size=(8000, 256)), 0).astype(np.float32)
    feats[truth, :20] += 1.0
    tracemalloc.start()
    try:
        probe = fit_logistic(feats, truth, steps=20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (probe.predict_proba(feats) >= 0.5).mean() == pytest.approx(truth.mean(), abs=0.02)
    assert peak < 24 * 2**20, f"{peak / 2**20:.1f} MB"
