"""The stress set (a benchmark of how people write) and the style strokes (training data) stay apart."""

from __future__ import annotations

import numpy as np
import pytest

from mugui.drawing.hand import HandRanges, random_hand, write
from mugui.drawing.stress_score import score_predictions
from mugui.drawing.stress_set import STRESS_DOMAIN, stress_drawing, stress_set
from mugui.drawing.stress_templates import STRESS_TEMPLATES
from mugui.drawing.strokes import line, render, render_pen
from mugui.drawing.style_catalogue import STYLE_NAMES, STYLES
from mugui.drawing.style_strokes import TRAINING_DOMAIN, style_strokes
from mugui.drawing.training_templates import TRAINING_TEMPLATES

REQUIRED = (  # the styles issue #16 names, each with its regional variants
    "7-crossed", "7-plain", "2-z-crossed", "2-plain", "1-flag", "1-flag-base", "1-plain",
    "4-one-stroke-open", "4-zigzag", "4-che", "4-closed", "9-hooked", "9-curved-tail",
    "9-straight", "8-narrow", "8-slanted", "8-two-loop", "6-open-loop", "0-open-top",
)  # fmt: skip


@pytest.fixture(scope="module")
def small_stress():
    return stress_set(per_style=6)


def test_the_catalogue_names_every_required_style_and_every_digit():
    assert set(REQUIRED) <= set(STYLE_NAMES)
    assert {s.digit for s in STYLES} == set(range(10))
    assert len(set(STYLE_NAMES)) == len(STYLES)
    for style in STYLES:
        assert style.name.startswith(f"{style.digit}-")


def test_both_template_sets_draw_exactly_the_catalogue_with_their_own_code():
    assert list(STRESS_TEMPLATES) == list(STYLE_NAMES)
    assert list(TRAINING_TEMPLATES) == list(STYLE_NAMES)
    for name in STYLE_NAMES:
        assert STRESS_TEMPLATES[name] is not TRAINING_TEMPLATES[name]
        assert STRESS_TEMPLATES[name].__module__ != TRAINING_TEMPLATES[name].__module__


def test_the_stress_set_holds_every_style_in_equal_numbers_with_the_right_labels(small_stress):
    assert len(small_stress) == 6 * len(STYLES)
    assert small_stress.images.shape == (len(small_stress), 784)
    assert small_stress.images.dtype == np.uint8
    for style in STYLES:
        rows = np.array(small_stress.styles) == style.name
        assert rows.sum() == 6
        assert (small_stress.labels[rows] == style.digit).all()
    assert (small_stress.images.max(axis=1) > 200).all()  # every drawing has ink


def test_the_stress_set_is_the_same_for_a_seed_and_different_for_another(small_stress):
    again = stress_set(per_style=6)
    np.testing.assert_array_equal(again.images, small_stress.images)
    other = stress_set(per_style=6, seed=small_stress.seed + 1)
    assert not np.array_equal(other.images, small_stress.images)


def test_the_training_strokes_share_no_image_with_the_stress_set(small_stress):
    assert TRAINING_DOMAIN != STRESS_DOMAIN
    train_x, _ = style_strokes(1500)
    benchmark = {row.tobytes() for row in small_stress.images}
    assert len(benchmark) == len(small_stress)
    assert not benchmark & {row.tobytes() for row in train_x}
    # nor are they near-copies: every stress image differs from its nearest training image
    a = small_stress.images.astype(np.float32) / 255
    b = train_x.astype(np.float32) / 255
    nearest = ((a**2).sum(1)[:, None] - 2 * a @ b.T + (b**2).sum(1)[None, :]).min(axis=1)
    assert nearest.min() > 1.0


def test_style_strokes_take_turns_over_the_styles_of_the_digits_asked_for():
    images, labels = style_strokes(2 * len(STYLES))
    assert images.shape == (2 * len(STYLES), 784) and images.dtype == np.uint8
    assert np.bincount(labels, minlength=10).tolist() == [
        2 * sum(s.digit == d for s in STYLES) for d in range(10)
    ]
    only, only_labels = style_strokes(20, digits=[1, 7])
    assert set(only_labels.tolist()) == {1, 7}
    np.testing.assert_array_equal(style_strokes(20, digits=[7, 1])[0], only)
    with pytest.raises(ValueError):
        style_strokes(-1)


def test_a_mouse_draws_sparse_chords_with_one_width_and_a_pen_a_varying_line():
    rng = np.random.default_rng(5)
    skeleton = STRESS_TEMPLATES["3-plain"](rng)
    hands = {h.device: h for h in (random_hand(np.random.default_rng(s)) for s in range(20))}
    mouse = write(skeleton, hands["mouse"], np.random.default_rng(1))
    pen = write(skeleton, hands["pen"], np.random.default_rng(1))
    assert all(np.ptp(widths) == 0 for _, widths in mouse)
    assert any(np.ptp(widths) > 0.2 * widths.mean() for _, widths in pen)
    mouse_gaps = np.concatenate([np.hypot(*np.diff(p, axis=0).T) for p, _ in mouse])
    pen_gaps = np.concatenate([np.hypot(*np.diff(p, axis=0).T) for p, _ in pen])
    assert np.median(mouse_gaps) > np.median(pen_gaps)


def test_hands_keep_the_ink_on_the_canvas_at_several_sizes():
    heights = []
    for k in range(40):
        drawing = stress_drawing(k % len(STYLES), k)
        rows, cols = np.nonzero(drawing.canvas > 0.5)
        assert rows.min() > 0 and cols.min() > 0 and rows.max() < 279 and cols.max() < 279
        heights.append(np.ptp(rows))
    assert min(heights) < 100 and max(heights) > 170


def test_a_pen_stroke_is_as_wide_as_its_widths_say():
    canvas = render_pen([(line((40, 50), (240, 50)), np.array([4.0, 24.0]))], size=(100, 280))
    thin, thick = (canvas[:, 50] > 0.5).sum(), (canvas[:, 230] > 0.5).sum()
    assert 4 <= thin <= 6 and 22 <= thick <= 24  # widths 5 and 23 at 5 % and 95 % of the way
    same = render_pen([(line((10, 10), (90, 60)), np.full(2, 6.0))], size=100)
    np.testing.assert_allclose(same, render([line((10, 10), (90, 60))], 6.0, size=100), atol=1e-5)


def test_hand_ranges_are_the_source_of_the_traits():
    narrow = HandRanges(heights=((0.5, 0.5),), aspect=(0.6, 0.6), slant=(0.3, 0.3))
    hand = random_hand(np.random.default_rng(0), narrow)
    assert hand.height == pytest.approx(140.0) and hand.aspect == 0.6 and hand.slant == 0.3


def test_the_score_counts_overall_per_style_and_per_digit(small_stress):
    right = score_predictions(small_stress.labels.copy(), small_stress)
    assert right.overall == 1.0 and right.meets_target
    wrong = small_stress.labels.copy()
    wrong[np.array(small_stress.styles) == "7-crossed"] = 2
    score = score_predictions(wrong, small_stress)
    assert score.per_style["7-crossed"] == 0.0 and score.worst_style == ("7-crossed", 0.0)
    assert score.per_digit[7] == pytest.approx(1 - 1 / sum(s.digit == 7 for s in STYLES))
    assert not score.meets_target
    assert "7-crossed" in score.table() and score.to_dict()["n"] == len(small_stress)
    with pytest.raises(ValueError):
        score_predictions(wrong[:-1], small_stress)
