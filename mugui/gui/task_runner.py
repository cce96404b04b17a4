"""TaskRunner: starts one-off background tasks, keeps them alive until done, waits for them all."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from mugui.gui.worker import BackgroundTask


class TaskRunner(QObject):
    """Owns the running :class:`BackgroundTask` objects so that closing can wait for each."""

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
        task = BackgroundTask(function, name, self)
        task.returned.connect(on_result)
        task.errored.connect(on_error)
        self._tasks.add(task)

        def forget() -> None:
            self._tasks.discard(task)
            task.deleteLater()

        task.thread_done.connect(forget)
        task.start()
        return task

    def wait_all(self) -> None:
        """Block until every running task has ended."""
        for task in list(self._tasks):
            task.wait()
