"""Python's cyclic garbage collection on the GUI thread only.

Python collects reference cycles in whichever thread happens to allocate when a generation is
full, and a cycle may hold Qt objects the GUI thread made: pyqtgraph's parentless context menus
(QMenu widgets), pixmaps, fonts, pictures. Collected in a worker thread (a run's, a background
task's), such a widget is destroyed there while the GUI thread walks the application's widgets:
a full suite segfaulted in ``app.setStyleSheet`` (the theme) while the typicality catch-up drew
in a worker, and a probe over the first window tests counted QMenus, QPixmaps and QFonts freed
by collections in worker threads. So, as pyqtgraph's ``GarbageCollector`` advises, automatic
collection is off while a window exists and a GUI-thread timer collects instead, each generation
once its count passes the threshold Python would have collected it at. The oldest generation
also waits, as Python's own collector does, until it has grown by a quarter since its last
collection: a full collection of the window's objects takes about 0.1 s of the GUI thread.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 500  # how often the GUI thread looks at the collector's counts
OLDEST_GROWTH = 0.25  # the oldest generation is collected once it has grown by this share


class GuiThreadCollector(QObject):
    """Collects cycles on a timer of the GUI thread instead of wherever Python allocates."""

    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        self.oldest_size = 0  # objects in the oldest generation after its last collection
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.collect_due)

    def start(self) -> None:
        gc.disable()
        self.timer.start()

    def stop(self) -> None:
        """Give collection back to Python (automatic, in any thread)."""
        self.timer.stop()
        gc.enable()

    def collect_due(self) -> int:
        """Collect the oldest generation whose count is past its threshold; objects freed."""
        counts = gc.get_count()
        due = -1
        for generation in range(3):
            if counts[generation] <= self.threshold[generation]:
                break
            due = generation
        if due < 0:
            return 0
        if due == 2 and len(gc.get_objects(2)) <= self.oldest_size * (1 + OLDEST_GROWTH):
            due = 1
        freed = gc.collect(due)
        if due == 2:
            self.oldest_size = len(gc.get_objects(2))
        return freed


def collect_on_gui_thread() -> GuiThreadCollector:
    """Start collecting on the GUI thread only (once per application; must run on it)."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("collect_on_gui_thread needs a QApplication")
    collector = app.findChild(GuiThreadCollector)
    if collector is None:
        collector = GuiThreadCollector(app)
    collector.start()
    return collector


def running_collector() -> GuiThreadCollector | None:
    """The application's collector when one is running (automatic collection is then off)."""
    app = QCoreApplication.instance()
    collector = app.findChild(GuiThreadCollector) if app is not None else None
    return collector if collector is not None and collector.timer.isActive() else None
