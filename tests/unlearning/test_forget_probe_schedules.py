"""Methods that watch their own forget probe: each schedule rule changes what the method does.

The probe is (up to 256 of) the forget set's training rows (``blocks.forget_stop``); a small MLP
on 1,000 bundled digits keeps the forget set under 256 rows, so the probe is the whole set.
"""

from __future__ import annotations

import numpy as np
import pytest

from mugui.data.bundled import load_bundled
from mugui.data.dataset import Dataset
from mugui.training.config import TrainConfig
from mugui.training.trainer import train
from mugui.unlearning.blocks.forget_stop import ForgetStop
from mugui.unlearning.blocks.saliency import MAX_SAMPLES
from mugui.unlearning.forget_set import ForgetSet, forget_class, forget_random
from mugui.unlearning.methods import prune_layers
from mugui.unlearning.methods.prune_layers import forget_saliency
from mugui.unlearning.registry import UnlearnRequest, run_method

CONFIG = TrainConfig(hidden=32, epochs=15)
DIGIT = 5


@pytest.fixture(scope="module")
def data() -> Dataset:
    bundled = load_bundled()
    return Dataset(
        "digits", bundled.train_x[:1000], bundled.train_y[:1000], bundled.test_x[:200],
        bundled.test_y[:200],
    )  # fmt: skip


@pytest.fixture(scope="module")
def model(data):
    trained, _ = train(data, CONFIG)
    return trained


def unlearn(name, model, data, forget, **params):
    return run_method(name, UnlearnRequest(model, data, forget, params, CONFIG))


def forget_accuracy(model, data, forget) -> float:
    rows = forget.indices
    return float((model.predict(data.train_x[rows]) == data.train_y[rows]).mean())


def test_bad_teacher_adds_passes_until_the_forget_probe_is_under_stop_at(model, data):
    forget = forget_class(data, DIGIT)
    slow = {"epochs": 1, "lr": 0.003, "temperature": 1.0, "retain_fraction": 0.3}
    once = unlearn("bad_teacher", model, data, forget, **slow)
    assert once.info["epochs"] == 1 and forget_accuracy(once.model, data, forget) >= 0.1
    more = unlearn("bad_teacher", model, data, forget, **slow, stop_at=0.1, max_epochs=30)
    passes = more.info["epochs"]
    assert 1 < passes < 30 and more.info["forget_probe_under_stop_at_after_epoch"] == passes
    assert forget_accuracy(more.model, data, forget) < 0.1
    # the first pass after which the probe was under: one pass fewer was not enough
    fewer = unlearn("bad_teacher", model, data, forget, **(slow | {"epochs": passes - 1}))
    assert forget_accuracy(fewer.model, data, forget) >= 0.1


def test_bad_teacher_with_the_probe_already_under_runs_exactly_its_epochs(model, data):
    forget = forget_class(data, DIGIT)
    plain = unlearn("bad_teacher", model, data, forget, epochs=2)
    watched = unlearn("bad_teacher", model, data, forget, epochs=2, stop_at=0.9, max_epochs=9)
    assert watched.info["epochs"] == 2
    assert np.array_equal(watched.model.params, plain.model.params)


def test_prune_layers_stops_at_the_first_step_that_gets_the_probe_under_stop_at(model, data):
    forget = forget_class(data, DIGIT)
    stepped = unlearn("prune_layers", model, data, forget, stop_at=0.1, step=0.001, fraction=0.2)
    steps = stepped.info["pruning_steps"]
    assert stepped.info["forget_probe_under_stop_at"] and 1 < steps < 200
    assert forget_accuracy(stepped.model, data, forget) < 0.1
    short = unlearn(
        "prune_layers", model, data, forget, stop_at=0.1, step=0.001, fraction=0.001 * (steps - 1)
    )
    assert not short.info["forget_probe_under_stop_at"]
    assert forget_accuracy(short.model, data, forget) >= 0.1


def test_prune_layers_in_steps_scores_the_weights_left_anew_after_each_step(
    model, data, monkeypatch
):
    scored_on: list[np.ndarray] = []

    def spy(request):
        scored_on.append(request.model.params.copy())
        return forget_saliency(request)

    monkeypatch.setattr(prune_layers, "forget_saliency", spy)
    forget = forget_class(data, DIGIT)
    stepped = unlearn("prune_layers", model, data, forget, stop_at=0.1, step=0.001, fraction=0.2)
    assert len(scored_on) == stepped.info["pruning_steps"] > 2
    assert np.array_equal(scored_on[0], model.params)
    pruned_before = [int((params != model.params).sum()) for params in scored_on]
    assert (np.diff(pruned_before) > 0).all()  # each step scored what the last one left
    assert pruned_before[-1] < stepped.info["params_changed"]


def test_prune_layers_in_steps_takes_from_every_layer_its_share_even_a_small_one(model, data):
    forget = forget_class(data, DIGIT)
    stepped = unlearn("prune_layers", model, data, forget, stop_at=0.1, step=0.001, fraction=0.2)
    steps = stepped.info["pruning_steps"]
    sizes = [b.stop - w.start for w, b in model.layer_slices()]
    assert round(0.001 * sizes[-1]) == 0  # the output layer is too small to lose one per step
    expected = [round(steps * 0.001 * size) for size in sizes]
    assert stepped.info["params_changed_per_layer"] == expected and min(expected) > 0


def test_gradient_ascent_remembered_only_does_not_climb_on_forgotten_samples(model, data):
    wrong = np.flatnonzero(model.predict(data.train_x) != data.train_y)
    assert wrong.size >= 5
    forget = ForgetSet("indices", wrong, (), "rows the model gets wrong", data.n_train)
    params = {"epochs": 1, "stop_at": 0.0}
    plain = unlearn("gradient_ascent", model, data, forget, **params)
    assert not np.array_equal(plain.model.params, model.params)
    only = unlearn("gradient_ascent", model, data, forget, **params, remembered_only=True)
    assert np.array_equal(only.model.params, model.params)


def test_gradient_ascent_remembered_only_forgets_a_class_with_less_damage(model, data):
    forget = forget_class(data, DIGIT)
    params = {"epochs": 10, "stop_at": 0.0}
    plain = unlearn("gradient_ascent", model, data, forget, **params)
    only = unlearn("gradient_ascent", model, data, forget, **params, remembered_only=True)
    assert forget_accuracy(only.model, data, forget) <= 0.05
    assert only.info["retain_accuracy_after"] > plain.info["retain_accuracy_after"] + 0.1


def test_a_probe_as_large_as_the_forget_set_judges_by_every_forget_row(model, data):
    forget = forget_random(data, 600, seed=1)  # more rows than the default probe's 256
    right = forget_accuracy(model, data, forget)
    request = UnlearnRequest(model, data, forget, {}, CONFIG)
    assert ForgetStop(request, right + 1e-6, probe_size=MAX_SAMPLES).reached(1)
    assert not ForgetStop(request, right - 1e-6, probe_size=MAX_SAMPLES).reached(1)
