"""The trainer's numpy stand-ins (first start, kernels still compiling) match the kernels."""

import numpy as np
import pytest

from mugui.evaluation import evaluate
from mugui.model import Model
from mugui.training import numpy_backend
from mugui.training.config import TrainConfig
from mugui.training.trainer import Trainer
from mugui_kernels import flags as F
from mugui_kernels.epoch import shuffle_order


@pytest.mark.parametrize("seed", [0, 7, 123456789])
def test_the_shuffle_gives_the_kernels_order(seed):
    ours, kernels = np.arange(500, dtype=np.int64), np.arange(500, dtype=np.int64)
    numpy_backend.shuffle_order(ours, seed, 0)
    shuffle_order(kernels, np.int64(seed), np.int64(0))
    assert np.array_equal(ours, kernels) and not np.array_equal(ours, np.arange(500))


def test_no_shuffle_leaves_the_order_alone():
    order = np.arange(10, dtype=np.int64)
    numpy_backend.shuffle_order(order, 3, F.NO_SHUFFLE)
    assert np.array_equal(order, np.arange(10))


@pytest.mark.parametrize(
    "config",
    [
        TrainConfig(hidden=32, epochs=2, batch_size=16),
        TrainConfig(hidden=32, epochs=2, batch_size=5, schedule="sequential", lr=0.001,
                    bugs=("batch_image_index", "output_relu", "double_hidden_grad")),
    ],
    ids=["mean", "sequential-nnc-bugs"],
)  # fmt: skip
def test_a_run_on_numpy_until_the_kernels_are_ready_matches_a_kernel_run(blobs, config):
    ready = iter([False, True])
    mixed = Trainer(blobs, config, kernels_ready=lambda: next(ready))
    mixed_ends = [e for e in mixed.run() if type(e).__name__ == "EpochEnd"]
    kernels = Trainer(blobs, config)
    kernel_ends = [e for e in kernels.run() if type(e).__name__ == "EpochEnd"]
    assert mixed.epochs_on_numpy == 1 and kernels.epochs_on_numpy == 0
    np.testing.assert_allclose(mixed.model.params, kernels.model.params, atol=2e-4)
    for ours, theirs in zip(mixed_ends, kernel_ends, strict=True):
        assert ours.loss == pytest.approx(theirs.loss, rel=1e-3)
        assert ours.test_accuracy == pytest.approx(theirs.test_accuracy, abs=0.01)


def test_the_numpy_evaluation_matches_the_kernels(blobs):
    model = Model.init((784, 32, 10), seed=2)
    ours = numpy_backend.evaluate(model, blobs.test_x, blobs.test_y)
    kernels = evaluate(model, blobs.test_x, blobs.test_y)
    assert ours.accuracy == kernels.accuracy
    assert np.array_equal(ours.confusion, kernels.confusion)
    np.testing.assert_allclose(ours.probs, kernels.probs, atol=1e-5)


def test_a_run_that_ends_on_numpy_calibrates_without_the_kernels(blobs, monkeypatch):
    from mugui.calibration import calibrate

    config = TrainConfig(hidden=32, epochs=1, batch_size=16)
    calls = iter([False])
    trainer = Trainer(blobs, config, kernels_ready=lambda: next(calls))
    monkeypatch.setattr(Model, "predict_proba", lambda *a, **k: pytest.fail("used the kernels"))
    for _ in trainer.run():
        pass
    monkeypatch.undo()
    assert trainer.epochs_on_numpy == 1
    expected = calibrate(trainer.model.copy(), blobs.test_x, blobs.test_y)["temperature"]
    assert trainer.model.meta["temperature"] == pytest.approx(expected, rel=1e-3)
