"""The CNN as a model: its files, its settings, its training and the bug switches that apply."""

import json
import zipfile

import numpy as np
import pytest

from mugui.architecture import CnnSpec
from mugui.cli.main import main
from mugui.data.bundled import load_bundled
from mugui.data.dataset import Dataset
from mugui.errors import ConfigError, ModelFileError
from mugui.evaluation import accuracy
from mugui.experiment import Experiment, load_experiment, save_experiment
from mugui.model import Model
from mugui.model_file import load_model, save_model, write_npz
from mugui.training.config import TrainConfig
from mugui.training.trainer import Trainer, epoch_lr, train

SMALL = TrainConfig(architecture="cnn", hidden=16, epochs=2, lr=0.05, batch_size=32)


@pytest.fixture(scope="module")
def digits() -> Dataset:
    """1,200 real digits to train on, 400 to test: a CNN learns them in a fraction of a second."""
    data = load_bundled()
    return Dataset(
        "digits", data.train_x[:1200], data.train_y[:1200], data.test_x[:400], data.test_y[:400]
    )


def test_a_cnn_file_round_trips_and_says_what_it_is(tmp_path):
    model = Model.init(CnnSpec(4, 6, 32), seed=1)
    loaded = load_model(save_model(model, tmp_path / "cnn.npz", {"note": "hi"}))
    assert loaded.is_cnn and loaded.spec == CnnSpec(4, 6, 32)
    assert np.array_equal(loaded.params, model.params)
    assert loaded.meta["architecture"] == {"type": "cnn", "c1": 4, "c2": 6, "hidden": 32}
    x = np.random.default_rng(0).integers(0, 256, (3, 784), dtype=np.uint8)
    assert np.array_equal(loaded.predict_proba(x), model.predict_proba(x))


def test_an_mlp_file_without_an_architecture_entry_loads_as_an_mlp(tmp_path):
    path = save_model(Model.init((784, 16, 10), 0), tmp_path / "old.npz")
    with zipfile.ZipFile(path) as archive:
        arrays = {n[:-4]: np.load(archive.open(n)) for n in archive.namelist()}
    meta = json.loads(str(arrays["metadata"]))
    del meta["architecture"]  # as files written before the CNN
    arrays["metadata"] = np.array(json.dumps(meta))
    with (tmp_path / "old2.npz").open("wb") as handle:
        write_npz(handle, arrays)
    model = load_model(tmp_path / "old2.npz")
    assert not model.is_cnn and model.sizes == (784, 16, 10)


def _cnn_file(tmp_path, architecture, sizes=(96, 32, 10), n_params=None):
    spec = CnnSpec(4, 6, 32)
    meta = {"format": "mugui-model/1", "architecture": architecture}
    path = tmp_path / "bad.npz"
    with path.open("wb") as handle:
        write_npz(
            handle,
            {
                "params": np.zeros(n_params or spec.n_params, np.float32),
                "sizes": np.array(sizes, np.int64),
                "metadata": np.array(json.dumps(meta)),
            },
        )
    return path


@pytest.mark.parametrize(
    ("architecture", "sizes", "message"),
    [
        ({"type": "cnn", "c1": 4, "c2": 6, "hidden": 32}, (96, 64, 10), "inconsistent"),
        ({"type": "cnn", "c1": 4, "c2": 6}, (96, 32, 10), "c1, c2 and hidden"),
        ({"type": "cnn", "c1": True, "c2": 6, "hidden": 32}, (96, 32, 10), "whole numbers"),
        ({"type": "cnn", "c1": 4000, "c2": 6, "hidden": 32}, (96, 32, 10), "filters"),
        ({"type": "rnn"}, (96, 32, 10), "CNN description"),
        ("mlp", (96, 32, 10), "784 inputs"),
    ],
)
def test_bad_or_inconsistent_architecture_entries_are_refused(
    tmp_path, architecture, sizes, message
):
    with pytest.raises(ModelFileError, match=message):
        load_model(_cnn_file(tmp_path, architecture, sizes))


def test_a_cnn_file_with_the_wrong_number_of_parameters_is_refused(tmp_path):
    path = _cnn_file(tmp_path, {"type": "cnn", "c1": 4, "c2": 6, "hidden": 32}, n_params=100)
    with pytest.raises(ModelFileError):
        load_model(path)


def test_an_experiment_holding_a_cnn_round_trips(tmp_path):
    saved = Experiment(
        Model.init(CnnSpec(4, 6, 32), 0),
        SMALL.replace(hidden=32),
        "bundled",
        np.zeros((1, 784), np.uint8),
        np.zeros(1, np.uint8),
    )
    loaded = load_experiment(save_experiment(tmp_path / "e.npz", saved))
    assert loaded.model.spec == saved.model.spec
    assert np.array_equal(loaded.model.params, saved.model.params)


def test_the_dense_head_stands_in_for_the_layers_of_an_mlp():
    model = Model.init(CnnSpec(4, 6, 32), 0)
    assert model.sizes == (96, 32, 10) and model.hidden_sizes == (32,)
    (w3, _), (w4, b4) = model.layers()
    assert w3.shape == (96, 32) and w4.shape == (32, 10)
    w4[:, 5] = 0.0  # views into the flat vector
    assert not model.params[model.layer_slices()[3][0]].reshape(32, 10)[:, 5].any()
    x = np.random.default_rng(1).integers(0, 256, (4, 784), dtype=np.uint8)
    logits = model.hidden(x, 0) @ w4 + b4
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    np.testing.assert_allclose(
        probs / probs.sum(axis=1, keepdims=True), model.predict_proba(x), atol=1e-5
    )
    assert model.first_layer_filters().shape == (4, 5, 5)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"schedule": "sequential"}, "schedule", "MLP"),
        ({"hidden2": 32}, "hidden2", "one dense hidden layer"),
        ({"bugs": ("double_hidden_grad",)}, "bugs", "does not apply to the CNN"),
        ({"architecture": "rnn"}, "architecture", "mlp, cnn"),
    ],
)
def test_settings_the_cnn_cannot_follow_are_refused_with_the_reason(changes, field, message):
    with pytest.raises(ConfigError, match=message) as caught:
        TrainConfig(**{"architecture": "cnn", **changes})
    assert caught.value.field == field


def test_training_a_cnn_improves_it_and_decays_its_learning_rate(digits):
    model, history = train(digits, SMALL)
    assert model.is_cnn and history.finished == "completed"
    untrained = accuracy(Model.init(SMALL.spec, 0), digits.test_x, digits.test_y)
    assert untrained < 0.3 and history.epochs[-1]["test_accuracy"] > 0.85
    assert epoch_lr(SMALL, 1) == 0.05 and epoch_lr(SMALL, 2) == pytest.approx(0.025)
    assert epoch_lr(SMALL.replace(architecture="mlp"), 2) == 0.05


def test_gradient_ascent_makes_a_cnn_learn_backwards(digits):
    healthy, _ = train(digits, SMALL.replace(epochs=1))
    ascending, history = train(digits, SMALL.replace(epochs=1, bugs=("gradient_ascent",)))
    assert accuracy(healthy, digits.test_x, digits.test_y) > 0.7
    assert accuracy(ascending, digits.test_x, digits.test_y) < 0.3
    assert history.finished == "diverged" or history.epochs[-1]["loss"] > 2.3


def test_eval_on_train_reports_the_training_accuracy_for_a_cnn(digits):
    _, history = train(digits, SMALL.replace(epochs=1, bugs=("eval_on_train",)))
    assert history.epochs[-1]["reported_on"] == "train"


def test_a_cnn_can_record_its_updates_for_amnesiac(digits):
    trainer = Trainer(digits, SMALL.replace(epochs=1, record_updates=True))
    for _ in trainer.run():
        pass
    assert trainer.recorder.record.shape[1] == trainer.model.params.size
    assert np.abs(trainer.recorder.record).sum() > 0


def test_training_a_cnn_from_the_command_line(tmp_path, capsys):
    out = tmp_path / "cnn.npz"
    args = ["train", "--architecture", "cnn", "--epochs", "1", "--hidden", "16", "--seed", "1"]
    assert main([*args, "--out", str(out)]) == 0
    assert "trained CNN 8-16-16" in capsys.readouterr().out
    model = load_model(out)
    assert model.is_cnn and model.meta["config"]["lr"] == 0.05  # from the cnn preset
    assert main(["evaluate", "--model", str(out)]) == 0
    assert "CNN 8-16-16" in capsys.readouterr().out


def test_unlearning_and_predicting_with_a_cnn_file_from_the_command_line(tmp_path, capsys):
    from PIL import Image

    model = Model.init(CnnSpec(4, 6, 16), 0)
    path = save_model(model, tmp_path / "cnn.npz", {"config": SMALL.replace(hidden=16).to_dict()})
    out = tmp_path / "forgot.npz"
    args = ["unlearn", "--model", str(path), "--forget-class", "5", "--method", "output_zero"]
    assert main([*args, "--reference", "none", "--out", str(out)]) == 0
    forgot = load_model(out)
    assert forgot.is_cnn and not forgot.layers()[-1][0][:, 5].any()
    digits = load_bundled()
    image = tmp_path / "digit.png"
    Image.fromarray(255 - digits.test_x[0].reshape(28, 28)).save(image)  # dark ink on white
    capsys.readouterr()
    metrics = tmp_path / "predict.json"
    assert main(["predict", "--model", str(out), str(image), "--metrics", str(metrics)]) == 0
    answer = json.loads(metrics.read_text())["predictions"][0]["probabilities"]
    assert len(answer) == 10 and abs(sum(answer) - 1) < 1e-4
