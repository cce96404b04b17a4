"""The trainer: deterministic, reports often, obeys pause/stop from another thread, switches bugs
between epochs, and stops cleanly when a bug blows the weights up."""

import threading
import time

import numpy as np
import pytest

from mugui.training import trainer as trainer_module
from mugui.training.config import TrainConfig
from mugui.training.control import RunControl
from mugui.training.events import BugsChanged, EpochEnd, Finished, Progress
from mugui.training.trainer import Trainer, train

SMALL = TrainConfig(hidden=32, epochs=2, batch_size=16)


def test_same_seed_gives_bit_identical_weights(blobs):
    a, _ = train(blobs, SMALL)
    b, _ = train(blobs, SMALL)
    c, _ = train(blobs, SMALL.replace(seed=1))
    assert np.array_equal(a.params, b.params)
    assert not np.array_equal(a.params, c.params)


def test_result_does_not_depend_on_how_epochs_are_sliced(blobs, monkeypatch):
    a, _ = train(blobs, SMALL)
    monkeypatch.setattr(trainer_module, "SLICE_SECONDS", 1e-9)  # one batch per slice
    b, _ = train(blobs, SMALL)
    assert np.array_equal(a.params, b.params)


def test_at_least_ten_progress_events_per_epoch_then_full_metrics(blobs):
    events = list(Trainer(blobs, SMALL).run())
    for epoch in (1, 2):
        progress = [e for e in events if isinstance(e, Progress) and e.epoch == epoch]
        assert len(progress) >= 10
        assert progress[-1].fraction == 1.0
    ends = [e for e in events if isinstance(e, EpochEnd)]
    assert [e.epoch for e in ends] == [1, 2]
    assert ends[-1].confusion.shape == (10, 10) and ends[-1].confusion.sum() == blobs.n_test
    assert ends[-1].per_class_accuracy.shape == (10,)
    assert ends[-1].test_accuracy > 0.9
    assert isinstance(events[-1], Finished) and events[-1].reason == "completed"


def test_stop_from_another_thread_ends_the_run_before_the_epoch_is_over(blobs):
    control = RunControl()
    trainer = Trainer(blobs, TrainConfig(hidden=32, epochs=3, batch_size=8), control=control)
    events = []
    for event in trainer.run():
        events.append(event)
        if isinstance(event, Progress) and len(events) == 3:
            threading.Thread(target=control.stop).start()
    assert events[-1] == Finished("stopped", "stopped by the user during epoch 1")
    assert not any(isinstance(e, EpochEnd) for e in events)
    assert trainer.model.is_finite()


def test_pause_blocks_progress_until_resume(blobs):
    control = RunControl()
    trainer = Trainer(blobs, SMALL, control=control)
    run = trainer.run()
    next(run)
    control.pause()
    received = []
    worker = threading.Thread(target=lambda: received.append(next(run)))
    worker.start()
    worker.join(timeout=0.3)
    assert worker.is_alive() and not received, "a paused run must not make progress"
    control.resume()
    worker.join(timeout=10)
    assert received and isinstance(received[0], Progress)


def test_a_paused_run_says_when_its_thread_holds(blobs):
    """What a test of the window waits for instead of a fixed time: the pause has taken effect."""
    control = RunControl()
    run = Trainer(blobs, SMALL, control=control).run()
    next(run)
    control.pause()
    assert not control.is_holding  # paused, but the thread has not reached the pause yet
    worker = threading.Thread(target=lambda: next(run))
    worker.start()
    deadline = time.monotonic() + 60
    while not control.is_holding and time.monotonic() < deadline:
        time.sleep(0.01)
    assert control.is_holding and worker.is_alive()
    control.resume()
    worker.join(timeout=10)
    assert not worker.is_alive() and not control.is_holding


def test_bugs_switched_mid_run_apply_from_the_next_epoch_and_are_recorded(blobs):
    control = RunControl()
    trainer = Trainer(blobs, TrainConfig(hidden=32, epochs=3, batch_size=16), control=control)
    events = []
    for event in trainer.run():
        events.append(event)
        if isinstance(event, Progress) and event.epoch == 1 and event.fraction > 0.5:
            control.set_bugs(["gradient_ascent"])
    switch = [e for e in events if isinstance(e, BugsChanged)]
    assert switch == [BugsChanged(2, ("gradient_ascent",))]
    ends = [e for e in events if isinstance(e, EpochEnd)]
    assert [e.bugs for e in ends] == [(), ("gradient_ascent",), ("gradient_ascent",)]
    assert ends[2].test_accuracy < ends[0].test_accuracy - 0.3, "ascent must unlearn"
    assert trainer.history.bug_changes == [{"epoch": 2, "bugs": ["gradient_ascent"]}]


def test_unknown_bug_cannot_be_switched_on():
    from mugui.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown bug"):
        RunControl().set_bugs(["typo"])


def test_divergence_stops_cleanly_naming_the_bug_and_keeps_finite_weights(blobs):
    config = TrainConfig(
        hidden=32, epochs=5, batch_size=16, lr=0.5, bugs=("unstable_softmax", "no_normalize")
    )
    trainer = Trainer(blobs, config)
    events = list(trainer.run())
    assert events[-1].reason == "diverged"
    assert "unstable_softmax" in events[-1].message
    assert trainer.model.is_finite()
    assert trainer.history.finished == "diverged"


def test_recording_sums_the_updates_of_batches_touching_each_group(blobs):
    config = TrainConfig(hidden=16, epochs=1, batch_size=blobs.n_train, record_updates=True)
    start = Trainer(blobs, config).model.params.copy()
    trainer = Trainer(
        blobs,
        config,
        record_groups={"first ten": np.arange(10), "none": np.array([], dtype=np.int64)},
    )
    list(trainer.run())
    record = trainer.recorder.record
    np.testing.assert_allclose(
        record[0], trainer.model.params - start, atol=1e-6
    )  # the one batch held them
    assert not record[1].any()
    assert (
        trainer.recorder.describe()["bytes"]
        == record.nbytes + trainer.recorder.sample_groups.nbytes
    )


def test_training_continues_from_a_given_model(blobs):
    first, _ = train(blobs, SMALL)
    more, _ = train(blobs, SMALL.replace(epochs=1), model=first)
    assert not np.array_equal(first.params, more.params)
    with pytest.raises(Exception, match="layers"):
        Trainer(blobs, SMALL.replace(hidden=64), model=first)


@pytest.mark.slow
def test_default_training_reaches_093_on_the_bundled_split():
    from mugui.data.load import load_dataset

    model, history = train(load_dataset("bundled"), TrainConfig())
    assert history.epochs[-1]["test_accuracy"] >= 0.93


def test_deskew_trains_on_deskewed_images_and_the_model_remembers_it(blobs):
    from mugui.deskew import deskew

    plain = Trainer(blobs, SMALL)
    skewed = Trainer(blobs, SMALL.replace(deskew=True))
    np.testing.assert_array_equal(skewed.train_images(), deskew(blobs.train_x))
    assert plain.train_images() is blobs.train_x
    for _ in skewed.run():
        pass
    assert skewed.model.meta["deskew"] is True and skewed.model.meta["config"]["deskew"]
    # the reported test accuracy is that of the deskewed test images
    reference = skewed.model.copy()
    reference.meta.pop("deskew")
    expected = (reference.predict(deskew(blobs.test_x)) == blobs.test_y).mean()
    assert skewed.history.epochs[-1]["test_accuracy"] == pytest.approx(expected)


def test_training_without_deskew_forgets_a_loaded_models_deskew(blobs):
    model = _deskewed_model(blobs)
    trainer = Trainer(blobs, SMALL, model=model)
    assert "deskew" not in trainer.model.meta


def _deskewed_model(blobs):  # noqa: N802 - a small factory for the test above
    model, _ = train(blobs, SMALL.replace(deskew=True, epochs=1))
    assert model.meta["deskew"] is True
    return model


def test_augmenting_draws_fresh_elastic_distortions_every_epoch(blobs):
    trainer = Trainer(blobs, SMALL.replace(augment=True))
    first, second = trainer._epoch_images(1), trainer._epoch_images(2)
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(
        first, Trainer(blobs, SMALL.replace(augment=True))._epoch_images(1)
    )
    affine_only = Trainer(blobs, SMALL.replace(augment=True, elastic=0.0))._epoch_images(1)
    assert not np.array_equal(first, affine_only)
