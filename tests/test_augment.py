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
    kernel.augment_images(images, params, 0.0, np.int64(0), out)
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


MASK64 = (1 << 64) - 1


def reference_field(seed: int, index: int, alpha: float, step: int = 2) -> np.ndarray:
    """Numpy: the same splitmix64 noise on the 4-px grid, smoothed by dense Gaussian matrices,
    at every ``step``-th pixel from 0 to 28."""
    state = ((seed * kernel.GOLDEN + 1) & MASK64) ^ ((index * kernel.INDEX_MIX) & MASK64)
    values = []
    for _ in range(2 * kernel.N_GRID * kernel.N_GRID):
        state = (state + kernel.GOLDEN) & MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        z ^= z >> 31
        values.append((z >> 11) * (2.0 / 2**53) - 1.0)
    noise = np.array(values).reshape(2, kernel.N_GRID, kernel.N_GRID)
    grid = np.arange(kernel.N_GRID) * kernel.GRID - kernel.REACH
    d = np.arange(0, 29, step)[:, None] - grid[None, :]
    taps = np.exp(-0.5 * d**2 / kernel.SIGMA**2) / (np.sqrt(2 * np.pi) * kernel.SIGMA)
    taps[np.abs(d) > kernel.REACH] = 0.0
    return np.stack([alpha * kernel.NOISE_GAIN * taps @ n @ taps.T for n in noise])


def kernel_field(seed: int, index: int, alpha: float) -> np.ndarray:
    taps, first = kernel.elastic_taps()
    noise = np.empty((2, kernel.N_GRID, kernel.N_GRID))
    rows = np.empty((2, kernel.N_GRID, kernel.N_FIELD))
    field = np.empty((2, kernel.N_FIELD, kernel.N_FIELD))
    kernel.elastic_field(np.int64(seed), index, alpha, taps, first, noise, rows, field)
    return field


def test_elastic_field_matches_the_numpy_reference():
    for seed, index in ((0, 0), (7, 3), (123456789, 4999)):
        np.testing.assert_allclose(
            kernel_field(seed, index, 34.0), reference_field(seed, index, 34.0), atol=1e-9
        )


def upsampled(field: np.ndarray) -> np.ndarray:
    """The kernel's field at every pixel 0..27, bilinear between its 2-px points."""
    coarse = np.arange(kernel.N_FIELD) * kernel.FIELD_STEP
    pixels = np.arange(28)
    rows = np.stack([[np.interp(pixels, coarse, r) for r in f] for f in field])
    return np.stack([np.stack([np.interp(pixels, coarse, c) for c in f.T], axis=1) for f in rows])


def test_the_field_between_its_points_is_within_a_few_percent_of_the_exact_one():
    errors, sizes = [], []
    for i in range(50):
        exact = reference_field(2, i, 34.0, step=1)[:, :28, :28]
        errors.append(upsampled(kernel_field(2, i, 34.0)) - exact)
        sizes.append(exact)
    assert np.sqrt(np.mean(np.square(errors))) < 0.03 * np.sqrt(np.mean(np.square(sizes)))


def test_elastic_field_has_simards_statistics():
    """Same spread and smoothness as uniform noise smoothed at full resolution (σ 4, α 34)."""
    from scipy.ndimage import gaussian_filter

    ours = np.stack([upsampled(kernel_field(1, i, 34.0))[0] for i in range(600)])[:, 8:20, 8:20]
    rng = np.random.default_rng(0)
    simard = np.stack(
        [gaussian_filter(rng.uniform(-1, 1, (28, 28)), 4.0) * 34.0 for _ in range(600)]
    )[:, 8:20, 8:20]
    assert ours.std() == pytest.approx(simard.std(), rel=0.1)
    lag = [np.corrcoef(f[:, :, 0].ravel(), f[:, :, 4].ravel())[0, 1] for f in (ours, simard)]
    assert lag[0] == pytest.approx(lag[1], abs=0.08)


def test_a_warp_by_a_known_field_matches_bilinear_numpy(digits):
    """The kernel displaces every output pixel by the image's field, then samples bilinearly."""
    image = digits[:1]
    params = np.zeros((1, kernel.N_PARAMS))
    params[:, kernel.SCALE] = 1.0
    out = np.empty_like(image)
    kernel.augment_images(image, params, 34.0, np.int64(5), out)
    field = upsampled(kernel_field(5, 0, 34.0))
    src = image.reshape(28, 28).astype(np.float64)
    ys, xs = np.mgrid[:28, :28]
    sx, sy = xs + field[0], ys + field[1]
    x0, y0 = np.floor(sx).astype(int), np.floor(sy).astype(int)
    expected = np.zeros((28, 28))
    for dy in (0, 1):
        for dx in (0, 1):
            yy, xx = y0 + dy, x0 + dx
            ok = (yy >= 0) & (yy < 28) & (xx >= 0) & (xx < 28)
            w = (sy - y0 if dy else 1 - (sy - y0)) * (sx - x0 if dx else 1 - (sx - x0))
            expected[ok] += w[ok] * src[yy[ok], xx[ok]]
    np.testing.assert_allclose(out.reshape(28, 28), np.rint(expected), atol=1)


def test_elastic_distortion_is_seeded_and_off_at_alpha_zero(digits):
    elastic = augment_batch(digits[:50], seed=4, strength=0.0, elastic=34.0)
    np.testing.assert_array_equal(elastic, digits[:50])  # strength 0 scales α too
    a = augment_batch(digits[:50], seed=4, elastic=34.0)
    np.testing.assert_array_equal(a, augment_batch(digits[:50], seed=4, elastic=34.0))
    assert not np.array_equal(a, augment_batch(digits[:50], seed=4, elastic=0.0))
    with pytest.raises(ValueError, match="elastic"):
        augment_batch(digits[:5], seed=1, elastic=-1.0)
