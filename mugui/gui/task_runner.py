"""TaskRunner: starts one-off background tasks and delivers their outcome while its window exists.

A kernel compile or a data load cannot be interrupted, and Qt aborts the process when a running
QThread is destroyed. So the tasks belong to no window: they stay in a registry until their thread
ends, whatever happens to the window that started them, and their outcome reaches the window
through a relay that Qt disconnects when the window goes. At exit the registry waits for them.
"""

from __future__ import annotations

import atexit
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot

from mugui.gui.worker import BackgroundTask

_RUNNING: set[BackgroundTask] = set()
EXIT_WAIT_MS = 600_000


class _Relay(QObject):
    """Hands one task's result or error to the runner's callbacks; dies with the runner."""

    def __init__(self, runner: TaskRunner, task: BackgroundTask, on_result, on_error):
        super().__init__(runner)
        self._runner, self._task = runner, task
        self._on_result, self._on_error = on_result, on_error

    @Slot(object)
    def deliver_result(self, result: object) -> None:
        self._on_result(result)

    @Slot(object)
    def deliver_error(self, error: object) -> None:
        self._on_error(error)

    @Slot()
    def ended(self) -> None:
        self._runner.task_ended(self._task)
        self.deleteLater()


class TaskRunner(QObject):
    """Runs :class:`BackgroundTask` objects for a window; ``idle`` fires when the last one ends."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._tasks: set[BackgroundTask] = set()

    def run(
        self,
        function: Callable[[], object],
        name: str,
        on_result: Callable[[object], None],
        on_error: Callable[[Exception], None],
    ) -> BackgroundTask:
        """Call ``function()`` in a thread; its result or error arrives on the GUI thread."""
        task = BackgroundTask(function, name)
        relay = _Relay(self, task, on_result, on_error)
        task.returned.connect(relay.deliver_result)
        task.errored.connect(relay.deliver_error)
        task.thread_done.connect(relay.ended)
        task.thread_done.connect(lambda: _release(task))
        _RUNNING.add(task)
        self._tasks.add(task)
        task.start()
        return task

    def task_ended(self, task: BackgroundTask) -> None:
        self._tasks.discard(task)
        if not self._tasks:
            self.idle.emit()

    def wait(self, milliseconds: int) -> None:
        """Block up to ``milliseconds`` in all for the running tasks to end."""
        deadline = time.monotonic() + milliseconds / 1000
        for task in list(self._tasks):
            left = int((deadline - time.monotonic()) * 1000)
            if left <= 0:
                return
            task.wait(left)

    @property
    def busy(self) -> bool:
        """True while a task started here has not ended."""
        return any(task.is_running() for task in self._tasks)


def _release(task: BackgroundTask) -> None:
    _RUNNING.discard(task)
    task.deleteLater()


@atexit.register
def _wait_for_running_tasks() -> None:
    """A thread still compiling at exit is waited for rather than destroyed while running."""
    for task in list(_RUNNING):
        task.wait(EXIT_WAIT_MS)
