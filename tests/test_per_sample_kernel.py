"""The fused per-sample kernel (groups of one sample, one hidden layer): the reference's maths for
every bug switch, its deferred first-layer steps across canonical points, and the trainer cutting
its epochs only there."""

import numpy as np
import pytest

from mugui.bugs import BUGS
from mugui.data.bundled import load_bundled
from mugui.data.dataset import Dataset
from mugui.model import Model
from mugui.training import reference
from mugui.training import trainer as trainer_module
from mugui.training.config import TrainConfig
from mugui.training.kernel_args import slice_quantum, training_args
from mugui.training.trainer import train
from mugui_kernels import flags as F
from mugui_kernels.epoch import per_sample_fused, train_range
from mugui_kernels.per_sample import CANONICAL_EVERY
from mugui_kernels.train_args import HALTED_BETWEEN_BATCHES, STAT_HALTED

SIZES = (784, 32, 10)


def _noise(n, seed=1):
    rng = np.random.default_rng(seed)
    return rng.integers(0, 256, (n, 784), dtype=np.uint8), rng.integers(0, 10, n).astype(np.uint8)


def _digits(n, start=0):
    data = load_bundled()
    return data.train_x[start : start + n], data.train_y[start : start + n]


def _args(params, images, labels, flags=0, lr=0.01, momentum=0.9, wd=0.0, halt=None):
    return training_args(
        params, np.zeros_like(params), np.asarray(SIZES), images, labels,
        np.arange(len(labels), dtype=np.int64), batch_size=1, schedule=F.SCHEDULE_SEQUENTIAL,
        lr=lr, momentum=momentum, weight_decay=wd, flags=flags, halt=halt,
    )  # fmt: skip


def _kernel(params, images, labels, cuts=None, **settings):
    p = params.copy()
    args = _args(p, images, labels, **settings)
    assert per_sample_fused.py_func(args), "groups of one on one hidden layer take the fused kernel"
    cuts = cuts or [0, len(labels)]
    for begin, end in zip(cuts[:-1], cuts[1:], strict=True):
        assert train_range(args, begin, end) == end
    return p


def _reference(params, images, labels, flags=0, lr=0.01, momentum=0.9, wd=0.0):
    p, v = params.copy(), np.zeros_like(params)
    order = np.arange(len(labels))
    reference.train_epoch(
        p, v, SIZES, images, labels, order, 1, F.SCHEDULE_SEQUENTIAL, lr, momentum, wd, flags
    )
    return p


@pytest.mark.parametrize("data", [_noise, _digits], ids=["dense", "sparse"])
@pytest.mark.parametrize("wd", [0.0, 1e-3])
@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_fused_kernel_matches_the_reference(data, wd, momentum):
    images, labels = data(30)
    params = Model.init(SIZES, seed=3).params
    got = _kernel(params, images, labels, wd=wd, momentum=momentum)
    want = _reference(params, images, labels, wd=wd, momentum=momentum)
    assert not np.array_equal(got, params), "training must change the weights"
    np.testing.assert_allclose(got, want, rtol=2e-4, atol=2e-5)


@pytest.mark.parametrize("bug", [b for b in BUGS if b not in ("eval_on_train", "no_shuffle")])
@pytest.mark.parametrize("data", [_noise, _digits], ids=["dense", "sparse"])
def test_fused_kernel_matches_the_reference_with_each_bug(bug, data):
    images, labels = data(20)
    params = Model.init(SIZES, seed=5).params
    flag = BUGS[bug].flag
    lr = 1e-4 if bug in ("no_normalize", "unstable_softmax") else 0.01
    got = _kernel(params, images, labels, flags=flag, lr=lr)
    want = _reference(params, images, labels, flags=flag, lr=lr)
    healthy = _kernel(params, images, labels, lr=lr)
    # unstable_softmax: identical maths until a logit overflows exp; batch_image_index: a group
    # of one is its own first image
    if bug not in ("unstable_softmax", "batch_image_index"):
        assert not np.allclose(got, healthy, rtol=1e-3, atol=1e-5), f"{bug} must change the maths"
    np.testing.assert_allclose(got, want, rtol=1e-3, atol=5e-5)


@pytest.mark.parametrize("wd", [0.0, 1e-3])
def test_deferred_steps_across_a_canonical_point_match_the_reference(wd):
    """Rows left blank for hundreds of samples catch up in closed form, and every row is brought
    up to date at sample CANONICAL_EVERY: still the eager maths, to float32 tolerance."""
    images, labels = _digits(CANONICAL_EVERY + 40)
    params = Model.init(SIZES, seed=4).params
    got = _kernel(params, images, labels, lr=0.002, wd=wd)
    want = _reference(params, images, labels, lr=0.002, wd=wd)
    np.testing.assert_allclose(got, want, rtol=2e-4, atol=2e-5)


def test_calls_cut_at_canonical_points_equal_one_call_bit_for_bit():
    n = CANONICAL_EVERY + 30
    images, labels = _digits(n)
    params = Model.init(SIZES, seed=12).params
    whole = _kernel(params, images, labels, wd=1e-4)
    cut = _kernel(params, images, labels, cuts=[0, CANONICAL_EVERY, n], wd=1e-4)
    assert np.array_equal(whole, cut)


def test_a_halt_before_the_first_sample_leaves_the_parameters_and_is_between_batches():
    images, labels = _digits(10)
    params = Model.init(SIZES, seed=1).params.copy()
    kept = params.copy()
    args = _args(params, images, labels, halt=np.ones(1, np.int64))
    assert train_range(args, 0, 10) == 0
    assert args.stats[STAT_HALTED] == HALTED_BETWEEN_BATCHES
    assert np.array_equal(params, kept) and not args.velocity.any()


def test_slices_span_canonical_points_for_the_fused_kernel_and_batches_otherwise():
    images, labels = _digits(8)
    params = Model.init(SIZES, seed=0).params.copy()
    assert slice_quantum(_args(params, images, labels)) == CANONICAL_EVERY
    batched = training_args(
        params, np.zeros_like(params), np.asarray(SIZES), images, labels, np.arange(8),
        batch_size=4, schedule=F.SCHEDULE_SEQUENTIAL, lr=0.01, momentum=0.9,
    )  # fmt: skip
    assert slice_quantum(batched) == 4
    recording = batched._replace(
        batch_size=np.int64(1), record=np.zeros((1, params.size), np.float32)
    )
    assert slice_quantum(recording) == 1, "recording takes the general loop"


def test_a_per_sample_run_does_not_depend_on_how_the_trainer_slices_it(monkeypatch):
    full = load_bundled()
    n = 2 * CANONICAL_EVERY + 100
    digits = Dataset(
        "slices", full.train_x[:n].copy(), full.train_y[:n].copy(),
        full.test_x[:50].copy(), full.test_y[:50].copy(),
    )  # fmt: skip
    config = TrainConfig(hidden=16, epochs=1, batch_size=1, schedule="sequential", lr=0.005)
    a, _ = train(digits, config)
    monkeypatch.setattr(trainer_module, "SLICE_SECONDS", 1e-9)  # the smallest slices allowed
    b, _ = train(digits, config)
    assert np.array_equal(a.params, b.params)
