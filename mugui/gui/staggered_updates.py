"""StaggeredUpdates: apply a burst of view updates one per tick, so each repaint is short.

After an epoch, four plots change at once; repainting them all in one go would hold the GUI
thread for tens of milliseconds. Spread over a few event-loop ticks, no single block is long and
the window keeps answering. A newer update for the same view replaces one still waiting.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Slot

TICK_MS = 30


class StaggeredUpdates(QObject):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pending: dict[str, Callable[[], None]] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._apply_next)

    @property
    def pending(self) -> int:
        return len(self._pending)

    def schedule(self, view: str, update: Callable[[], None]) -> None:
        """Run ``update`` at a coming tick, replacing an update of ``view`` not yet run."""
        self._pending[view] = update
        if not self._timer.isActive():
            self._timer.start()

    def flush(self) -> None:
        """Run every waiting update now (at the end of a run, so nothing stale comes later)."""
        self._timer.stop()
        while self._pending:
            self._pending.pop(next(iter(self._pending)))()

    @Slot()
    def _apply_next(self) -> None:
        if self._pending:
            self._pending.pop(next(iter(self._pending)))()
        if not self._pending:
            self._timer.stop()
