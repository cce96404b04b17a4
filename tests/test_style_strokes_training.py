"""Style strokes in training: the setting, which rows a run learns from, the CLI and the stress score."""

from __future__ import annotations

import json

import numpy as np
import pytest

from mugui.cli.main import main
from mugui.data.dataset import Dataset
from mugui.drawing import style_strokes as strokes_module
from mugui.drawing.style_catalogue import STYLES
from mugui.drawing.style_strokes import draw_one, shipped, style_strokes
from mugui.errors import ConfigError
from mugui.training.config import FIELD_RANGES, TrainConfig
from mugui.training.style_mix import training_rows
from mugui.training.trainer import train


def digits_dataset(labels: list[int], n: int = 40) -> Dataset:
    rng = np.random.default_rng(0)
    y = np.array([labels[i % len(labels)] for i in range(n)], np.uint8)
    x = rng.integers(0, 255, (n, 784)).astype(np.uint8)
    return Dataset("tiny", x, y, x[:10].copy(), y[:10].copy())


def test_style_strokes_is_a_checked_setting_that_old_files_do_without():
    assert TrainConfig().style_strokes == 0 and "style_strokes" in FIELD_RANGES
    for bad in (-1, FIELD_RANGES["style_strokes"].high + 1, 2.5):
        with pytest.raises(ConfigError):
            TrainConfig(style_strokes=bad)
    config = TrainConfig(style_strokes=300)
    assert TrainConfig.from_dict(config.to_dict()) == config
    old = TrainConfig().to_dict()
    del old["style_strokes"]
    assert TrainConfig.from_dict(old).style_strokes == 0


def test_a_run_adds_style_strokes_of_only_the_digits_its_data_holds_after_the_real_rows():
    data = digits_dataset([1, 7])
    images, labels = training_rows(data, TrainConfig(style_strokes=30))
    assert images.shape == (70, 784) and labels.shape == (70,)
    np.testing.assert_array_equal(images[:40], data.train_x)
    assert set(labels[40:].tolist()) == {1, 7}
    same = training_rows(data, TrainConfig())
    assert same[0] is data.train_x


def test_a_data_set_of_other_things_gets_no_digit_drawings():
    data = digits_dataset([0, 1, 2])
    fashion = Dataset("f", data.train_x, data.train_y, data.test_x, data.test_y,
                      class_names=tuple(f"thing {i}" for i in range(10)))  # fmt: skip
    images, _ = training_rows(fashion, TrainConfig(style_strokes=30))
    assert images is fashion.train_x


def test_training_sweeps_the_real_rows_and_the_style_strokes_every_epoch():
    data = digits_dataset(list(range(10)), n=60)
    config = TrainConfig(hidden=16, epochs=2, batch_size=10, style_strokes=40, record_updates=True)
    model, history = train(data, config)
    assert history.samples == 2 * (60 + 40)
    assert model.meta["config"]["style_strokes"] == 40
    assert model.meta["data"]["n_train"] == 60  # the data set itself is unchanged


def test_the_shipped_drawings_are_the_ones_the_generator_draws():
    images, labels = shipped()
    assert images.shape[0] >= 3000 and labels.shape == (images.shape[0],)
    for i in (0, 1, 29, 30, 1234, images.shape[0] - 1):
        fresh, digit = draw_one(i, 0)
        assert digit == labels[i] == STYLES[i % len(STYLES)].digit
        assert np.abs(fresh.astype(int) - images[i]).max() <= 1
        assert (fresh == images[i]).mean() > 0.99


def test_beyond_the_shipped_drawings_the_rest_are_drawn(monkeypatch):
    n = shipped()[1].shape[0]
    images, labels = style_strokes(n + 3)
    assert images.shape == (n + 3, 784)
    np.testing.assert_array_equal(images[n], draw_one(n, 0)[0])
    other = style_strokes(5, seed=1)[0]
    assert not np.array_equal(other, images[:5])
    assert strokes_module.TRAINING_DOMAIN != 0


def test_each_drawing_of_a_seed_is_drawn_once_whatever_the_counts_asked_for(monkeypatch):
    """A run's strokes and its typicality check's (with the held-out ones past them) share one
    sequence: a shorter request after a longer one, or a longer one after it, draws no drawing
    twice, also with another seed asked for in between (on the old per-count cache, every
    count of a seed drew its drawings again)."""
    monkeypatch.setattr(strokes_module, "_KEPT", {}, raising=False)  # a fresh process
    drawn = []
    real_draw = strokes_module.draw_one

    def counted(i, seed):
        drawn.append((i, seed))
        return real_draw(i, seed)

    monkeypatch.setattr(strokes_module, "draw_one", counted)
    longer = strokes_module.sequence(12, 7)
    shorter = strokes_module.sequence(5, 7)
    strokes_module.sequence(3, 8)  # another seed in between
    again = strokes_module.sequence(12, 7)
    extended = strokes_module.sequence(15, 7)
    assert sorted(drawn) == sorted([(i, 7) for i in range(15)] + [(i, 8) for i in range(3)])
    np.testing.assert_array_equal(shorter[0], longer[0][:5])
    np.testing.assert_array_equal(again[0], longer[0])
    np.testing.assert_array_equal(extended[0][:12], longer[0])
    assert extended[0].shape == (15, 784) and not extended[0].flags.writeable
    np.testing.assert_array_equal(extended[0][14], real_draw(14, 7)[0])
    assert extended[1].tolist() == [STYLES[i % len(STYLES)].digit for i in range(15)]

    ready = strokes_module.generate(8, 0)  # as if 8 drawings of seed 0 shipped
    monkeypatch.setattr(strokes_module, "shipped", lambda: ready)
    drawn.clear()
    few = strokes_module.sequence(3, 0)
    more = strokes_module.sequence(12, 0)  # the shipped ones copied, not drawn, after a few
    assert sorted(drawn) == [(i, 0) for i in range(8, 12)]
    np.testing.assert_array_equal(more[0][:8], ready[0])
    np.testing.assert_array_equal(few[0], ready[0][:3])


def test_cli_trains_with_style_strokes_and_scores_the_stress_set(tmp_path, capsys):
    out, metrics = tmp_path / "m.npz", tmp_path / "m.json"
    assert main(["train", "--epochs", "1", "--hidden", "32", "--style-strokes", "300",
                 "--out", str(out)]) == 0  # fmt: skip
    capsys.readouterr()
    argv = ["evaluate", "--model", str(out), "--stress-set", "--per-style", "2"]
    assert main([*argv, "--metrics", str(metrics)]) == 0
    printed = capsys.readouterr().out
    assert "stress set" in printed and "7-crossed" in printed and "overall" in printed
    data = json.loads(metrics.read_text())["stress_set"]
    assert data["n"] == 2 * len(STYLES) and set(data["per_style"]) == {s.name for s in STYLES}
    assert 0.0 <= data["overall"] <= 1.0
    assert main(["evaluate", "--model", str(out), "--stress-set", "--per-style", "0"]) == 2
