"""The linear probe finds a class that zeroing the output layer only hid."""

import numpy as np

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
