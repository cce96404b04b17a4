"""Each bug switch shows its own signature effect in the kernels' maths."""

import numpy as np

from mugui.bugs import BUGS, bug_flags
from mugui.model import Model
from mugui.training import reference
from mugui.training.config import TrainConfig
from mugui.training.kernel_args import training_args
from mugui.training.trainer import Trainer, train
from mugui_kernels import flags as F
from mugui_kernels.epoch import shuffle_order, train_range

SIZES = (784, 32, 10)


def _epoch(
    params, images, labels, flags, batch=5, schedule=F.SCHEDULE_SEQUENTIAL, lr=0.01, momentum=0.9
):
    p, v = params.copy(), np.zeros_like(params)
    args = training_args(
        p, v, np.asarray(SIZES), images, labels, np.arange(len(labels)), batch_size=batch,
        schedule=schedule, lr=lr, momentum=momentum, flags=flags,
    )  # fmt: skip
    train_range(args, 0, len(labels))
    return p, v, args.stats


def test_catalogue_explains_every_bug_with_provenance():
    assert list(BUGS) == [
        "batch_image_index", "no_shuffle", "output_relu", "double_hidden_grad", "eval_on_train",
        "gradient_ascent", "no_normalize", "unstable_softmax", "momentum_no_decay",
    ]  # fmt: skip
    for bug in BUGS.values():
        assert bug.summary and len(bug.explanation) > 60 and bug.provenance
    assert bug_flags(BUGS) == sum(b.flag for b in BUGS.values())


def test_batch_image_index_trains_one_image_against_five_labels():
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (5, 784), dtype=np.uint8)
    labels = np.arange(5, dtype=np.uint8)
    params = Model.init(SIZES, 0).params
    got, _, _ = _epoch(params, images, labels, F.BATCH_IMAGE_INDEX)
    same_image = np.repeat(images[:1], 5, axis=0)
    want, _, _ = _epoch(params, same_image, labels, 0)
    assert np.array_equal(got, want)


def test_no_shuffle_leaves_the_order_as_in_the_file():
    order = np.arange(100, dtype=np.int64)
    shuffle_order(order, np.int64(7), np.int64(F.NO_SHUFFLE))
    assert np.array_equal(order, np.arange(100))
    shuffle_order(order, np.int64(7), np.int64(0))
    assert not np.array_equal(order, np.arange(100)) and sorted(order) == list(range(100))


def test_output_relu_clips_negative_logits_to_zero():
    params = Model.init(SIZES, 1).params
    x = np.random.default_rng(1).random((50, 784), dtype=np.float32)
    logits = reference.forward(params, SIZES, x, F.OUTPUT_RELU)[-1]
    healthy = reference.forward(params, SIZES, x, 0)[-1]
    assert (healthy < 0).any() and (logits >= 0).all()
    probs = Model(SIZES, params).predict_proba(x, F.OUTPUT_RELU)
    np.testing.assert_allclose(probs, reference.softmax(logits), rtol=1e-4, atol=1e-6)
    assert not np.allclose(probs, reference.softmax(healthy), atol=1e-3)


def test_double_hidden_grad_roughly_doubles_the_first_layer_step():
    rng = np.random.default_rng(2)
    images = rng.integers(0, 256, (1, 784), dtype=np.uint8)
    labels = np.array([3], dtype=np.uint8)
    params = Model.init(SIZES, 2).params
    w1 = slice(0, 784 * 32)
    healthy, _, _ = _epoch(params, images, labels, 0, batch=1, lr=1e-4, momentum=0.0)
    doubled, _, _ = _epoch(
        params, images, labels, F.DOUBLE_HIDDEN_GRAD, batch=1, lr=1e-4, momentum=0.0
    )
    ratio = np.linalg.norm(doubled[w1] - params[w1]) / np.linalg.norm(healthy[w1] - params[w1])
    assert 1.9 < ratio < 2.1


def test_gradient_ascent_climbs_the_loss(blobs):
    _, history = train(
        blobs, TrainConfig(hidden=32, epochs=3, batch_size=16, bugs=("gradient_ascent",))
    )
    losses = [e["loss"] for e in history.epochs]
    assert losses[2] > losses[0]
    assert history.epochs[-1]["test_accuracy"] <= 0.2, "ascent drives accuracy to chance or below"


def test_no_normalize_feeds_raw_pixels():
    params = Model.init(SIZES, 3).params
    images = np.random.default_rng(3).integers(0, 256, (4, 784), dtype=np.uint8)
    model = Model(SIZES, params)
    raw = model.predict_proba(images, F.NO_NORMALIZE)
    want = reference.softmax(reference.forward(params, SIZES, images.astype(np.float32))[-1])
    np.testing.assert_allclose(raw, want, rtol=1e-4, atol=1e-6)
    assert raw.max(axis=1).mean() > model.predict_proba(images).max(axis=1).mean(), (
        "raw pixels saturate softmax"
    )


def test_unstable_softmax_overflows_to_nan_where_the_stable_one_does_not():
    params = Model.init(SIZES, 4).params * 40  # large weights, logits far above 88
    images = np.full((3, 784), 255, dtype=np.uint8)
    model = Model(SIZES, params)
    assert np.isfinite(model.predict_proba(images)).all()
    assert np.isnan(model.predict_proba(images, F.UNSTABLE_SOFTMAX)).any()


def test_momentum_without_decay_keeps_growing_the_step():
    v = np.zeros(3, np.float32)
    g = np.ones(3, np.float32)
    w = np.zeros(3, np.float32)
    decayed = v.copy()
    undecayed = v.copy()
    for _ in range(50):
        decayed = reference._step(decayed, g, w, 0.1, 0.9, 0.0, 0)
        undecayed = reference._step(undecayed, g, w, 0.1, 0.9, 0.0, F.MOMENTUM_NO_DECAY)
    np.testing.assert_allclose(decayed, 1.0, rtol=0.01)  # lr/(1-mu)
    np.testing.assert_allclose(undecayed, 5.0, rtol=1e-5)  # lr * steps: no bound


def test_eval_on_train_reports_training_accuracy_and_keeps_the_true_test_accuracy(blobs):
    trainer = Trainer(
        blobs, TrainConfig(hidden=32, epochs=1, batch_size=16, lr=0.001, bugs=("eval_on_train",))
    )
    end = [e for e in trainer.run() if hasattr(e, "reported_on")][0]
    model = trainer.model
    train_accuracy = float((model.predict(blobs.train_x) == blobs.train_y).mean())
    test_accuracy = float((model.predict(blobs.test_x) == blobs.test_y).mean())
    assert end.reported_on == "train"
    assert end.reported_accuracy == train_accuracy
    assert end.test_accuracy == test_accuracy
    assert train_accuracy != test_accuracy
