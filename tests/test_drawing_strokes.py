"""The Qt-free stroke renderer and the synthetic drawings the tests use as a user's hand."""

from __future__ import annotations

import numpy as np
import pytest

from mugui.drawing.strokes import (
    DIGIT_STROKES,
    VARIANTS,
    drawn_digit,
    jittered,
    line,
    render,
    rotated,
    scaled,
    shifted,
    user_drawings,
)


def test_a_straight_stroke_covers_its_length_times_its_width_plus_round_caps():
    width = 10.0
    canvas = render([line((50, 100), (150, 100))], width, size=200)
    assert canvas.sum() == pytest.approx(100 * width + np.pi * (width / 2) ** 2, rel=0.02)
    assert canvas.max() == 1.0


def test_a_single_point_is_a_round_dot():
    canvas = render([line((40, 40))], 20.0, size=80)
    assert canvas.sum() == pytest.approx(np.pi * 10**2, rel=0.03)
    rows, cols = np.nonzero(canvas > 0.5)
    assert rows.max() - rows.min() == pytest.approx(cols.max() - cols.min(), abs=1)


def test_edges_are_anti_aliased():
    canvas = render([line((10, 10), (90, 60))], 6.0, size=100)
    partial = (canvas > 0) & (canvas < 1)
    assert partial.sum() > 50


def test_strokes_leaving_the_canvas_are_clipped():
    canvas = render([line((-50, 10), (500, 10)), line((-30, -30))], 8.0, size=(40, 60))
    assert canvas.shape == (40, 60)
    assert canvas[10].min() == 1.0


@pytest.mark.parametrize("digit", range(10))
def test_every_digit_style_draws_inside_the_canvas(digit):
    for style in range(len(DIGIT_STROKES[digit])):
        canvas = drawn_digit(digit, style)
        ink = np.nonzero(canvas > 0.5)
        assert canvas.sum() > 1000
        assert min(ink[0].min(), ink[1].min()) > 0 and max(ink[0].max(), ink[1].max()) < 279


def test_transformations_move_scale_and_turn_strokes():
    stroke = [line((10.0, 0.0), (20.0, 0.0))]
    np.testing.assert_allclose(shifted(stroke, 5, -2)[0], [[15, -2], [25, -2]])
    np.testing.assert_allclose(scaled(stroke, 2.0, about=(10, 0))[0], [[10, 0], [30, 0]])
    np.testing.assert_allclose(
        rotated(stroke, 90, about=(10, 0))[0], [[10, 0], [10, 10]], atol=1e-9
    )


def test_trackpad_jitter_wobbles_reproducibly_and_keeps_the_ends():
    stroke = [line((0.0, 0.0), (100.0, 0.0))]
    a, b = jittered(stroke, 2.0, seed=3)[0], jittered(stroke, 2.0, seed=3)[0]
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, jittered(stroke, 2.0, seed=4)[0])
    assert len(a) > 30 and 0.2 < np.abs(a[:, 1]).mean() < 5
    np.testing.assert_allclose(a[-1] - a[0], [100, 0], atol=5)


def test_user_drawings_cover_every_variant_digit_and_style_reproducibly():
    first = list(user_drawings(per_variant=1, seed=2))
    n_styles = sum(len(styles) for styles in DIGIT_STROKES.values())
    assert len(first) == len(VARIANTS) * n_styles
    assert {v for v, _, _ in first} == set(VARIANTS)
    assert {d for _, d, _ in first} == set(range(10))
    again = list(user_drawings(per_variant=1, seed=2))
    assert all(np.array_equal(a[2], b[2]) for a, b in zip(first, again, strict=True))
    assert all(canvas.any() for _, _, canvas in first)
