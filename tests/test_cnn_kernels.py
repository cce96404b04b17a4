"""The CNN's numba kernels compute the same maths as its numpy reference (and as finite
differences), for every bug switch that applies to a CNN."""

import numpy as np
import pytest

from mugui.architecture import CnnSpec
from mugui.bugs import BUGS
from mugui.data.bundled import load_bundled
from mugui.model import Model
from mugui.training import cnn_reference as ref
from mugui.training.config import MLP_ONLY_BUGS
from mugui.training.kernel_args import step_settings, training_args
from mugui_kernels import cnn_inference, cnn_train
from mugui_kernels import flags as F

SPEC = CnnSpec(3, 5, 16)
SHAPE = SPEC.as_array()


def _digits(n=9):
    data = load_bundled()
    return data.train_x[:n], data.train_y[:n]


def _inputs(n=9):
    images, labels = _digits(n)
    return images.astype(np.float32) / 255, np.eye(10, dtype=np.float32)[labels]


def _model(seed=0):
    model = Model.init(SPEC, seed)
    model.params += np.float32(0.01)  # positive biases: more ReLUs open, more paths checked
    return model


NO_IMAGES = np.zeros((0, 784), dtype=np.uint8)
NO_INPUTS = np.zeros((0, 784), dtype=np.float32)


def _answers(params, x, what=cnn_inference.PROBS_OUT, images=NO_IMAGES):
    return cnn_inference.answers(params, SHAPE, images, x, np.int64(0), np.int64(what))


def _gradients(params, x, targets, kind):
    return cnn_inference.gradients(params, SHAPE, x, targets, np.int64(kind))


def test_probabilities_match_the_reference():
    x, _ = _inputs()
    model = _model()
    probs = _answers(model.params, x)
    np.testing.assert_allclose(probs, ref.probs(model.params, SPEC, x), atol=1e-6)
    images, _ = _digits()
    from_u8 = _answers(model.params, NO_INPUTS, images=images)
    np.testing.assert_allclose(from_u8, probs, atol=1e-6)


def test_weight_and_input_gradients_match_the_reference():
    x, targets = _inputs()
    model = _model()
    p = ref.probs(model.params, SPEC, x)
    want, want_dx = ref.gradients(model.params, SPEC, x, (p - targets) / np.float32(len(x)))
    got, no_rows = _gradients(model.params, x, targets, cnn_inference.BY_WEIGHTS)
    np.testing.assert_allclose(got, want, atol=2e-6)
    assert no_rows.shape == (0, 784)
    zeros, got_dx = _gradients(model.params, x, targets, cnn_inference.BY_PIXELS)
    np.testing.assert_allclose(got_dx, want_dx * len(x), atol=2e-6)  # per-sample: no 1/n
    assert not zeros.any()


def test_loss_gradient_agrees_with_finite_differences():
    x, targets = _inputs(4)
    model = _model(3)
    grad = _gradients(model.params, x, targets, cnn_inference.BY_WEIGHTS)[0].astype(np.float64)

    def loss(params):
        p = _answers(params, x).astype(np.float64)
        return -np.mean(np.log((p * targets).sum(axis=1)))

    eps = np.float32(1e-3)
    # the largest gradient of each layer (conv1, conv2, dense, output), weights and biases
    for w, b in SPEC.layer_slices():
        for part in (w, b):
            i = part.start + int(np.argmax(np.abs(grad[part])))
            up, down = model.params.copy(), model.params.copy()
            up[i] += eps
            down[i] -= eps
            numeric = (loss(up) - loss(down)) / (2 * float(eps))
            assert numeric == pytest.approx(grad[i], rel=0.05, abs=2e-3), (part, i)


@pytest.mark.parametrize("expected", [False, True])
def test_fisher_diagonal_matches_the_reference(expected):
    x, targets = _inputs(5)
    model = _model()
    kind = cnn_inference.FISHER_TRUE if expected else cnn_inference.FISHER_EMPIRICAL
    got, no_rows = _gradients(model.params, x, targets, kind)
    assert no_rows.shape == (0, 784)
    want = ref.fisher_diagonal(model.params, SPEC, x, targets, expected)
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)


def test_dense_head_activations_are_the_hidden_layer():
    x, _ = _inputs()
    model = _model()
    a = ref.forward(model.params, SPEC, x)
    hidden = _answers(model.params, x, cnn_inference.HIDDEN_OUT)
    features = _answers(model.params, x, cnn_inference.FEATURES_OUT)
    np.testing.assert_allclose(hidden, a["h"], atol=1e-6)
    np.testing.assert_allclose(features, a["f"], atol=1e-6)


def _kernel_epoch(params, images, labels, batch, flags, lr=0.05, momentum=0.9, wd=0.0):
    p, v = params.copy(), np.zeros_like(params)
    n = len(labels)
    order = np.arange(n, dtype=np.int64)
    args = training_args(
        p,
        v,
        SHAPE,
        images,
        labels,
        order,
        batch_size=batch,
        lr=lr,
        momentum=momentum,
        weight_decay=wd,
        flags=flags,
    )
    cnn_train.train_range(args, 0, n)
    return p, args.stats


def _reference_epoch(params, images, labels, batch, flags, lr=0.05, momentum=0.9, wd=0.0):
    p, v = params.copy(), np.zeros_like(params)
    scale = np.float32(1.0 if flags & F.NO_NORMALIZE else 1.0 / 255.0)
    for i in range(0, len(labels), batch):
        idx = np.arange(i, min(i + batch, len(labels)))
        src = np.full_like(idx, i) if flags & F.BATCH_IMAGE_INDEX else idx
        x = images[src].astype(np.float32) * scale
        onehot = np.eye(10, dtype=np.float32)[labels[idx]]
        ref.mean_step(p, v, SPEC, x, onehot, lr, momentum, wd, flags)
    return p


CNN_BUGS = [b for b in BUGS.values() if b.name not in MLP_ONLY_BUGS]


@pytest.mark.parametrize("bug", [None, *CNN_BUGS], ids=lambda b: b.name if b else "healthy")
def test_a_training_range_matches_the_reference_with_every_bug_that_applies(bug):
    images, labels = _digits(12)
    flags = bug.flag if bug else 0
    lr = 0.0001 if flags & F.NO_NORMALIZE else 0.05  # raw pixels: keep the steps finite
    start = _model().params
    got, stats = _kernel_epoch(start, images, labels, 5, flags, lr=lr, wd=0.001)
    want = _reference_epoch(start, images, labels, 5, flags, lr=lr, wd=0.001)
    assert stats[2] == 12
    assert not np.array_equal(got, start)
    np.testing.assert_allclose(got, want, atol=2e-5)


def test_training_is_deterministic():
    images, labels = _digits(20)
    start = _model().params
    first, _ = _kernel_epoch(start, images, labels, 8, 0)
    second, _ = _kernel_epoch(start, images, labels, 8, 0)
    assert np.array_equal(first, second)


def test_one_step_kernel_matches_the_reference_step_and_honours_the_mask():
    x, targets = _inputs(6)
    model = _model()
    p, v = model.params.copy(), np.zeros_like(model.params)
    weights = np.ones(6, dtype=np.float32)
    cnn_train.sgd_step(p, v, SHAPE, x, targets, weights, step_settings(0.05))
    want, wv = model.params.copy(), np.zeros_like(model.params)
    ref.mean_step(want, wv, SPEC, x, targets, 0.05, 0.9)
    np.testing.assert_allclose(p, want, atol=2e-6)
    mask = np.zeros_like(model.params)
    frozen = model.params.copy()
    settings = step_settings(0.05, mask=mask)
    cnn_train.sgd_step(frozen, np.zeros_like(frozen), SHAPE, x, targets, weights, settings)
    assert np.array_equal(frozen, model.params)
