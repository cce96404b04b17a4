"""The presets reproduce the seeds' programs on the bundled digits, and the tests show which bug
makes nn.c learn backwards. They use 64 hidden units (instead of 256) to stay fast; the full-size
figures are in the README and come from ``benchmarks/learning_backwards.py``."""

import pytest

from mugui.data.load import load_dataset
from mugui.presets import PRESETS
from mugui.training.trainer import train

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundled():
    return load_dataset("bundled")


def _curve(dataset, preset, epochs, drop=(), bugs=(), **changes):
    config = PRESETS[preset].config
    kept = tuple(b for b in config.bugs if b not in drop)
    config = config.replace(epochs=epochs, hidden=64, bugs=kept + tuple(bugs), **changes)
    _, history = train(dataset, config)
    return [e["test_accuracy"] for e in history.epochs], history


def test_nnc_preset_learns_backwards(bundled):
    curve, _ = _curve(bundled, "nnc", 12)
    peak = max(curve)
    assert curve.index(peak) < 6, f"accuracy should peak early: {curve}"
    assert curve[-1] <= peak - 0.10, f"accuracy should fall 10 points below its peak: {curve}"


def test_nnc_without_batch_image_index_learns_normally(bundled):
    curve, _ = _curve(bundled, "nnc", 12, drop=("batch_image_index",))
    assert curve[-1] >= 0.90
    assert curve[-1] >= max(curve) - 0.02, curve


def test_nnc_without_no_shuffle_still_learns_backwards(bundled):
    curve, _ = _curve(bundled, "nnc", 12, drop=("no_shuffle",))
    assert curve[-1] <= max(curve) - 0.10, f"shuffling does not cure it: {curve}"


def test_minimnistc_learns_fine(bundled):
    curve, _ = _curve(bundled, "minimnistc", 6)
    assert curve[-1] >= 0.92, curve


def test_debugc_reports_its_misleading_training_accuracy_beside_the_true_one(bundled):
    _, history = _curve(bundled, "debugc", 10)
    last = history.epochs[-1]
    assert last["reported_on"] == "train"
    assert last["reported_accuracy"] >= 0.97
    assert last["test_accuracy"] < last["reported_accuracy"]


def test_unstable_softmax_with_raw_pixels_blows_up_and_ends_cleanly(bundled):
    _, history = _curve(bundled, "healthy", 3, bugs=("no_normalize", "unstable_softmax"))
    assert history.finished == "diverged"
    assert "unstable_softmax" in history.message


def test_no_normalize_saturates_and_ends_cleanly(bundled):
    curve, history = _curve(bundled, "healthy", 2, bugs=("no_normalize",))
    assert history.finished in ("completed", "diverged")
    if history.finished == "completed":
        assert curve[-1] < 0.5, f"raw 0..255 pixels should cripple training: {curve}"
    else:
        assert "no_normalize" in history.message


def test_gradient_ascent_drives_test_accuracy_to_chance(bundled):
    # without the preset's non-digits: their uniform targets blow the ascent up within epoch 1,
    # before any test accuracy is measured
    curve, _ = _curve(bundled, "healthy", 3, bugs=("gradient_ascent",), outlier_exposure=0)
    assert curve[-1] <= 0.15, curve
