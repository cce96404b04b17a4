"""With a window open, cycles that hold Qt objects are freed on the GUI thread, never in the
worker thread whose allocations happen to fill a generation (a full suite segfaulted in
``app.setStyleSheet`` while a worker's collection destroyed widgets)."""

import gc
import threading
import weakref

from PySide6.QtWidgets import QMenu

from mugui.gui import MainWindow
from mugui.gui.gui_thread_gc import running_collector


class _Holder:
    """A parentless menu in a reference cycle, as pyqtgraph leaves its context menus."""

    def __init__(self) -> None:
        self.menu = QMenu()
        self.menu.holder = self  # type: ignore[attr-defined]  # the cycle


def _drop_a_menu_cycle(freed_in: list[str]) -> weakref.ref:
    """Make the cycle and drop it; the reference says in which thread it was freed."""
    return weakref.ref(_Holder(), lambda _: freed_in.append(threading.current_thread().name))


def test_a_cycle_holding_a_qt_widget_is_freed_on_the_gui_thread_not_in_a_worker(qtbot):
    window = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(window)
    assert running_collector() is not None and not gc.isenabled()
    freed_in: list[str] = []
    kept: list[list[int]] = []
    gc.collect()  # nothing pending: the next collection is the worker's, were it automatic
    cycle = _drop_a_menu_cycle(freed_in)

    def allocate() -> None:  # enough live containers to fill every generation many times
        kept.extend([i] for i in range(200_000))

    worker = threading.Thread(target=allocate, name="worker")
    worker.start()
    worker.join()
    assert freed_in == []  # the worker's allocations collected nothing
    qtbot.waitUntil(lambda: freed_in != [], timeout=10_000)  # the GUI thread's timer did
    assert freed_in == [threading.main_thread().name] and cycle() is None


def test_each_generation_is_collected_past_its_threshold_the_oldest_once_grown_by_a_quarter(
    qtbot, monkeypatch
):
    window = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(window)
    collector = running_collector()
    assert collector is not None
    collected: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda generation=2: collected.append(generation) or 0)
    for counts in ((700, 11, 11), (701, 10, 11), (701, 11, 10)):
        monkeypatch.setattr(gc, "get_count", lambda counts=counts: counts)
        collector.collect_due()
    assert collected == [0, 1]  # nothing at 700: a generation is collected past its threshold
    monkeypatch.setattr(gc, "get_count", lambda: (701, 11, 11))
    collector.oldest_size = len(gc.get_objects(2))  # not grown since its last collection
    collector.collect_due()
    collector.oldest_size = int(len(gc.get_objects(2)) / 1.3)  # grown by more than a quarter
    collector.collect_due()
    assert collected == [0, 1, 1, 2]
