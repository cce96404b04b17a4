"""The answer paths say "?" for an empty canvas, too little ink, and unsure models — and still
answer ordinary digits. Letters and scribbles come from the project's own stroke renderer."""

from __future__ import annotations

import numpy as np
import pytest

from mugui.calibration import calibrated_proba
from mugui.drawing.ink_check import NO_INK, TOO_LITTLE_INK, ink_problem
from mugui.drawing.non_digits import LETTERS, non_digit_drawings
from mugui.drawing.preprocess import to_model_input
from mugui.drawing.strokes import drawn_digit, user_drawings

pytestmark = pytest.mark.slow
THRESHOLD = 0.5  # the window's and `mugui predict`'s default


@pytest.fixture(scope="module")
def model():
    from mugui.data.load import load_dataset
    from mugui.training.config import TrainConfig
    from mugui.training.trainer import train

    trained, _ = train(load_dataset("bundled"), TrainConfig(epochs=5))
    return trained


def says_question_mark(model, canvases) -> np.ndarray:
    inputs = np.stack([to_model_input(c).reshape(-1) for c in canvases])
    unsure = calibrated_proba(model, inputs).max(axis=1) < THRESHOLD
    return unsure | np.array([bool(ink_problem(c)) for c in canvases])


def test_an_empty_canvas_a_dot_and_a_dash_have_too_little_ink():
    canvas = np.zeros((280, 280), np.float32)
    assert ink_problem(canvas) == NO_INK
    canvas[130:150, 130:150] = 1.0
    assert ink_problem(canvas) == TOO_LITTLE_INK
    canvas[130:150, 130:165] = 1.0
    assert ink_problem(canvas) == TOO_LITTLE_INK
    speck = np.zeros((280, 280), np.float32)
    speck[5, 5] = 1.0
    assert ink_problem(speck) == TOO_LITTLE_INK


def test_every_drawn_digit_has_enough_ink_even_tiny_in_a_corner():
    tiny = drawn_digit(0, width=3.0, side=40.0, left=5.0, top=5.0)
    assert ink_problem(tiny) == ""
    assert all(ink_problem(canvas) == "" for _, _, canvas in user_drawings(1, seed=3))


def test_letters_and_scribbles_get_a_question_mark_far_more_often_than_digits(model):
    digits = [canvas for _, _, canvas in user_drawings(1, seed=3)]
    others = [canvas for _, canvas in non_digit_drawings(1, seed=3)]
    digit_rate = says_question_mark(model, digits).mean()
    other_rate = says_question_mark(model, others).mean()
    assert digit_rate <= 0.03
    assert other_rate >= 0.1 and other_rate >= 4 * max(digit_rate, 0.01)


def test_the_letters_are_the_named_ones_and_unlike_digits():
    assert {"A", "X", "W"} <= set(LETTERS) and not {"O", "I", "S", "Z"} & set(LETTERS)
    names = [name for name, _ in non_digit_drawings(1, seed=0)]
    assert names.count("scribble") == names.count("A") * len(LETTERS)
