"""The training worker runs the engine off the GUI thread and obeys pause, resume and stop at once."""

import gc
import time
import weakref

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QThread

from mugui.gui.worker import PROGRESS_HZ, BackgroundTask, TrainingWorker
from mugui.model import Model
from mugui.training.config import TrainConfig
from mugui.training.events import EpochEnd, Progress
from mugui.training.trainer import Trainer

SMALL = TrainConfig(hidden=16, epochs=3, batch_size=32, seed=1)


class Recorder:
    """Collects a worker's signals, noting the thread each arrives on."""

    def __init__(self, worker):
        self.batches, self.epochs, self.switches, self.finished, self.failures = [], [], [], [], []
        self.threads = set()
        worker.progress.connect(lambda batch: self._add(self.batches, batch))
        worker.epoch_ended.connect(lambda end, model: self._add(self.epochs, (end, model)))
        worker.bugs_changed.connect(lambda change: self._add(self.switches, change))
        worker.finished.connect(lambda event, model: self._add(self.finished, (event, model)))
        worker.failed.connect(lambda error: self._add(self.failures, error))

    def _add(self, bucket, item):
        self.threads.add(QThread.currentThread())
        bucket.append(item)

    @property
    def progress_count(self):
        return sum(len(batch) for batch in self.batches)


def start(qtbot, dataset, config):
    worker = TrainingWorker(Trainer(dataset, config))
    recorder = Recorder(worker)
    worker.start()
    return worker, recorder


def finish(qtbot, worker, timeout=60_000):
    with qtbot.waitSignal(worker.thread_done, timeout=timeout):
        pass
    assert not worker.is_running()


def test_events_arrive_on_the_gui_thread_with_a_model_per_epoch(qtbot, small_dataset):
    worker, recorder = start(qtbot, small_dataset, SMALL)
    finish(qtbot, worker)
    assert recorder.threads == {QThread.currentThread()}
    assert [end.epoch for end, _ in recorder.epochs] == [1, 2, 3]
    assert all(isinstance(p, Progress) for batch in recorder.batches for p in batch)
    assert recorder.progress_count >= 3 * 10
    _, model = recorder.epochs[-1]
    assert isinstance(model, Model) and model is not worker.trainer.model
    event, final = recorder.finished[0]
    assert event.reason == "completed" and final.sizes == (784, 16, 10)
    assert not recorder.failures


def test_progress_is_batched_to_a_bounded_rate(qtbot, small_dataset):
    worker, recorder = start(qtbot, small_dataset, SMALL.replace(epochs=8, batch_size=8))
    started = time.perf_counter()
    finish(qtbot, worker)
    seconds = time.perf_counter() - started
    assert recorder.progress_count > len(recorder.batches)
    # at most PROGRESS_HZ batches a second, plus one flushed before each epoch end and at the end
    assert len(recorder.batches) <= PROGRESS_HZ * seconds + 8 + 2


def test_pause_holds_the_run_and_resume_continues_it(qtbot, small_dataset):
    worker, recorder = start(qtbot, small_dataset, SMALL.replace(epochs=200, batch_size=1))
    qtbot.waitUntil(lambda: recorder.progress_count > 0, timeout=60_000)
    worker.pause()
    # a pause takes effect at the next sample: wait until the thread holds (not a fixed 150 ms,
    # which a loaded machine can outlast), then take in the reports it sent before
    qtbot.waitUntil(lambda: worker.control.is_holding, timeout=60_000)
    QCoreApplication.processEvents()
    worker.flush_progress()
    held = recorder.progress_count
    qtbot.wait(400)
    assert recorder.progress_count == held
    worker.resume()
    qtbot.waitUntil(lambda: recorder.progress_count > held, timeout=5_000)
    worker.stop()
    finish(qtbot, worker, timeout=5_000)


def test_stop_ends_the_run_within_a_fraction_of_a_second(qtbot, small_dataset):
    worker, recorder = start(qtbot, small_dataset, SMALL.replace(epochs=200, batch_size=1))
    qtbot.waitUntil(lambda: recorder.progress_count > 0, timeout=60_000)
    asked = time.perf_counter()
    worker.stop()
    assert worker.wait(2_000)
    assert time.perf_counter() - asked < 0.5
    qtbot.waitUntil(lambda: len(recorder.finished) == 1, timeout=2_000)
    assert recorder.finished[0][0].reason == "stopped"


def test_stop_while_paused_ends_the_run(qtbot, small_dataset):
    worker, recorder = start(qtbot, small_dataset, SMALL.replace(epochs=200, batch_size=1))
    qtbot.waitUntil(lambda: recorder.progress_count > 0, timeout=60_000)
    worker.pause()
    qtbot.wait(100)
    worker.stop()
    assert worker.wait(2_000)


def test_bugs_switched_during_a_run_take_effect_at_the_next_epoch(qtbot, small_dataset):
    worker, recorder = start(qtbot, small_dataset, SMALL.replace(epochs=6))
    qtbot.waitUntil(lambda: len(recorder.epochs) >= 1, timeout=60_000)
    worker.set_bugs(("gradient_ascent",))
    finish(qtbot, worker)
    assert len(recorder.switches) == 1
    change = recorder.switches[0]
    assert change.bugs == ("gradient_ascent",) and change.epoch >= 2
    after = [end for end, _ in recorder.epochs if end.epoch >= change.epoch]
    assert all(end.bugs == ("gradient_ascent",) for end in after)


def test_an_engine_exception_is_forwarded_not_raised(qtbot, small_dataset, monkeypatch):
    trainer = Trainer(small_dataset, SMALL)

    def broken():
        yield from ()
        raise RuntimeError("kernel exploded")

    monkeypatch.setattr(trainer, "run", broken)
    worker = TrainingWorker(trainer)
    recorder = Recorder(worker)
    worker.start()
    finish(qtbot, worker)
    assert [str(e) for e in recorder.failures] == ["kernel exploded"]


@pytest.mark.parametrize("fails", [False, True])
def test_a_background_task_returns_its_result_or_its_error(qtbot, fails):
    def work():
        if fails:
            raise ValueError("bad folder")
        return 42

    task = BackgroundTask(work, "test")
    results, errors = [], []
    task.returned.connect(results.append)
    task.errored.connect(errors.append)
    with qtbot.waitSignal(task.thread_done, timeout=5_000):
        task.start()
    assert (results, [str(e) for e in errors]) == (([], ["bad folder"]) if fails else ([42], []))


def test_epoch_end_events_carry_full_metrics(qtbot, small_dataset):
    worker, recorder = start(qtbot, small_dataset, SMALL.replace(epochs=1))
    finish(qtbot, worker)
    end, _ = recorder.epochs[0]
    assert isinstance(end, EpochEnd)
    assert end.confusion.shape == (10, 10) and int(end.confusion.sum()) == 500


def _run_pending_deletions() -> None:
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
    gc.collect()


def test_a_finished_run_frees_its_trainer(qtbot, small_dataset):
    trainer = Trainer(small_dataset, SMALL.replace(epochs=1))
    alive = weakref.ref(trainer)
    worker = TrainingWorker(trainer)
    del trainer
    worker.start()
    finish(qtbot, worker)
    worker.deleteLater()  # as the window lets an ended worker go
    del worker
    _run_pending_deletions()
    assert alive() is None


def test_a_finished_background_task_frees_its_function(qtbot):
    class Work:
        def __call__(self):
            return 1

    work = Work()
    alive = weakref.ref(work)
    task = BackgroundTask(work, "test")
    del work
    with qtbot.waitSignal(task.thread_done, timeout=5_000):
        task.start()
    task.deleteLater()
    del task
    _run_pending_deletions()
    assert alive() is None
