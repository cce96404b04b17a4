"""Experiment files keep "my data" with the model, so forgetting it can be repeated and verified."""

import numpy as np
import pytest

from mugui.errors import ModelFileError
from mugui.experiment import Experiment, load_experiment, save_experiment
from mugui.model import Model
from mugui.training.config import TrainConfig
from mugui.unlearning.forget_set import forget_user_data


def _experiment(n_user=3):
    rng = np.random.default_rng(0)
    return Experiment(
        Model.init((784, 16, 10), seed=0),
        TrainConfig(hidden=16),
        "bundled",
        rng.integers(0, 256, (n_user, 784), dtype=np.uint8),
        np.arange(n_user, dtype=np.uint8),
    )


def test_my_data_round_trips_and_becomes_the_forget_set(tmp_path, blobs):
    saved = _experiment()
    loaded = load_experiment(save_experiment(tmp_path / "e.npz", saved))
    assert np.array_equal(loaded.model.params, saved.model.params)
    assert loaded.config == saved.config and loaded.data == "bundled"
    dataset = loaded.dataset(blobs)
    assert dataset.n_user == 3 and dataset.n_train == blobs.n_train + 3
    forget = forget_user_data(dataset)
    assert np.array_equal(dataset.train_x[forget.indices], saved.user_images)


def test_an_experiment_without_my_data_leaves_the_data_alone(tmp_path, blobs):
    loaded = load_experiment(save_experiment(tmp_path / "e.npz", _experiment(n_user=0)))
    assert loaded.dataset(blobs) is blobs


@pytest.mark.parametrize("content", [b"", b"garbage", b"PK\x03\x04broken"])
def test_damaged_experiment_files_are_refused(tmp_path, content):
    path = tmp_path / "bad.npz"
    path.write_bytes(content)
    with pytest.raises(ModelFileError):
        load_experiment(path)


def test_a_model_file_is_not_an_experiment(tmp_path):
    from mugui.model_file import save_model

    path = save_model(Model.init((784, 16, 10), seed=0), tmp_path / "m.npz")
    with pytest.raises(ModelFileError, match="is a mugui model, not an experiment: load it with"):
        load_experiment(path)


def test_an_experiment_file_is_not_a_model_and_the_message_says_where_it_opens(tmp_path):
    """Load model on an experiment said "is not a mugui model file (format
    'mugui-experiment/1')", Open experiment on a model "is not a mugui experiment file": neither
    said what the file is nor which menu item opens it."""
    from mugui.model_file import load_model

    path = save_experiment(tmp_path / "e.npz", _experiment())
    with pytest.raises(ModelFileError, match="is a mugui experiment, not a model: open it with"):
        load_model(path)


def test_snapshots_and_metrics_round_trip_in_order(tmp_path):
    from mugui.experiment import Snapshot

    saved = _experiment()
    saved.snapshots = [
        Snapshot("trained", Model.init((784, 16, 10), seed=1), {"history": {"epochs": []}}),
        Snapshot("unlearned by finetune", Model.init((784, 16, 10), seed=2), {"seconds": 0.5}),
    ]
    saved.metrics = {"report": {"after": {"forget_accuracy": np.float64(0.25)}}}
    loaded = load_experiment(save_experiment(tmp_path / "e.npz", saved))
    assert [s.name for s in loaded.snapshots] == ["trained", "unlearned by finetune"]
    for a, b in zip(loaded.snapshots, saved.snapshots, strict=True):
        assert np.array_equal(a.model.params, b.model.params) and a.metrics == b.metrics
    assert loaded.metrics["report"]["after"]["forget_accuracy"] == 0.25
