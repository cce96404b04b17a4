"""Train-time augmentation: small random rotations, scalings, shifts and stroke changes, by seed."""

from __future__ import annotations

import numpy as np
import pytest

from mugui.training.augmentation import augment_batch, augmentation_params
from mugui_kernels import augment as kernel


def bar(rows: slice, cols: slice) -> np.ndarray:
    image = np.zeros((28, 28), np.uint8)
    image[rows, cols] = 255
    return image.reshape(1, 784)


def transform(images: np.ndarray, **values: float) -> np.ndarray:
    """The kernel applied with the same explicit parameters to every image."""
    params = np.zeros((images.shape[0], kernel.N_PARAMS))
    params[:, kernel.SCALE] = 1.0
    for name, value in values.items():
        params[:, getattr(kernel, name.upper())] = value
    out = np.empty_like(images)
    kernel.augment_images(images, params, out)
    return out


def centre_of_mass(row: np.ndarray) -> np.ndarray:
    image = row.reshape(28, 28).astype(np.float64)
    rows, cols = np.indices(image.shape)
    return np.array([(rows * image).sum(), (cols * image).sum()]) / image.sum()


@pytest.fixture(scope="module")
def digits() -> np.ndarray:
    from mugui.data.load import load_dataset

    return load_dataset("bundled").train_x[:500]


def test_same_seed_same_images_other_seed_other_images(digits):
    a = augment_batch(digits, seed=7)
    assert a.shape == digits.shape and a.dtype == np.uint8
    np.testing.assert_array_equal(a, augment_batch(digits, seed=7))
    assert not np.array_equal(a, augment_batch(digits, seed=8))
    assert not np.array_equal(a, digits)


def test_strength_zero_changes_nothing(digits):
    np.testing.assert_array_equal(augment_batch(digits, seed=1, strength=0.0), digits)


def test_transformations_stay_small(digits):
    params = augmentation_params(10_000, seed=3)
    assert np.degrees(np.abs(params[:, kernel.ANGLE])).max() <= 15.0
    assert params[:, kernel.SCALE].min() >= 0.8 and params[:, kernel.SCALE].max() <= 1.2
    assert np.abs(params[:, [kernel.SHIFT_X, kernel.SHIFT_Y]]).max() <= 3.0
    assert np.abs(params[:, kernel.STROKE]).max() <= 1.0
    out = augment_batch(digits, seed=3)
    ink_ratio = out.sum(axis=1) / digits.sum(axis=1)
    assert 0.5 < np.median(ink_ratio) < 1.5


def test_shift_moves_the_digit_by_that_many_pixels():
    image = bar(slice(8, 20), slice(12, 16))
    moved = transform(image, shift_x=3.0, shift_y=-2.0)
    np.testing.assert_allclose(
        centre_of_mass(moved[0]) - centre_of_mass(image[0]), [-2, 3], atol=1e-6
    )


def test_a_quarter_turn_lays_a_vertical_bar_flat():
    image = bar(slice(4, 24), slice(13, 15))
    turned = transform(image, angle=np.pi / 2).reshape(28, 28) > 127
    rows, cols = np.nonzero(turned)
    assert np.ptp(cols) > 15 and np.ptp(rows) < 4


def test_scaling_enlarges_and_stroke_change_thickens_or_thins():
    image = bar(slice(6, 22), slice(12, 16))
    assert (transform(image, scale=1.2) > 127).sum() > (image > 127).sum()
    assert transform(image, stroke=1.0).sum() > image.sum()
    assert transform(image, stroke=-1.0).sum() < image.sum()


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="784"):
        augment_batch(np.zeros((3, 28, 28), np.uint8), seed=0)
    with pytest.raises(ValueError, match="strength"):
        augment_batch(np.zeros((3, 784), np.uint8), seed=0, strength=-1.0)
