"""Temperature scaling: fitted on held-out digits, stored in the model, applied on the answer paths."""

from __future__ import annotations

import numpy as np
import pytest

from mugui.calibration import (
    calibrate,
    calibrated_proba,
    expected_calibration_error,
    fit_temperature,
    temper,
    temperature_of,
)
from mugui.model import Model


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def sampled(true_t: float, n: int = 6000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Probabilities at T=1 of logits whose labels are drawn from softmax(logits / true_t)."""
    rng = np.random.default_rng(seed)
    logits = rng.normal(0, 4, (n, 10))
    truth = softmax(logits / true_t)
    labels = np.array([rng.choice(10, p=p) for p in truth])
    return softmax(logits).astype(np.float32), labels


def test_the_fitted_temperature_is_the_one_the_labels_were_drawn_at():
    for true_t in (0.5, 1.0, 2.5):
        probs, labels = sampled(true_t)
        assert fit_temperature(probs, labels) == pytest.approx(true_t, rel=0.1)


def test_scaling_removes_most_of_an_overconfident_models_calibration_error():
    probs, labels = sampled(2.5)
    before = expected_calibration_error(probs, labels)
    after = expected_calibration_error(temper(probs, fit_temperature(probs, labels)), labels)
    assert before > 0.1 and after < 0.3 * before


def test_tempering_keeps_every_answer_and_sums_to_one():
    probs, _ = sampled(1.0, n=200)
    hot = temper(probs, 3.0)
    np.testing.assert_array_equal(hot.argmax(axis=1), probs.argmax(axis=1))
    np.testing.assert_allclose(hot.sum(axis=1), 1.0, atol=1e-5)
    assert hot.max(axis=1).mean() < probs.max(axis=1).mean()
    assert temper(probs, 1.0) is probs


def test_ece_is_zero_for_a_model_right_exactly_as_often_as_it_says():
    probs = np.tile([[0.8] + [0.2 / 9] * 9], (1000, 1))
    labels = np.where(np.arange(1000) < 800, 0, 1)
    assert expected_calibration_error(probs, labels) == pytest.approx(0.0, abs=1e-9)
    assert expected_calibration_error(probs, np.ones(1000, int)) == pytest.approx(0.8)


@pytest.mark.parametrize("value", [None, "2", True, float("nan"), -1.0, 0.0, 1e9])
def test_a_missing_or_unusable_temperature_is_one(value):
    meta = {} if value is None else {"temperature": value}
    assert temperature_of(meta) == 1.0
    assert temperature_of({"temperature": 1.7}) == 1.7


def test_training_fits_and_stores_the_temperature_and_older_files_answer_as_before(blobs):
    from mugui.training.config import TrainConfig
    from mugui.training.trainer import train

    model, _ = train(blobs, TrainConfig(hidden=32, epochs=2, batch_size=16))
    record = model.meta["calibration"]
    assert model.meta["temperature"] == record["temperature"] > 0
    assert "test split" in record["fitted_on"]
    old = model.copy()
    old.meta.pop("temperature")
    np.testing.assert_array_equal(
        calibrated_proba(old, blobs.test_x), old.predict_proba(blobs.test_x)
    )
    scaled = calibrated_proba(model, blobs.test_x)
    np.testing.assert_allclose(
        scaled, temper(model.predict_proba(blobs.test_x), record["temperature"])
    )


def test_too_few_test_digits_leave_the_temperature_at_one():
    model = Model.init((784, 16, 10), seed=0)
    images = np.zeros((150, 784), np.uint8)
    record = calibrate(model, images, np.zeros(150, np.uint8))
    assert record["temperature"] == 1.0 == model.meta["temperature"]
