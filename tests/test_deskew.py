"""Moment-based deskewing: the kernel against numpy and scipy, and every input path of a deskewed model."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.ndimage import affine_transform

from mugui.deskew import deskew, deskews, model_inputs
from mugui.model import Model
from mugui_kernels.deskew import deskew_images


def reference_deskew(image: np.ndarray) -> np.ndarray:
    """Numpy: moments, slant alpha = cov/var(row), shear about the centre, bilinear, zeros outside."""
    image = image.astype(np.float64).reshape(28, 28)
    total = image.sum()
    if total == 0:
        return image.astype(np.float32)
    rows, cols = np.mgrid[:28, :28]
    mr, mc = (rows * image).sum() / total, (cols * image).sum() / total
    var = ((rows - mr) ** 2 * image).sum() / total
    cov = ((rows - mr) * (cols - mc) * image).sum() / total
    alpha = cov / var if var > 1e-12 else 0.0
    sy = rows + mr - 14.0
    sx = cols + mc - 14.0 + alpha * (rows - 14.0)
    y0, x0 = np.floor(sy).astype(int), np.floor(sx).astype(int)
    fy, fx = sy - y0, sx - x0
    out = np.zeros((28, 28))
    for dy in (0, 1):
        for dx in (0, 1):
            yy, xx = y0 + dy, x0 + dx
            ok = (yy >= 0) & (yy < 28) & (xx >= 0) & (xx < 28)
            w = (fy if dy else 1 - fy) * (fx if dx else 1 - fx)
            out[ok] += w[ok] * image[yy[ok], xx[ok]]
    return out.astype(np.float32)


def skew(image: np.ndarray) -> float:
    image = image.astype(np.float64).reshape(28, 28)
    rows, cols = np.mgrid[:28, :28]
    total = image.sum()
    mr, mc = (rows * image).sum() / total, (cols * image).sum() / total
    return float(((rows - mr) * (cols - mc) * image).sum() / ((rows - mr) ** 2 * image).sum())


def slanted_bar(slant: float) -> np.ndarray:
    image = np.zeros((28, 28), np.float32)
    for r in range(5, 23):
        c = 14 + slant * (r - 14)
        image[r, int(round(c)) - 1 : int(round(c)) + 2] = 1.0
    return image


@pytest.fixture(scope="module")
def digits() -> np.ndarray:
    from mugui.data.load import load_dataset

    return load_dataset("bundled").train_x[:200]


def test_kernel_matches_the_numpy_reference(digits):
    out = np.empty(digits.shape, np.float32)
    deskew_images(digits, out)
    expected = np.stack([reference_deskew(d).reshape(-1) for d in digits])
    np.testing.assert_allclose(out, expected, atol=1e-3)


def test_reference_is_scipys_affine_shear(digits):
    image = digits[3].reshape(28, 28).astype(np.float64)
    rows, cols = np.mgrid[:28, :28]
    total = image.sum()
    centre = np.array([(rows * image).sum(), (cols * image).sum()]) / total
    var = ((rows - centre[0]) ** 2 * image).sum() / total
    cov = ((rows - centre[0]) * (cols - centre[1]) * image).sum() / total
    matrix = np.array([[1.0, 0.0], [cov / var, 1.0]])
    offset = centre - matrix @ np.array([14.0, 14.0])
    expected = affine_transform(image, matrix, offset=offset, order=1, mode="grid-constant")
    np.testing.assert_allclose(reference_deskew(image), expected, atol=1e-3)


def test_a_slanted_stroke_comes_out_upright():
    bar = slanted_bar(0.5)
    assert skew(bar) > 0.4
    straight = deskew(bar.reshape(1, -1))[0]
    assert abs(skew(straight)) < 0.05
    assert straight.sum() == pytest.approx(bar.sum(), rel=0.05)


def test_digits_lose_their_slant(digits):
    before = np.abs([skew(d) for d in digits[:50]])
    after = np.abs([skew(d) for d in deskew(digits[:50])])
    assert np.median(after) < 0.2 * np.median(before)


def test_uint8_stays_uint8_and_an_empty_image_stays_empty(digits):
    out = deskew(digits[:5])
    assert out.dtype == np.uint8 and out.shape == (5, 784)
    np.testing.assert_array_equal(deskew(np.zeros((2, 784), np.uint8)), 0)
    assert deskew(np.zeros((1, 784), np.float32)).dtype == np.float32


def test_only_models_trained_deskewed_deskew_their_inputs(digits):
    assert not deskews({}) and not deskews({"deskew": "yes"}) and deskews({"deskew": True})
    assert model_inputs({}, digits) is digits
    np.testing.assert_array_equal(model_inputs({"deskew": True}, digits), deskew(digits))


def test_predict_proba_deskews_for_a_deskewed_model(digits):
    plain = Model.init((784, 32, 10), seed=1)
    skewed = plain.copy()
    skewed.meta["deskew"] = True
    np.testing.assert_allclose(
        skewed.predict_proba(digits), plain.predict_proba(deskew(digits)), atol=1e-6
    )
    floats = digits[:3].astype(np.float32) / 255
    np.testing.assert_allclose(
        skewed.predict_proba(floats), plain.predict_proba(deskew(floats)), atol=1e-6
    )
    np.testing.assert_array_equal(skewed.hidden(digits[:4]), plain.hidden(deskew(digits[:4])))


def test_unlearning_steps_take_their_gradients_on_deskewed_inputs(digits):
    from mugui.training.kernel_args import step_settings
    from mugui.unlearning.blocks.saliency import loss_gradient_on
    from mugui.unlearning.stepper import Stepper, one_hot

    labels = np.arange(32) % 10
    skewed = Model.init((784, 32, 10), seed=2)
    skewed.meta["deskew"] = True
    plain = Model.init((784, 32, 10), seed=2)
    np.testing.assert_allclose(
        loss_gradient_on(skewed, digits[:32], labels),
        loss_gradient_on(plain, deskew(digits[:32]), labels),
        atol=1e-6,
    )
    Stepper(skewed, step_settings(0.1)).step(digits[:32], one_hot(labels))
    Stepper(plain, step_settings(0.1)).step(deskew(digits[:32]), one_hot(labels))
    np.testing.assert_allclose(skewed.params, plain.params, atol=1e-6)
