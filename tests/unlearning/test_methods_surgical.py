"""The surgical methods: each changes the model in its own recognisable way."""

from __future__ import annotations

import numpy as np
import pytest

from mugui.data.load import load_dataset
from mugui.errors import UnlearningError
from mugui.training.config import TrainConfig
from mugui.training.control import RunControl
from mugui.training.trainer import train
from mugui.unlearning.blocks.fisher_information import (
    batch_gradient_importance,
    fisher_information,
)
from mugui.unlearning.forget_set import forget_class, forget_random
from mugui.unlearning.methods.boundary_shrink import neighbour_labels
from mugui.unlearning.registry import Cancelled, UnlearnRequest, run_method
from mugui_kernels import layout

CONFIG = TrainConfig(hidden=64, epochs=3)
DIGIT = 5


@pytest.fixture(scope="module")
def data():
    return load_dataset("bundled")


@pytest.fixture(scope="module")
def model(data):
    trained, _ = train(data, CONFIG)
    return trained


def unlearn(name, model, data, forget, **params):
    return run_method(name, UnlearnRequest(model, data, forget, params, CONFIG))


def accuracy(model, images, labels) -> float:
    return float((model.predict(images) == labels).mean())


def class_test_accuracy(model, data, digit=DIGIT) -> float:
    mask = data.test_y == digit
    return accuracy(model, data.test_x[mask], data.test_y[mask])


def forget_accuracy(model, data, forget) -> float:
    return accuracy(model, data.train_x[forget.indices], data.train_y[forget.indices])


def test_output_zero_silences_the_class_but_keeps_the_hidden_layer(model, data):
    result = unlearn("output_zero", model, data, forget_class(data, DIGIT))
    assert class_test_accuracy(model, data) > 0.8
    assert class_test_accuracy(result.model, data) == 0.0
    np.testing.assert_array_equal(result.model.hidden(data.test_x), model.hidden(data.test_x))
    assert result.info["hidden_layers_changed"] == 0


def test_output_zero_refuses_a_forget_set_that_is_not_a_class(model, data):
    with pytest.raises(UnlearningError, match="whole classes only"):
        unlearn("output_zero", model, data, forget_random(data, 10))


def test_prune_layers_touches_every_layer(model, data):
    result = unlearn("prune_layers", model, data, forget_class(data, DIGIT))
    changed = result.model.params != model.params
    for w, b in layout.layer_slices(model.sizes):
        assert changed[w.start : b.stop].any()
    assert min(result.info["params_changed_per_layer"]) > 0


def test_prune_layers_criterion_beats_a_random_choice_of_the_same_size(model, data):
    forget = forget_class(data, DIGIT)
    chosen = unlearn("prune_layers", model, data, forget, fraction=0.01)
    random = unlearn("prune_layers", model, data, forget, fraction=0.01, criterion="random")
    assert chosen.info["params_changed"] == random.info["params_changed"]
    assert forget_accuracy(chosen.model, data, forget) < 0.2
    assert forget_accuracy(random.model, data, forget) > 0.5


def test_prune_layers_randomise_redraws_instead_of_zeroing(model, data):
    result = unlearn("prune_layers", model, data, forget_class(data, DIGIT), mode="randomise")
    changed = result.model.params != model.params
    assert np.count_nonzero(result.model.params[changed]) > 0.9 * changed.sum()


def test_fisher_adds_more_noise_where_the_retain_fisher_is_small(model, data):
    forget = forget_random(data, 50)
    result = unlearn("fisher", model, data, forget, samples=0, alpha=1e-7, clamp=1e8)
    retain = forget.retain_indices()
    fisher = fisher_information(model, data.train_x[retain], data.train_y[retain], True)
    _, biases = layout.layer_slices(model.sizes)[0]  # hidden biases: one variance each
    moved = np.abs(result.model.params[biases] - model.params[biases])
    small = fisher[biases] < np.median(fisher[biases])
    assert moved[small].mean() > 3 * moved[~small].mean()


def test_fisher_for_a_class_zeroes_its_output_unit_on_average(model, data):
    result = unlearn("fisher", model, data, forget_class(data, DIGIT))
    assert class_test_accuracy(result.model, data) < 0.05
    assert result.info["class_outputs_zeroed"] == [DIGIT]


def test_batch_importance_is_the_squared_batch_gradient_and_per_sample_the_fisher(model, data):
    from mugui import network_kernels
    from mugui.unlearning.stepper import one_hot, to_inputs

    x, y = data.train_x[:24], data.train_y[:24]
    whole = network_kernels.loss_gradient(model, to_inputs(x, model), one_hot(y))
    rng = np.random.default_rng(0)
    np.testing.assert_allclose(
        batch_gradient_importance(model, x, y, 24, rng), whole * whole, rtol=1e-3, atol=1e-10
    )
    per_sample = batch_gradient_importance(model, x, y, 1, rng)
    fisher = fisher_information(model, x, y, False)
    np.testing.assert_allclose(per_sample, fisher, rtol=1e-3, atol=1e-9)
    # gradients that pull different ways cancel in a batch before squaring
    assert batch_gradient_importance(model, x, y, 8, rng).sum() < fisher.sum()


def test_ssd_with_batch_importance_and_normalized_shares_forgets_the_class(model, data):
    result = unlearn("ssd", model, data, forget_class(data, DIGIT), batch=64, normalize=True)
    assert np.all(np.abs(result.model.params) <= np.abs(model.params))
    assert class_test_accuracy(result.model, data) < 0.2
    others = data.test_y != DIGIT
    assert accuracy(result.model, data.test_x[others], data.test_y[others]) > 0.85
    plain = unlearn("ssd", model, data, forget_class(data, DIGIT), batch=64)
    assert result.info["params_dampened"] != plain.info["params_dampened"]


def test_ssd_only_shrinks_weights_and_forgets_the_class(model, data):
    result = unlearn("ssd", model, data, forget_class(data, DIGIT))
    assert np.all(np.abs(result.model.params) <= np.abs(model.params))
    assert result.info["params_dampened"] > 0
    assert class_test_accuracy(result.model, data) < 0.2
    others = data.test_y != DIGIT
    assert accuracy(result.model, data.test_x[others], data.test_y[others]) > 0.85


def test_l1_sparse_zeroes_weights_that_plain_fine_tuning_keeps(model, data):
    forget = forget_random(data, 100)
    sparse = unlearn("l1_sparse", model, data, forget, epochs=0.5)
    plain = unlearn("l1_sparse", model, data, forget, epochs=0.5, gamma=0.0)
    assert sparse.info["zero_weights_fraction"] > 0.05
    assert np.count_nonzero(plain.model.params == 0) < np.count_nonzero(sparse.model.params == 0)
    assert accuracy(sparse.model, data.test_x, data.test_y) > 0.85


def test_boundary_shrink_sends_forget_samples_to_their_neighbour_class(model, data):
    forget = forget_class(data, DIGIT)
    images, labels = data.train_x[forget.indices], data.train_y[forget.indices].astype(np.int64)
    neighbours = neighbour_labels(model, images, labels, 0.1)
    assert not np.any(neighbours == labels)
    result = unlearn("boundary_shrink", model, data, forget)
    assert np.mean(result.model.predict(images) == neighbours) > 0.7
    assert class_test_accuracy(result.model, data) < 0.1


def test_msg_reinitialises_salient_weights_then_repairs_on_retain(model, data):
    forget = forget_class(data, DIGIT)
    result = unlearn("msg", model, data, forget, epochs=0.5)
    assert result.info["params_reinitialised"] > 0
    assert forget_accuracy(result.model, data, forget) < 0.1
    assert accuracy(result.model, data.test_x, data.test_y) > 0.8


def test_unknown_parameter_is_a_clear_error(model, data):
    with pytest.raises(UnlearningError, match="has no parameter 'alpah'"):
        unlearn("fisher", model, data, forget_class(data, DIGIT), alpah=1e-6)


def test_cancel_stops_a_method_and_leaves_the_model_alone(model, data):
    control = RunControl()
    control.stop()
    before = model.params.copy()
    request = UnlearnRequest(model, data, forget_class(data, DIGIT), {}, CONFIG, control)
    with pytest.raises(Cancelled):
        run_method("msg", request)
    np.testing.assert_array_equal(model.params, before)
