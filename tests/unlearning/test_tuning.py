"""Tuning searches a method's trade-off on training data only, within its budget."""

from __future__ import annotations

import json

import numpy as np
import pytest

from mugui.cli.main import main
from mugui.data.dataset import Dataset
from mugui.errors import UnlearningError
from mugui.training.config import TrainConfig
from mugui.unlearning.registry import (
    METHODS,
    Method,
    Param,
    UnlearnResult,
    all_methods,
    get_method,
    register,
)
from mugui.unlearning.tuned import TUNED, Tuned
from mugui.unlearning.tuning import candidates, tune_method, validation_split
from tests.conftest import make_blobs

CONFIG = TrainConfig(hidden=32, epochs=2, lr=0.05)


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MUGUI_REFERENCE_CACHE", str(tmp_path / "references"))


def test_validation_split_holds_out_training_samples_in_place_of_the_test_set():
    data = make_blobs(n_train=600)
    split = validation_split(data, seed=0)
    assert split.n_train + split.test_y.size == 600
    rows = {row.tobytes() for row in data.train_x}
    assert all(row.tobytes() in rows for row in split.test_x)
    fit = {row.tobytes() for row in split.train_x}
    assert not fit & {row.tobytes() for row in split.test_x}


def test_candidates_start_from_the_defaults_and_keep_to_the_budget():
    space = {"lr": (0.01, 0.02, 0.04), "epochs": (1, 2, 3)}
    chosen = candidates(space, {"lr": 0.02, "epochs": 1, "other": 7}, budget=4, seed=0)
    assert chosen[0] == {"lr": 0.02, "epochs": 1}
    assert len(chosen) == 4 and len({tuple(c.items()) for c in chosen}) == 4
    assert all(c["lr"] in space["lr"] and c["epochs"] in space["epochs"] for c in chosen)
    assert len(candidates(space, {"lr": 0.02, "epochs": 1}, budget=100, seed=0)) == 9


def test_tuning_never_looks_at_the_test_set():
    data = make_blobs(n_train=600, n_test=200)
    noise = np.random.default_rng(1).integers(0, 256, data.test_x.shape, dtype=np.uint8)
    other = Dataset(data.name, data.train_x, data.train_y, noise, np.zeros(200, dtype=np.uint8))
    first = tune_method("random_labels", data, CONFIG, 3, budget=2)
    second = tune_method("random_labels", other, CONFIG, 3, budget=2)
    assert len(first.trials) == 2
    assert first.to_dict() == second.to_dict()
    assert first.best.gap == min(t.gap for t in first.trials)
    assert first.reference_forget_accuracy < 0.2  # the reference never saw class 3


def test_a_method_without_tuned_parameters_is_refused():
    with pytest.raises(UnlearningError, match="no parameters to tune"):
        tune_method("retrain", make_blobs(), CONFIG, 3)


def test_tune_command_rejects_a_bad_budget_in_one_line(capsys):
    assert main(["tune", "--method", "scrub", "--forget-class", "5", "--budget", "0"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_tuned_values_exist_among_the_method_parameters_and_their_ranges():
    for method in all_methods():
        names = {p.name: p for p in method.params}
        for name, values in method.tune.items():
            assert all(names[name].parse(v) == v for v in values), (method.name, name)
        for values in method.data_defaults.values():
            assert method.resolve_params(values) == method.defaults() | values


def test_every_tuned_entry_names_a_method_and_registering_attaches_it(monkeypatch):
    names = {method.name for method in all_methods()}
    assert set(TUNED) <= names, sorted(set(TUNED) - names)  # a misspelt key would not apply
    salun = get_method("salun")
    assert salun.recommended and salun.tune == TUNED["salun"].tune
    assert salun.arch_defaults == TUNED["salun"].arch_defaults
    demo = Method("demo", "Demo", "", "", "", (), lambda request: UnlearnResult(request.model))
    monkeypatch.setitem(TUNED, "demo", Tuned(tune={"x": (1, 2)}))
    monkeypatch.setitem(METHODS, "demo", demo)  # restored after the test
    assert register(demo).tune == {"x": (1, 2)} and demo.tune == {}


def test_data_set_defaults_apply_only_to_their_data_set():
    method = Method(
        "demo", "Demo", "", "", "", (Param("lr", 0.1, 0.0, 1.0),),
        lambda request: UnlearnResult(request.model),
        data_defaults={"Fashion-MNIST": {"lr": 0.02}},
    )  # fmt: skip
    assert method.resolve_params({}, "Fashion-MNIST") == {"lr": 0.02}
    assert method.resolve_params({}, "MNIST (bundled)") == {"lr": 0.1}
    assert method.resolve_params({"lr": 0.5}, "Fashion-MNIST") == {"lr": 0.5}


def test_tune_command_prints_the_trials_and_the_best_setting(tmp_path, capsys):
    from mugui.data.load import load_dataset
    from mugui.model_file import save_model
    from mugui.training.trainer import train

    model, _ = train(load_dataset("bundled"), TrainConfig(hidden=32, epochs=1))
    path = save_model(model, tmp_path / "small.npz")
    metrics = tmp_path / "tune.json"
    args = ["--method", "output_zero", "--forget-class", "3", "--budget", "2"]
    assert main(["tune", *args, "--model", str(path), "--metrics", str(metrics)]) == 0
    out = capsys.readouterr().out
    assert "best: mugui unlearn --method output_zero --param bias=" in out
    report = json.loads(metrics.read_text())
    assert len(report["trials"]) == 2 and report["best"] in [t["params"] for t in report["trials"]]
