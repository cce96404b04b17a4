"""The synaptic-intelligence kernels agree with the numpy reference on a small network."""

import numpy as np
import pytest

from mugui.continual.reference import importance_of_task, si_step
from mugui.model import Model
from mugui.training.kernel_args import training_args
from mugui_kernels.synaptic import consolidate, train_task_range

SIZES = (784, 16, 10)


def _data(n=40, seed=0):
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, size=(n, 784), dtype=np.uint8)
    labels = rng.integers(0, 10, size=n).astype(np.uint8)
    return images, labels


@pytest.mark.parametrize("strength", [0.0, 5.0])
@pytest.mark.parametrize("with_heads", [False, True])
def test_si_training_and_importance_match_numpy(strength, with_heads):
    images, labels = _data()
    model = Model.init(SIZES, 3)
    params_k, params_r = model.params.copy(), model.params.copy()
    vel_k, vel_r = np.zeros_like(params_k), np.zeros_like(params_r)
    rng = np.random.default_rng(1)
    si_k = np.zeros((3, params_k.size), dtype=np.float32)
    si_k[1] = rng.random(params_k.size, dtype=np.float32)  # importance of earlier tasks
    si_k[2] = params_k + rng.normal(0, 0.01, params_k.size).astype(np.float32)  # anchor
    si_r = si_k.copy()
    heads = np.zeros(10, dtype=np.float32)
    heads[labels[:8]] = 1.0
    heads_arg = heads if with_heads else np.empty(0, dtype=np.float32)
    if with_heads:
        labels = np.where(heads[labels] > 0, labels, labels[0])
    order = np.arange(images.shape[0], dtype=np.int64)
    batch, lr, mu = 8, np.float32(0.05), np.float32(0.9)
    args = training_args(
        params_k, vel_k, np.asarray(SIZES), images, labels, order, batch_size=batch, lr=lr,
        momentum=mu,
    )  # fmt: skip
    train_task_range(
        args, 0, order.size, si_k, np.float32(strength), np.empty(0, dtype=np.float32), heads_arg
    )
    for start in range(0, order.size, batch):
        x = images[start : start + batch].astype(np.float32) / np.float32(255.0)
        onehot = np.eye(10, dtype=np.float32)[labels[start : start + batch]]
        si_step(
            params_r, vel_r, SIZES, x, onehot, lr, mu, si_r, strength,
            heads=heads if with_heads else None,
        )  # fmt: skip
    np.testing.assert_allclose(params_k, params_r, atol=2e-5)
    np.testing.assert_allclose(si_k[0], si_r[0], atol=1e-6, rtol=1e-3)
    assert np.abs(si_k[0]).sum() > 0  # the path integral moved
    expected = importance_of_task(si_r, params_r, 0.1)
    got = consolidate(si_k, params_k, np.float32(0.1))
    np.testing.assert_allclose(got, expected, atol=1e-5, rtol=1e-3)
    np.testing.assert_array_equal(si_k[0], 0)  # cleared for the next task
    np.testing.assert_array_equal(si_k[2], params_k)  # new anchor


def test_frozen_parameters_do_not_move():
    images, labels = _data()
    model = Model.init(SIZES, 4)
    params = model.params.copy()
    mask = np.zeros_like(params)
    mask[: params.size // 2] = 1.0
    si = np.zeros((3, params.size), dtype=np.float32)
    si[2] = params
    before = params.copy()
    args = training_args(
        params, np.zeros_like(params), np.asarray(SIZES), images, labels,
        np.arange(40, dtype=np.int64), batch_size=8, lr=0.05, momentum=0.9,
    )  # fmt: skip
    train_task_range(args, 0, 40, si, np.float32(0.0), mask, np.empty(0, dtype=np.float32))
    frozen = mask == 0
    np.testing.assert_array_equal(params[frozen], before[frozen])
    assert not np.array_equal(params[~frozen], before[~frozen])
