"""The numba kernels compute the same maths as the numpy reference, for every schedule and bug."""

import numpy as np
import pytest

from mugui.bugs import BUGS
from mugui.data.bundled import load_bundled
from mugui.model import Model
from mugui.training import reference
from mugui.training.kernel_args import step_settings, training_args
from mugui_kernels import flags as F
from mugui_kernels.epoch import sgd_step, train_range
from mugui_kernels.forward import forward_probs

SIZES = (784, 32, 10)


def _data(n=40, seed=1):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, (n, 784), dtype=np.uint8), rng.integers(0, 10, n).astype(np.uint8)


def _digits(n=40, start=0):
    """Real digits: ~80% blank pixels, so batches take the sparse first-layer path."""
    data = load_bundled()
    return data.train_x[start : start + n], data.train_y[start : start + n]


def _run_kernel(
    params,
    flags,
    batch,
    schedule,
    images,
    labels,
    lr=0.01,
    momentum=0.9,
    wd=0.0,
    sizes=SIZES,
    groups=None,
    record=None,
):
    p, v = params.copy(), np.zeros_like(params)
    order = np.arange(len(labels), dtype=np.int64)
    args = training_args(
        p,
        v,
        np.asarray(sizes),
        images,
        labels,
        order,
        batch_size=batch,
        schedule=schedule,
        lr=lr,
        momentum=momentum,
        weight_decay=wd,
        flags=flags,
        sample_groups=groups,
        record=record,
    )
    train_range(args, 0, len(labels))
    return p


def _run_reference(
    params, flags, batch, schedule, images, labels, lr=0.01, momentum=0.9, wd=0.0, sizes=SIZES
):
    p, v = params.copy(), np.zeros_like(params)
    reference.train_epoch(
        p,
        v,
        sizes,
        images,
        labels,
        np.arange(len(labels)),
        batch,
        schedule,
        lr,
        momentum,
        wd,
        flags,
    )
    return p


@pytest.mark.parametrize("batch", [1, 5, 64])
@pytest.mark.parametrize("schedule", [F.SCHEDULE_MEAN, F.SCHEDULE_SEQUENTIAL])
def test_kernel_matches_reference_after_several_steps(batch, schedule):
    images, labels = _data(n=3 * batch + 2)
    params = Model.init(SIZES, seed=3).params
    got = _run_kernel(params, 0, batch, schedule, images, labels, wd=1e-4)
    want = _run_reference(params, 0, batch, schedule, images, labels, wd=1e-4)
    assert not np.array_equal(got, params), "training must change the weights"
    np.testing.assert_allclose(got, want, rtol=2e-4, atol=2e-5)


@pytest.mark.parametrize("batch", [1, 5, 64])
@pytest.mark.parametrize("schedule", [F.SCHEDULE_MEAN, F.SCHEDULE_SEQUENTIAL])
def test_sparse_first_layer_matches_dense_reference(batch, schedule):
    images, labels = _digits(n=3 * batch + 2)
    assert (images > 0).mean() < 0.3, "digits must take the sparse path"
    params = Model.init(SIZES, seed=3).params
    got = _run_kernel(params, 0, batch, schedule, images, labels, wd=1e-3)
    want = _run_reference(params, 0, batch, schedule, images, labels, wd=1e-3)
    assert not np.array_equal(got, params), "training must change the weights"
    np.testing.assert_allclose(got, want, rtol=2e-4, atol=2e-5)


@pytest.mark.parametrize("schedule", [F.SCHEDULE_MEAN, F.SCHEDULE_SEQUENTIAL])
def test_sparse_and_dense_batches_mixed_in_one_range_match_reference(schedule):
    """Deferred steps of blank rows are caught up across dense batches and at the end."""
    digits, digit_labels = _digits(n=20)
    noise, noise_labels = _data(n=10)
    images = np.concatenate([digits[:10], noise[:5], digits[10:], noise[5:]])
    labels = np.concatenate(
        [digit_labels[:10], noise_labels[:5], digit_labels[10:], noise_labels[5:]]
    )
    params = Model.init(SIZES, seed=9).params
    got = _run_kernel(params, 0, 5, schedule, images, labels, wd=1e-3)
    want = _run_reference(params, 0, 5, schedule, images, labels, wd=1e-3)
    np.testing.assert_allclose(got, want, rtol=2e-4, atol=2e-5)


@pytest.mark.parametrize("schedule", [F.SCHEDULE_MEAN, F.SCHEDULE_SEQUENTIAL])
def test_sparse_training_is_bitwise_deterministic(schedule):
    images, labels = _digits(n=40)
    params = Model.init(SIZES, seed=10).params
    first = _run_kernel(params, 0, 8, schedule, images, labels, wd=1e-4)
    second = _run_kernel(params, 0, 8, schedule, images, labels, wd=1e-4)
    assert np.array_equal(first, second)


def test_recorded_update_of_a_sparse_range_is_the_whole_parameter_change():
    images, labels = _digits(n=30)
    params = Model.init(SIZES, seed=11).params
    record = np.zeros((1, params.size), np.float32)
    got = _run_kernel(
        params, 0, 5, F.SCHEDULE_MEAN, images, labels, groups=np.ones(30, np.int64), record=record
    )
    np.testing.assert_allclose(record[0], got - params, atol=1e-6)


def test_kernel_matches_reference_with_two_hidden_layers():
    sizes = (784, 24, 16, 10)
    images, labels = _data(n=30)
    params = Model.init(sizes, seed=4).params
    for schedule in (F.SCHEDULE_MEAN, F.SCHEDULE_SEQUENTIAL):
        got = _run_kernel(params, 0, 5, schedule, images, labels, sizes=sizes)
        want = _run_reference(params, 0, 5, schedule, images, labels, sizes=sizes)
        np.testing.assert_allclose(got, want, rtol=2e-4, atol=2e-5)


@pytest.mark.parametrize("bug", [b for b in BUGS if b not in ("eval_on_train", "no_shuffle")])
@pytest.mark.parametrize("schedule", [F.SCHEDULE_MEAN, F.SCHEDULE_SEQUENTIAL])
@pytest.mark.parametrize("data", [_data, _digits], ids=["dense", "sparse"])
def test_kernel_matches_reference_with_each_bug(bug, schedule, data):
    images, labels = data(n=20)
    params = Model.init(SIZES, seed=5).params
    flag = BUGS[bug].flag
    lr = 1e-4 if bug in ("no_normalize", "unstable_softmax") else 0.01
    got = _run_kernel(params, flag, 5, schedule, images, labels, lr=lr)
    want = _run_reference(params, flag, 5, schedule, images, labels, lr=lr)
    healthy = _run_kernel(params, 0, 5, schedule, images, labels, lr=lr)
    if bug != "unstable_softmax":  # identical maths until a logit overflows exp (its own test)
        assert not np.allclose(got, healthy, rtol=1e-3, atol=1e-5), f"{bug} must change the maths"
    np.testing.assert_allclose(got, want, rtol=1e-3, atol=5e-5)


def test_batched_prediction_matches_reference_softmax():
    images, _ = _data(n=1500)
    params = Model.init(SIZES, seed=6).params
    got = forward_probs(params, np.asarray(SIZES, np.int64), images, np.int64(0))
    want = reference.softmax(reference.forward(params, SIZES, images.astype(np.float32) / 255)[-1])
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("data", [_data, _digits], ids=["dense", "sparse"])
def test_sgd_step_with_one_hot_targets_equals_a_mean_step(data):
    images, labels = data(n=16)
    params = Model.init(SIZES, seed=7).params
    x = images.astype(np.float32) / 255
    onehot = np.eye(10, dtype=np.float32)[labels]
    p_kernel, v_kernel = params.copy(), np.zeros_like(params)
    sgd_step(
        p_kernel,
        v_kernel,
        np.asarray(SIZES, np.int64),
        x,
        onehot,
        np.ones(16, np.float32),
        step_settings(0.05, 0.9),
    )
    p_ref, v_ref = params.copy(), np.zeros_like(params)
    reference.mean_step(p_ref, v_ref, SIZES, x, onehot, 0.05, 0.9)
    np.testing.assert_allclose(p_kernel, p_ref, rtol=2e-4, atol=2e-6)


@pytest.mark.parametrize("data", [_data, _digits], ids=["dense", "sparse"])
def test_sgd_step_mask_freezes_masked_weights_and_negative_weight_ascends(data):
    images, labels = data(n=16)
    params = Model.init(SIZES, seed=8).params
    x = images.astype(np.float32) / 255
    onehot = np.eye(10, dtype=np.float32)[labels]
    mask = np.zeros_like(params)
    mask[: params.size // 2] = 1
    p, v = params.copy(), np.zeros_like(params)
    sizes = np.asarray(SIZES, np.int64)
    sgd_step(p, v, sizes, x, onehot, np.ones(16, np.float32), step_settings(0.05, 0.0, mask=mask))
    assert np.array_equal(p[params.size // 2 :], params[params.size // 2 :])
    assert not np.array_equal(p[: params.size // 2], params[: params.size // 2])
    before = reference.softmax(reference.forward(params, SIZES, x)[-1])
    q = params.copy()
    sgd_step(
        q, np.zeros_like(q), sizes, x, onehot, -np.ones(16, np.float32), step_settings(0.05, 0.0)
    )
    after = reference.softmax(reference.forward(q, SIZES, x)[-1])
    loss = lambda probs: -np.log(probs[np.arange(16), labels]).mean()  # noqa: E731
    assert loss(after) > loss(before), "a negative sample weight must climb the loss"


@pytest.mark.parametrize("schedule", [F.SCHEDULE_MEAN, F.SCHEDULE_SEQUENTIAL])
def test_sparse_training_cut_into_calls_equals_one_call_bit_for_bit(schedule):
    """Deferred blank-row steps replay exactly, so where the trainer cuts an epoch is invisible."""
    images, labels = _digits(n=40)
    params = Model.init(SIZES, seed=12).params
    sizes = np.asarray(SIZES, np.int64)
    order = np.arange(40, dtype=np.int64)
    results = []
    for cuts in ([0, 40], [0, 5, 25, 40]):
        p, v = params.copy(), np.zeros_like(params)
        args = training_args(
            p, v, sizes, images, labels, order, batch_size=5, schedule=schedule, lr=0.01,
            momentum=0.9,
        )  # fmt: skip
        for begin, end in zip(cuts[:-1], cuts[1:], strict=True):
            train_range(args, begin, end)
        results.append(p)
    assert np.array_equal(results[0], results[1])
