"""Image files of any size, colour mode and polarity read as the canvas would draw them."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from mugui.drawing.image_file import load_model_input, read_canvas
from mugui.drawing.preprocess import to_model_input
from mugui.drawing.strokes import drawn_digit
from mugui.errors import DataError


@pytest.fixture(scope="module")
def four() -> np.ndarray:
    """A drawn 4 as a light-on-dark float canvas, and its model input."""
    return drawn_digit(4, width=16.0)


def correlation(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.corrcoef(a.ravel(), b.ravel())[0, 1])


def as_u8(canvas: np.ndarray) -> np.ndarray:
    return np.rint(canvas * 255).astype(np.uint8)


def save_variants(four: np.ndarray, folder) -> dict[str, str]:
    """The same drawing saved the ways people save pictures."""
    ink = as_u8(four)
    paper = 255 - ink
    files = {
        "light_on_dark.png": Image.fromarray(ink),
        "dark_on_light.png": Image.fromarray(paper),
        "rgb_photo.jpg": Image.fromarray(np.dstack([paper, paper, (paper * 0.9).astype(np.uint8)])),
        "big_scan.jpg": Image.fromarray(paper).resize((1400, 1400)),
        "tiny.png": Image.fromarray(ink).resize((40, 40), Image.LANCZOS),
        "wide.png": Image.fromarray(np.pad(paper, ((0, 0), (200, 300)), constant_values=255)),
        "grey_paper.png": Image.fromarray((paper * 0.5 + 100).astype(np.uint8)),
        "transparent_dark_ink.png": Image.fromarray(np.dstack([np.zeros_like(ink)] * 3 + [ink])),
        "transparent_white_ink.png": Image.fromarray(
            np.dstack([np.full_like(ink, 255)] * 3 + [ink])
        ),
        "palette.png": Image.fromarray(paper).convert("P"),
        "sixteen_bit.png": Image.fromarray(ink.astype(np.uint16) * 257),
    }
    paths = {}
    for name, image in files.items():
        path = folder / name
        image.save(path, quality=85) if name.endswith(".jpg") else image.save(path)
        paths[name] = str(path)
    return paths


def test_every_kind_of_file_gives_the_canvas_model_input(four, tmp_path):
    expected = to_model_input(four)
    for name, path in save_variants(four, tmp_path).items():
        result = load_model_input(path)
        assert result.shape == (28, 28) and result.dtype == np.float32
        assert correlation(result, expected) > 0.9, name


def test_canvas_has_bright_ink_on_black(four, tmp_path):
    for name, path in save_variants(four, tmp_path).items():
        canvas = read_canvas(path)
        border = np.concatenate([canvas[0], canvas[-1], canvas[:, 0], canvas[:, -1]])
        assert np.median(border) < 0.05 and canvas.max() == pytest.approx(1.0), name


def test_a_missing_file_is_a_data_error(tmp_path):
    with pytest.raises(DataError, match="no image file"):
        load_model_input(tmp_path / "nope.png")
    with pytest.raises(DataError, match="no image file"):
        load_model_input(tmp_path)


def test_a_file_that_is_not_an_image_is_a_data_error(tmp_path):
    path = tmp_path / "notes.png"
    path.write_text("these are not pixels\n")
    with pytest.raises(DataError, match="not an image"):
        load_model_input(path)


def test_a_truncated_image_is_a_data_error(four, tmp_path):
    whole = tmp_path / "whole.png"
    Image.fromarray(as_u8(four)).save(whole)
    broken = tmp_path / "broken.png"
    broken.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    with pytest.raises(DataError, match="damaged"):
        load_model_input(broken)


def test_a_blank_image_is_a_data_error(tmp_path):
    path = tmp_path / "blank.jpg"
    Image.new("RGB", (300, 200), (250, 250, 245)).save(path)
    with pytest.raises(DataError, match="no ink"):
        load_model_input(path)
