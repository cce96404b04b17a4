"""`mugui unlearn` input checks (#9): data identity by hash, repeated indices, outputs checked before
any work, --forget-seed, recorded group names, and --data taken from the model by default."""

from __future__ import annotations

import json

import numpy as np
import pytest

from mugui.cli.main import build_parser, main
from mugui.cli.unlearn_cmd import choose_forget_set
from mugui.data.idx import write_idx_images, write_idx_labels
from mugui.data.load import load_dataset
from mugui.model_file import load_model, save_model
from mugui.training.config import TrainConfig
from mugui.training.trainer import train
from mugui.unlearning.reference_cache import DEFAULT_CACHE

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("MUGUI_REFERENCE_CACHE", str(tmp_path / "references"))
    DEFAULT_CACHE.clear_memory()


@pytest.fixture(scope="module")
def bundled_model(tmp_path_factory):
    data = load_dataset("bundled")
    model, _ = train(data, TrainConfig(epochs=1, hidden=32))
    return save_model(model, tmp_path_factory.mktemp("m") / "model.npz", {"data": data.describe()})


def unlearn(*args: str) -> int:
    return main(["unlearn", *args])


def _error(capsys) -> str:
    err = capsys.readouterr().err
    assert err.startswith("mugui: error:") and err.count("\n") == 1
    return err


def test_a_model_trained_on_other_data_of_the_same_size_is_refused(bundled_model, tmp_path, capsys):
    model = load_model(bundled_model)
    other = dict(model.meta["data"], fingerprint="0123456789abcdef")
    path = save_model(model, tmp_path / "other.npz", {"data": other})
    code = unlearn("--model", str(path), "--forget-class", "5", "--method", "output_zero")
    assert code == 2 and "fingerprint 0123456789abcdef" in _error(capsys)


def test_repeated_forget_indices_are_an_error_naming_them(bundled_model, tmp_path, capsys):
    indices = tmp_path / "i.txt"
    indices.write_text("1 2 2 5 9 5\n")
    code = unlearn("--model", str(bundled_model), "--forget-indices", str(indices), "--method",
                   "output_zero", "--reference", "none")  # fmt: skip
    assert code == 2 and "repeat 2 value(s): 2, 5" in _error(capsys)


@pytest.mark.parametrize(
    ("method", "out", "expected"),
    [
        ("sisa", "OK", "drop --out"),
        ("output_zero", "MISSING", "does not exist"),
        ("output_zero", "FOLDER", "is a folder"),
    ],
)
def test_output_paths_are_checked_before_any_work(
    bundled_model, tmp_path, capsys, method, out, expected
):
    paths = {"OK": tmp_path / "x.npz", "MISSING": tmp_path / "no" / "x.npz", "FOLDER": tmp_path}
    code = unlearn("--model", str(bundled_model), "--forget-class", "5", "--method", method,
                   "--out", str(paths[out]))  # fmt: skip
    assert code == 2 and expected in _error(capsys)
    assert not any((tmp_path / "references").glob("*.npz"))  # no reference was trained


def test_forget_seed_reaches_the_random_draw():
    parser = build_parser()
    data = load_dataset("bundled")

    def draw(*args: str):
        return choose_forget_set(parser.parse_args(["unlearn", *args]), data, None).indices

    for flag in (["--forget-random", "50"], ["--forget-fraction", "5:0.1"]):
        assert not np.array_equal(draw(*flag), draw(*flag, "--forget-seed", "1"))
        assert np.array_equal(draw(*flag, "--forget-seed", "1"), draw(*flag, "--forget-seed", "1"))


def test_amnesiac_reports_the_recorded_group_name(tmp_path, capsys):
    model = tmp_path / "rec.npz"
    assert (
        main(["train", "--hidden", "32", "--epochs", "1", "--record-updates", "--out", str(model)])
        == 0
    )
    metrics = tmp_path / "r.json"
    assert unlearn("--model", str(model), "--forget-class", "5", "--method", "amnesiac",
                   "--reference", "none", "--metrics", str(metrics)) == 0  # fmt: skip
    assert json.loads(metrics.read_text())["info"]["group_subtracted"] == "class 5"


def test_data_defaults_to_the_folder_the_model_was_trained_on(tmp_path):
    rng = np.random.default_rng(0)
    folder = tmp_path / "digits"
    folder.mkdir()
    for split, n in (("train", 300), ("t10k", 100)):
        write_idx_images(
            folder / f"{split}-images-idx3-ubyte", rng.integers(0, 256, (n, 784), dtype=np.uint8)
        )
        write_idx_labels(
            folder / f"{split}-labels-idx1-ubyte", (np.arange(n) % 10).astype(np.uint8)
        )
    model = tmp_path / "m.npz"
    assert (
        main(
            ["train", "--data", str(folder), "--hidden", "16", "--epochs", "1", "--out", str(model)]
        )
        == 0
    )
    metrics = tmp_path / "r.json"
    assert unlearn("--model", str(model), "--forget-class", "3", "--method", "output_zero",
                   "--reference", "none", "--metrics", str(metrics)) == 0  # fmt: skip
    assert json.loads(metrics.read_text())["forget"]["size"] == 30
