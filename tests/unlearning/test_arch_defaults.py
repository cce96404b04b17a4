"""A method's defaults follow the model: its CNN defaults on a CNN, the MLP's on an MLP."""

from __future__ import annotations

import numpy as np
import pytest

from mugui.architecture import CnnSpec
from mugui.data.dataset import Dataset
from mugui.model import Model, layer_sizes
from mugui.runs.unlearn import UnlearnSpec, check_spec
from mugui.training.config import TrainConfig
from mugui.unlearning.forget_set import forget_class
from mugui.unlearning.registry import (
    METHODS,
    Method,
    Param,
    UnlearnRequest,
    UnlearnResult,
    all_methods,
    get_method,
    run_method,
)

MLP = Model.init(layer_sizes(16), seed=0)
CNN = Model.init(CnnSpec(hidden=16), seed=0)


def _demo(seen: list) -> Method:
    def func(request: UnlearnRequest) -> UnlearnResult:
        seen.append(dict(request.params))
        return UnlearnResult(request.model)

    return Method(
        "arch_demo", "Demo", "", "", "", (Param("lr", 0.1, 0.0, 1.0), Param("epochs", 2, 1, 9)),
        func, data_defaults={"Fashion-MNIST": {"lr": 0.02}},
        arch_defaults={"cnn": {"lr": 0.005, "epochs": 4}},
    )  # fmt: skip


@pytest.fixture
def data() -> Dataset:
    rng = np.random.default_rng(0)
    x = rng.integers(0, 256, (40, 784), dtype=np.uint8)
    y = np.arange(40, dtype=np.uint8) % 10
    return Dataset("digits", x, y, x[:10], y[:10])


def test_defaults_pick_the_cnn_table_on_a_cnn_and_the_mlp_ones_otherwise():
    method = _demo([])
    assert method.defaults(architecture="cnn") == {"lr": 0.005, "epochs": 4}
    assert method.defaults(architecture="mlp") == {"lr": 0.1, "epochs": 2}
    assert method.defaults("Fashion-MNIST") == {"lr": 0.02, "epochs": 2}  # MLP-tuned: MLP only
    assert method.defaults("Fashion-MNIST", "cnn") == {"lr": 0.005, "epochs": 4}
    assert method.resolve_params({"lr": 0.5}, architecture="cnn") == {"lr": 0.5, "epochs": 4}


def test_run_method_chooses_the_defaults_of_the_model_it_is_given(monkeypatch, data):
    seen: list[dict] = []
    monkeypatch.setitem(METHODS, "arch_demo", _demo(seen))
    forget = forget_class(data, 5)
    for model in (CNN, MLP):
        run_method("arch_demo", UnlearnRequest(model, data, forget, {}, TrainConfig()))
    run_method("arch_demo", UnlearnRequest(CNN, data, forget, {"epochs": 7}, TrainConfig()))
    assert seen == [
        {"lr": 0.005, "epochs": 4},
        {"lr": 0.1, "epochs": 2},
        {"lr": 0.005, "epochs": 7},
    ]


def test_the_cli_and_window_path_resolves_a_cnn_models_defaults(data):
    forget = forget_class(data, 5)
    method = get_method("neggrad_plus")
    assert method.arch_defaults.get("cnn"), "neggrad_plus has CNN defaults"
    for model, expected in ((CNN, method.defaults(architecture="cnn")), (MLP, method.defaults())):
        spec = UnlearnSpec(model, data, forget, "neggrad_plus", {}, config=TrainConfig())
        assert check_spec(spec)[0] == expected
    assert method.defaults(architecture="cnn") != method.defaults()


def test_every_cnn_default_names_a_parameter_and_lies_in_its_range():
    for method in all_methods():
        names = {p.name: p for p in method.params}
        for architecture, values in method.arch_defaults.items():
            assert architecture == "cnn", method.name
            assert set(values) <= set(names), method.name
            assert all(names[k].parse(v) == v for k, v in values.items()), method.name


def test_ssd_on_a_cnn_compares_shares_of_batch_gradient_importance_and_the_mlp_does_not():
    method = get_method("ssd")
    cnn = method.defaults(architecture="cnn")
    assert cnn["batch"] == 64 and cnn["normalize"] is True
    assert (cnn["alpha"], cnn["lam"]) == (5.0, 0.5)
    mlp = method.defaults()
    assert mlp["batch"] == 1 and mlp["normalize"] is False
    assert (mlp["alpha"], mlp["lam"]) == (5.0, 1.0)


def test_gradient_ascent_on_a_cnn_climbs_the_output_layer_only_and_on_an_mlp_every_layer():
    method = get_method("gradient_ascent")
    assert method.defaults(architecture="cnn")["layers"] == "output"
    assert method.defaults()["layers"] == "all"
    assert method.defaults()["lr"] == 0.01 and method.defaults()["epochs"] == 2
