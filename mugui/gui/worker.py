"""Workers that keep the GUI thread free: a training run, any engine run, one-off background tasks.

A QThread subclass iterates the engine's generator and emits each event as a queued signal. The
GUI-side object re-emits them as typed signals, batching progress reports to at most ``PROGRESS_HZ`` per second so that plots are redrawn
at a bounded rate however fast the engine reports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from mugui.training.control import RunControl
from mugui.training.events import BugsChanged, EpochEnd, Finished, Progress
from mugui.training.trainer import Trainer

PROGRESS_HZ = 10


class _TrainingThread(QThread):
    """Iterates the trainer in its own thread; forwards each event, with a model copy after each epoch.

    A QThread subclass rather than a QObject moved to a thread: PySide6 keeps an extra reference to
    a moved object that declares signals, so every run's Trainer would stay in memory for good.
    """

    event = Signal(object, object)
    failed = Signal(object)

    def __init__(self, trainer: Trainer, parent: QObject):
        super().__init__(parent)
        self.setObjectName("mugui-training")
        self._trainer = trainer

    def run(self) -> None:
        try:
            for event in self._trainer.run():
                # The generator is suspended here, so the copy is a consistent snapshot.
                model = (
                    self._trainer.model.copy() if isinstance(event, EpochEnd | Finished) else None
                )
                self.event.emit(event, model)
        except Exception as exc:  # noqa: BLE001 - forwarded to the GUI, which shows a dialog
            self.failed.emit(exc)


class TrainingWorker(QObject):
    """Runs ``trainer`` in its own QThread; steer it with :meth:`pause`, :meth:`resume`, :meth:`stop`.

    Signals (all delivered on the GUI thread, in order):
    ``progress(list[Progress])`` at most ``PROGRESS_HZ`` times a second, ``epoch_ended(EpochEnd,
    Model)``, ``bugs_changed(BugsChanged)``, ``finished(Finished, Model)``, ``failed(Exception)``,
    and ``thread_done()`` once the thread has ended.
    """

    progress = Signal(list)
    epoch_ended = Signal(object, object)
    bugs_changed = Signal(object)
    finished = Signal(object, object)
    failed = Signal(object)
    thread_done = Signal()

    def __init__(self, trainer: Trainer, parent: QObject | None = None):
        super().__init__(parent)
        self.trainer = trainer
        self.control: RunControl = trainer.control
        self._pending: list[Progress] = []
        self._flush_timer = QTimer(self)
        self._flush_timer.setInterval(1000 // PROGRESS_HZ)
        self._flush_timer.timeout.connect(self.flush_progress)
        self._thread = _TrainingThread(trainer, self)
        self._thread.event.connect(self._on_event)
        self._thread.failed.connect(self.failed)
        self._thread.finished.connect(self._on_thread_finished)

    def start(self) -> None:
        self._flush_timer.start()
        self._thread.start()

    def pause(self) -> None:
        self.control.pause()

    def resume(self) -> None:
        self.control.resume()

    def stop(self) -> None:
        self.control.stop()

    def set_bugs(self, names: tuple[str, ...]) -> None:
        """Switch bugs; the engine applies them when the next epoch begins."""
        self.control.set_bugs(names)

    @property
    def is_paused(self) -> bool:
        return self.control.is_paused

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, milliseconds: int = 10_000) -> bool:
        """Block until the thread has ended (after :meth:`stop`); True when it has."""
        return self._thread.wait(milliseconds)

    @Slot(object, object)
    def _on_event(self, event, model) -> None:
        if isinstance(event, Progress):
            self._pending.append(event)
            return
        self.flush_progress()
        if isinstance(event, EpochEnd):
            self.epoch_ended.emit(event, model)
        elif isinstance(event, BugsChanged):
            self.bugs_changed.emit(event)
        elif isinstance(event, Finished):
            self.finished.emit(event, model)

    @Slot()
    def flush_progress(self) -> None:
        """Send the progress reports that wait for the next tick now."""
        if self._pending:
            batch, self._pending = self._pending, []
            self.progress.emit(batch)

    @Slot()
    def _on_thread_finished(self) -> None:
        self._flush_timer.stop()
        self.flush_progress()
        self.thread_done.emit()


class _CallThread(QThread):
    """Calls a function once in its own thread (a QThread subclass for the reason above)."""

    returned = Signal(object)
    errored = Signal(object)

    def __init__(self, function: Callable[[], object], name: str, parent: QObject):
        super().__init__(parent)
        self.setObjectName(f"mugui-{name}")
        self._function = function

    def run(self) -> None:
        try:
            result = self._function()
        except Exception as exc:  # noqa: BLE001 - forwarded to the GUI, which shows a dialog
            self.errored.emit(exc)
        else:
            self.returned.emit(result)


class _ThreadOwner(QObject):
    """Owns one QThread (``_thread``): start it, ask whether it runs, wait for its end."""

    _thread: QThread

    def start(self) -> None:
        self._thread.start()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def wait(self, milliseconds: int = 30_000) -> bool:
        return self._thread.wait(milliseconds)


class BackgroundTask(_ThreadOwner):
    """Call ``function()`` once in its own QThread (JIT warm-up, loading a data set).

    ``returned(result)`` or ``errored(exception)`` arrive on the GUI thread, then ``thread_done()``.
    """

    returned = Signal(object)
    errored = Signal(object)
    thread_done = Signal()

    def __init__(self, function: Callable[[], object], name: str, parent: QObject | None = None):
        super().__init__(parent)
        self._thread = _CallThread(function, name, self)
        self._thread.returned.connect(self.returned)
        self._thread.errored.connect(self.errored)
        self._thread.finished.connect(self.thread_done)


class _GeneratorThread(QThread):
    """Iterates any engine event generator in its own thread (a QThread subclass, as above)."""

    event = Signal(object)
    failed = Signal(object)

    def __init__(self, make_events: Callable[[], Iterable[object]], name: str, parent: QObject):
        super().__init__(parent)
        self.setObjectName(f"mugui-{name}")
        self._make_events = make_events

    def run(self) -> None:
        try:
            for event in self._make_events():
                self.event.emit(event)
        except Exception as exc:  # noqa: BLE001 - forwarded to the GUI, which shows a dialog
            self.failed.emit(exc)


class EventWorker(_ThreadOwner):
    """Runs any engine event generator (unlearning, verification, relearning) in its own QThread.

    ``make_events()`` is called in the worker thread; each event it yields arrives on the GUI
    thread as ``event(object)``, in order; an exception arrives as ``failed(Exception)``; then
    ``thread_done()``. ``control`` is the generator's RunControl: :meth:`cancel` stops it.
    """

    event = Signal(object)
    failed = Signal(object)
    thread_done = Signal()

    def __init__(
        self,
        make_events: Callable[[], Iterable[object]],
        control: RunControl,
        name: str,
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self.control = control
        self._thread = _GeneratorThread(make_events, name, self)
        self._thread.event.connect(self.event)
        self._thread.failed.connect(self.failed)
        self._thread.finished.connect(self.thread_done)

    def cancel(self) -> None:
        self.control.stop()
