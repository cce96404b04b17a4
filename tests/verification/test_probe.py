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
