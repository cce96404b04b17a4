"""`mugui predict` recognises digits drawn the way users draw them, from image files of every kind."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from mugui.cli.main import main
from mugui.drawing.strokes import VARIANTS, drawn_digit, user_drawings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def model_path(tmp_path_factory) -> str:
    """The default model trained briefly (5 of its 15 epochs) on the bundled digits."""
    from mugui.data.load import load_dataset
    from mugui.model_file import save_model
    from mugui.training.config import TrainConfig
    from mugui.training.trainer import train

    model, _ = train(load_dataset("bundled"), TrainConfig(epochs=5))
    path = tmp_path_factory.mktemp("model") / "model.npz"
    save_model(model, path)
    return str(path)


def save_drawing(canvas: np.ndarray, path, dark_on_light: bool, size: int | None = None) -> str:
    """Write a canvas as an image file the way a user's drawing program or camera might."""
    ink = np.rint(canvas * 255).astype(np.uint8)
    image = Image.fromarray(255 - ink if dark_on_light else ink)
    if size is not None:
        image = image.resize((size, size), Image.LANCZOS)
    if str(path).endswith(".jpg"):
        image.convert("RGB").save(path, quality=80)
    else:
        image.save(path)
    return str(path)


def test_drawn_digits_in_files_are_recognised(model_path, tmp_path, capsys):
    """Every digit, both styles, every way of drawing, saved as PNG or JPEG at various sizes."""
    files, labels, variants = [], [], []
    for i, (variant, digit, canvas) in enumerate(user_drawings(per_variant=1, seed=11)):
        ext = ".jpg" if i % 3 == 0 else ".png"
        size = (None, 64, 500)[i % 3]
        files.append(
            save_drawing(canvas, tmp_path / f"d{i:03d}{ext}", dark_on_light=i % 2 == 0, size=size)
        )
        labels.append(digit)
        variants.append(variant)
    metrics = tmp_path / "predictions.json"
    assert main(["predict", "--model", model_path, *files, "--metrics", str(metrics)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == len(files)
    predictions = json.loads(metrics.read_text())["predictions"]
    assert [p["file"] for p in predictions] == files
    digits = np.array([p["digit"] for p in predictions])
    correct = digits == np.array(labels)
    assert correct.mean() >= 0.9, f"recognised {correct.mean():.2%} of drawn digits"
    for variant in VARIANTS:
        assert correct[np.array(variants) == variant].mean() >= 0.75, variant


def test_output_lines_and_json_hold_digit_confidence_and_ten_probabilities(
    model_path, tmp_path, capsys
):
    path = save_drawing(drawn_digit(7, width=30.0), tmp_path / "seven.png", dark_on_light=True)
    metrics = tmp_path / "out.json"
    assert main(["predict", "--model", model_path, path, "--metrics", str(metrics)]) == 0
    file, digit, confidence = capsys.readouterr().out.strip().split("\t")
    assert (file, digit) == (path, "7") and 0.5 < float(confidence) <= 1.0
    (entry,) = json.loads(metrics.read_text())["predictions"]
    assert entry["digit"] == 7 and len(entry["probabilities"]) == 10
    assert sum(entry["probabilities"]) == pytest.approx(1.0, abs=1e-4)
    assert entry["probabilities"][7] == pytest.approx(float(confidence), abs=1e-3)


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no image file"),
        (b"GIF89a but not really", "not an image"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "not an image"),
    ],
)
def test_bad_image_files_exit_2_with_one_line(model_path, tmp_path, capsys, content, message):
    good = save_drawing(drawn_digit(3), tmp_path / "three.png", dark_on_light=False)
    bad = tmp_path / "bad.png"
    if content is not None:
        bad.write_bytes(content)
    metrics = tmp_path / "out.json"
    assert main(["predict", "--model", model_path, good, str(bad), "--metrics", str(metrics)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and message in captured.err and "bad.png" in captured.err
    assert not metrics.exists()


def test_a_blank_image_exits_2(model_path, tmp_path, capsys):
    blank = tmp_path / "blank.png"
    Image.new("L", (280, 280), 255).save(blank)
    assert main(["predict", "--model", model_path, str(blank)]) == 2
    assert "no ink" in capsys.readouterr().err


def test_a_bad_model_file_exits_2(tmp_path, capsys):
    image = save_drawing(drawn_digit(1), tmp_path / "one.png", dark_on_light=True)
    not_a_model = tmp_path / "model.npz"
    not_a_model.write_bytes(b"PK\x03\x04 not really a zip")
    for model in (str(not_a_model), str(tmp_path / "missing.npz")):
        assert main(["predict", "--model", model, image]) == 2
        assert capsys.readouterr().err.startswith("mugui: error:")


def test_missing_arguments_exit_2(capsys):
    assert main(["predict", "some.png"]) == 2
    assert "--model" in capsys.readouterr().err
