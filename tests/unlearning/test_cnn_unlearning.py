"""Every unlearning method runs on the CNN's flat parameter vector, or refuses with a reason."""

from __future__ import annotations

import numpy as np
import pytest

from mugui.data.bundled import load_bundled
from mugui.data.dataset import Dataset
from mugui.errors import UnlearningError
from mugui.training.config import TrainConfig
from mugui.training.trainer import Trainer
from mugui.unlearning.forget_set import forget_class
from mugui.unlearning.registry import UnlearnRequest, all_methods, run_method

CONFIG = TrainConfig(architecture="cnn", hidden=32, epochs=3, lr=0.05, record_updates=True)
DIGIT = 5
TASK_LAB_ONLY = {"si_forget", "unit_removal"}  # need a CNN trained task by task (the task lab)


@pytest.fixture(scope="module")
def data() -> Dataset:
    bundled = load_bundled()
    return Dataset(
        "digits", bundled.train_x[:1000], bundled.train_y[:1000], bundled.test_x[:500],
        bundled.test_y[:500],
    )  # fmt: skip


@pytest.fixture(scope="module")
def trained(data):
    trainer = Trainer(data, CONFIG)
    for _ in trainer.run():
        pass
    return trainer.model, trainer.recorder.to_arrays()


def _split(model, data) -> tuple[float, float]:
    predicted = model.predict(data.test_x)
    is_digit = data.test_y == DIGIT
    return (
        float((predicted[is_digit] == DIGIT).mean()),
        float((predicted[~is_digit] == data.test_y[~is_digit]).mean()),
    )


def test_random_labels_makes_a_cnn_forget_a_class(trained, data):
    model, extras = trained
    before = _split(model, data)
    forget_set = forget_class(data, DIGIT)  # ~90 samples here: a few passes over them
    request = UnlearnRequest(model.copy(), data, forget_set, {"epochs": 4}, CONFIG)
    result = run_method("random_labels", request)
    forget, retain = _split(result.model, data)
    assert before[0] > 0.5 and forget <= 0.05
    assert retain > before[1] - 0.1
    assert result.model.is_cnn


@pytest.mark.parametrize("name", [m.name for m in all_methods()])
def test_every_method_runs_on_the_cnn_or_says_why_not(trained, data, name):
    model, extras = trained
    params = {"shards": 2, "slices": 1} if name == "sisa" else {}  # the fewest trainings
    forget = forget_class(data, DIGIT)
    request = UnlearnRequest(model.copy(), data, forget, params, CONFIG, extras=extras)
    if name in TASK_LAB_ONLY:
        with pytest.raises(UnlearningError, match="task"):
            run_method(name, request)
        return
    result = run_method(name, request)
    models = result.model.shards if name == "sisa" else [result.model]
    for changed in models:
        assert changed.is_cnn and changed.spec == model.spec
        assert changed.is_finite()
        assert not np.array_equal(changed.params, model.params)


@pytest.mark.parametrize("layers", ["dense", "output"])
def test_gradient_ascent_on_chosen_layers_leaves_the_others_bit_identical(trained, data, layers):
    model, _ = trained
    params = {"layers": layers, "epochs": 1, "stop_at": 0.0}
    request = UnlearnRequest(model.copy(), data, forget_class(data, DIGIT), params, CONFIG)
    moved = run_method("gradient_ascent", request).model.params != model.params
    slices = model.layer_slices()
    free = slices[-1:] if layers == "output" else slices[-(len(model.sizes) - 1) :]
    allowed = np.zeros(model.params.size, dtype=bool)
    for weights, biases in free:
        allowed[weights] = allowed[biases] = True
    assert moved[allowed].any() and not moved[~allowed].any()
    assert not allowed[slices[0][0]].any()  # the first convolution is frozen either way


@pytest.mark.parametrize("stop_at", [0.0, 0.3])  # at once, and in steps
def test_prune_layers_on_the_dense_layers_leaves_the_convolutions_bit_identical(
    trained, data, stop_at
):
    model, _ = trained
    params = {"layers": "dense", "fraction": 0.01, "stop_at": stop_at, "step": 0.002}
    request = UnlearnRequest(model.copy(), data, forget_class(data, DIGIT), params, CONFIG)
    result = run_method("prune_layers", request)
    per_layer = result.info["params_changed_per_layer"]
    dense = len(model.sizes) - 1
    assert all(n == 0 for n in per_layer[:-dense]) and all(n > 0 for n in per_layer[-dense:])
    convolutions = slice(0, model.layer_slices()[-dense][0].start)
    assert np.array_equal(result.model.params[convolutions], model.params[convolutions])
