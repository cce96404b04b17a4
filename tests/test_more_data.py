"""Training on more data: the fetched full MNIST by name, and the user's own drawings mixed in."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from mugui.cli.main import main
from mugui.data import load as load_module
from mugui.data.idx import write_idx_images, write_idx_labels
from mugui.data.load import MNIST, load_dataset
from mugui.drawing.strokes import drawn_digit
from mugui.errors import DataError
from mugui.model_file import load_model
from mugui.my_data import load_my_data


@pytest.fixture
def fetched(tmp_path, monkeypatch):
    """A per-user cache holding MNIST-named gzipped IDX files, as `mugui data fetch` leaves it."""
    folder = tmp_path / "cache" / "mnist"
    folder.mkdir(parents=True)
    rng = np.random.default_rng(0)
    for split, n in (("train", 300), ("t10k", 100)):
        images = rng.integers(0, 256, (n, 784), dtype=np.uint8)
        write_idx_images(folder / f"{split}-images-idx3-ubyte.gz", images)
        write_idx_labels(folder / f"{split}-labels-idx1-ubyte.gz", np.arange(n) % 10)
    monkeypatch.setattr(load_module, "default_cache_dir", lambda: folder)
    return folder


def test_mnist_names_the_fetched_full_set(fetched):
    data = load_dataset(MNIST)
    assert (data.n_train, data.n_test) == (300, 100)


def test_mnist_before_fetching_says_what_to_run(tmp_path, monkeypatch):
    monkeypatch.setattr(load_module, "default_cache_dir", lambda: tmp_path / "nothing")
    with pytest.raises(DataError, match="mugui data fetch"):
        load_dataset(MNIST)


def test_mugui_train_data_mnist_trains_on_the_fetched_files(fetched, tmp_path, capsys):
    out = tmp_path / "m.npz"
    args = ["train", "--data", "mnist", "--epochs", "1", "--hidden", "16", "--out", str(out)]
    assert main(args) == 0
    assert load_model(out).meta["data"]["n_train"] == 300


def write_drawings(folder, per_digit: int = 2) -> None:
    for digit in range(10):
        (folder / str(digit)).mkdir(parents=True)
        for k in range(per_digit):
            ink = np.rint(drawn_digit(digit, style=k % 2) * 255).astype(np.uint8)
            Image.fromarray(255 - ink).save(folder / str(digit) / f"d{k}.png")


def test_a_folder_of_digit_subfolders_is_my_data(tmp_path):
    write_drawings(tmp_path / "mine")
    (tmp_path / "mine" / "notes.txt").write_text("not a drawing")
    images, labels = load_my_data(tmp_path / "mine")
    assert images.shape == (20, 784) and images.dtype == np.uint8
    np.testing.assert_array_equal(labels, np.repeat(np.arange(10), 2))
    assert (images.reshape(-1, 28, 28)[:, 14, :].max(axis=1) > 0).all()  # ink near the middle


def test_an_experiment_file_gives_its_drawings(tmp_path):
    from mugui.experiment import Experiment, save_experiment
    from mugui.model import Model
    from mugui.training.config import TrainConfig

    drawings = np.full((3, 784), 7, np.uint8)
    experiment = Experiment(
        Model.init((784, 16, 10), 0),
        TrainConfig(),
        "bundled",
        drawings,
        np.array([1, 2, 3], np.uint8),
    )
    save_experiment(tmp_path / "e.npz", experiment)
    images, labels = load_my_data(tmp_path / "e.npz")
    np.testing.assert_array_equal(images, drawings)
    assert labels.tolist() == [1, 2, 3]


def test_nothing_to_mix_in_is_a_clear_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(DataError, match="subfolders 0/ to 9/"):
        load_my_data(tmp_path / "empty")
    with pytest.raises(DataError, match="no drawings"):
        load_my_data(tmp_path / "missing.npz")


def test_mugui_train_mixes_my_data_into_the_bundled_digits(tmp_path, capsys):
    write_drawings(tmp_path / "mine")
    out, metrics = tmp_path / "m.npz", tmp_path / "m.json"
    args = ["train", "--epochs", "1", "--hidden", "16", "--my-data", str(tmp_path / "mine")]
    assert main([*args, "--out", str(out), "--metrics", str(metrics)]) == 0
    data = load_model(out).meta["data"]
    assert data["n_user"] == 20 and data["n_train"] == 8000 + 20
    assert "20 of your drawings" in capsys.readouterr().out
    assert json.loads(metrics.read_text())["calibration"]["temperature"] > 0
