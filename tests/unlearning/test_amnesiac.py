"""Amnesiac unlearning: only with recorded updates, and then it undoes the forget batches."""

from __future__ import annotations

import numpy as np
import pytest

from mugui.data.load import load_dataset
from mugui.errors import UnlearningError
from mugui.training.config import TrainConfig
from mugui.training.trainer import Trainer
from mugui.unlearning.forget_set import forget_class, forget_fraction, forget_random
from mugui.unlearning.registry import UnlearnRequest, get_method, run_method

CONFIG = TrainConfig(hidden=64, epochs=3, record_updates=True)
SHORT = CONFIG.replace(epochs=1)  # where only the bookkeeping matters
DIGIT = 5


@pytest.fixture(scope="module")
def data():
    return load_dataset("bundled")


def trained(data, groups=None, config=CONFIG):
    trainer = Trainer(data, config, record_groups=groups)
    for _ in trainer.run():
        pass
    extras = {**trainer.recorder.to_arrays(), "record_groups": list(trainer.recorder.names)}
    return trainer.model, extras


@pytest.fixture(scope="module")
def recorded(data):
    return trained(data)


def accuracy(model, data, indices) -> float:
    return float((model.predict(data.train_x[indices]) == data.train_y[indices]).mean())


def test_amnesiac_declares_that_it_needs_recording():
    assert get_method("amnesiac").needs_recording


def test_without_recorded_updates_the_error_says_how_to_record(recorded, data):
    model, _ = recorded
    request = UnlearnRequest(model, data, forget_class(data, DIGIT), {}, CONFIG)
    with pytest.raises(UnlearningError, match="--record-updates"):
        run_method("amnesiac", request)


def test_subtracting_the_class_batches_forgets_the_class(recorded, data):
    model, extras = recorded
    forget = forget_class(data, DIGIT)
    assert accuracy(model, data, forget.indices) > 0.7
    request = UnlearnRequest(model, data, forget, {"epochs": 1.0}, CONFIG, extras=extras)
    result = run_method("amnesiac", request)
    assert accuracy(result.model, data, forget.indices) < 0.1
    assert accuracy(result.model, data, forget.retain_indices()) > 0.85
    info = result.info
    assert info["group_subtracted"] == f"class {DIGIT}"
    assert (
        info["recording_bytes"] == extras["record"].nbytes + extras["record_sample_groups"].nbytes
    )
    assert 0 < info["batches_subtracted"] <= info["batches_total"]


def test_bare_subtraction_undoes_the_recorded_updates_exactly(recorded, data):
    model, extras = recorded
    request = UnlearnRequest(
        model, data, forget_fraction(data, DIGIT, 0.5), {"epochs": 0.0}, CONFIG, extras=extras
    )
    result = run_method("amnesiac", request)
    np.testing.assert_allclose(
        result.model.params, model.params - extras["record"][DIGIT], atol=1e-6
    )


def test_a_forget_set_across_groups_is_refused(recorded, data):
    model, extras = recorded
    request = UnlearnRequest(model, data, forget_random(data, 30), {}, CONFIG, extras=extras)
    with pytest.raises(UnlearningError, match="spans several recorded groups"):
        run_method("amnesiac", request)


@pytest.fixture(scope="module")
def recorded_for_five(data):
    forget = forget_random(data, 5)
    return forget, *trained(data, {"to forget": forget.indices}, SHORT)


def test_a_group_recorded_for_the_forget_set_touches_only_its_batches(recorded_for_five, data):
    forget, model, extras = recorded_for_five
    result = run_method(
        "amnesiac", UnlearnRequest(model, data, forget, {"epochs": 0.2}, SHORT, extras=extras)
    )
    assert result.info["batches_subtracted"] <= 5 * SHORT.epochs
    assert result.info["batches_subtracted_fraction"] < 0.05
    assert "note" not in result.info


def test_samples_outside_every_recorded_group_are_refused(recorded_for_five, data):
    _, model, extras = recorded_for_five
    request = UnlearnRequest(model, data, forget_class(data, DIGIT), {}, SHORT, extras=extras)
    with pytest.raises(UnlearningError, match="in no recorded group"):
        run_method("amnesiac", request)
