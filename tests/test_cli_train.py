"""`mugui train` and `mugui evaluate` end to end: JSON keys, identical files for a seed, exit codes."""

import json

import numpy as np
import pytest

from mugui.cli.main import main
from mugui.model_file import load_model

FAST = ["--epochs", "1", "--hidden", "32"]


def test_train_writes_model_and_metrics_with_the_spec_keys(tmp_path, capsys):
    out, metrics = tmp_path / "m.npz", tmp_path / "m.json"
    assert main(["train", *FAST, "--out", str(out), "--metrics", str(metrics)]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("trained 784-32-10") and "test accuracy" in line and "\n" not in line
    assert line.endswith(f"saved to {out}")
    data = json.loads(metrics.read_text())
    assert {"config", "epochs", "final", "seconds", "samples_per_second"} <= set(data)
    epoch = data["epochs"][0]
    assert {
        "epoch",
        "loss",
        "train_accuracy",
        "test_accuracy",
        "per_class_accuracy",
        "seconds",
    } <= set(epoch)
    assert len(epoch["per_class_accuracy"]) == 10
    assert {"test_accuracy", "per_class_accuracy", "confusion"} <= set(data["final"])
    assert np.asarray(data["final"]["confusion"]).shape == (10, 10)
    assert 0.5 < data["final"]["test_accuracy"] <= 1.0
    assert load_model(out).sizes == (784, 32, 10)
    assert load_model(out).meta["preset"] == "healthy"  # the window's "Custom (from …)" base


def test_train_without_out_says_the_model_was_not_saved(capsys):
    assert main(["train", *FAST]) == 0
    assert capsys.readouterr().out.strip().endswith("model not saved (use --out MODEL.npz)")


def test_the_help_says_that_mugui_alone_opens_the_window(capsys):
    assert main(["--help"]) == 0
    assert "`mugui` alone opens the window" in " ".join(capsys.readouterr().out.split())


def test_same_seed_twice_gives_identical_model_files(tmp_path):
    a, b = tmp_path / "a.npz", tmp_path / "b.npz"
    assert main(["train", *FAST, "--seed", "3", "--out", str(a)]) == 0
    assert main(["train", *FAST, "--seed", "3", "--out", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()


def test_preset_and_bug_flags_combine(tmp_path):
    metrics = tmp_path / "m.json"
    args = [
        "train",
        "--preset",
        "debugc",
        "--epochs",
        "1",
        "--hidden",
        "16",
        "--no-bug",
        "eval_on_train",
        "--bug",
        "gradient_ascent",
    ]
    assert main([*args, "--metrics", str(metrics)]) == 0
    config = json.loads(metrics.read_text())["config"]
    assert config["schedule"] == "sequential" and config["batch_size"] == 5
    assert "eval_on_train" not in config["bugs"] and "gradient_ascent" in config["bugs"]


def test_list_bugs_prints_the_catalogue(capsys):
    assert main(["train", "--list-bugs"]) == 0
    text = capsys.readouterr().out
    assert "batch_image_index" in text and "provenance: nn.c" in text


@pytest.mark.parametrize(
    "args",
    [
        ["--lr", "0"],
        ["--lr", "abc"],
        ["--hidden", "0"],
        ["--epochs", "1000000000"],
        ["--batch-size", "100000"],
        ["--bug", "nope"],
        ["--preset", "nope"],
        ["--data", "/no/such/folder"],
    ],
)
def test_bad_arguments_exit_2_with_one_line(args, capsys):
    assert main(["train", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("mugui: error:") and err.count("\n") == 1 and "Traceback" not in err


def test_evaluate_reports_accuracy_around_a_class(tmp_path, capsys):
    out, metrics = tmp_path / "m.npz", tmp_path / "e.json"
    main(["train", *FAST, "--out", str(out)])
    capsys.readouterr()
    assert (
        main(["evaluate", "--model", str(out), "--forget-class", "5", "--metrics", str(metrics)])
        == 0
    )
    data = json.loads(metrics.read_text())
    assert {
        "test_accuracy",
        "per_class_accuracy",
        "confusion",
        "test_forget_accuracy",
        "test_retain_accuracy",
    } <= set(data)
    assert abs(data["test_forget_accuracy"] - data["per_class_accuracy"][5]) < 1e-9


def test_evaluate_refuses_a_damaged_model_with_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"PK\x03\x04garbage")
    assert main(["evaluate", "--model", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.npz" in err and err.count("\n") == 1


def test_recorded_indices_let_amnesiac_forget_exactly_them(tmp_path, capsys):
    indices = tmp_path / "mine.txt"
    indices.write_text(" ".join(str(i) for i in range(0, 400, 20)))
    model, report = tmp_path / "m.npz", tmp_path / "r.json"
    args = [
        "train",
        *FAST,
        "--record-updates",
        "--record-indices",
        str(indices),
        "--out",
        str(model),
    ]
    assert main(args) == 0
    _, extras = load_model(model, with_extras=True)
    assert extras["record"].shape[0] == 11  # ten classes and the recorded indices
    unlearn = [
        "unlearn",
        "--model",
        str(model),
        "--forget-indices",
        str(indices),
        "--method",
        "amnesiac",
    ]
    assert main([*unlearn, "--reference", "none", "--metrics", str(report)]) == 0
    assert json.loads(report.read_text())["forget"]["size"] == 20


def test_record_indices_without_recording_is_refused(tmp_path, capsys):
    indices = tmp_path / "mine.txt"
    indices.write_text("1 2 3")
    assert main(["train", *FAST, "--record-indices", str(indices)]) == 2
    assert "record-updates" in capsys.readouterr().err


def test_the_help_gives_each_setting_its_range_from_the_config(capsys):
    from mugui.training.config import FIELD_CHOICES, FIELD_RANGES

    main(["train", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for allowed in FIELD_RANGES.values():
        assert allowed.text in text
    for choice in FIELD_CHOICES.values():
        assert " ".join(choice.text.split()) in text


def test_deskew_is_recorded_in_the_model_and_applied_when_it_predicts(tmp_path, capsys):
    from PIL import Image

    from mugui.calibration import calibrated_proba
    from mugui.deskew import deskew
    from mugui.drawing.image_file import load_model_input

    out, metrics = tmp_path / "m.npz", tmp_path / "m.json"
    assert main(["train", *FAST, "--deskew", "--out", str(out), "--metrics", str(metrics)]) == 0
    model = load_model(out)
    assert model.meta["deskew"] is True and model.meta["config"]["deskew"] is True
    canvas = np.zeros((280, 280), np.uint8)
    canvas[60:220, 100:130] = 255  # a thick bar, then slanted by shifting rows
    for r in range(280):
        canvas[r] = np.roll(canvas[r], (r - 140) // 3)
    Image.fromarray(canvas).save(tmp_path / "bar.png")
    predictions = tmp_path / "p.json"
    assert main(["predict", "--model", str(out), str(tmp_path / "bar.png"),
                 "--metrics", str(predictions)]) == 0  # fmt: skip
    said = json.loads(predictions.read_text())["predictions"][0]["probabilities"]
    plain = model.copy()
    plain.meta.pop("deskew")
    image = load_model_input(tmp_path / "bar.png").reshape(1, -1)
    expected = calibrated_proba(plain, deskew(image))[0]  # predict answers calibrated
    np.testing.assert_allclose(said, expected, atol=1e-5)


def test_a_model_file_without_deskew_loads_with_deskew_off(tmp_path):
    from mugui.model import Model
    from mugui.model_file import save_model

    save_model(Model.init((784, 32, 10), seed=0), tmp_path / "old.npz")
    model = load_model(tmp_path / "old.npz")
    assert "deskew" not in model.meta
    images = np.random.default_rng(0).integers(0, 255, (3, 784), dtype=np.uint8)
    np.testing.assert_array_equal(
        model.predict_proba(images), Model.init((784, 32, 10), 0).predict_proba(images)
    )
