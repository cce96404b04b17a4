"""`mugui` with no subcommand opens the window and returns 0 when it is closed."""

import sys

from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import QApplication

from mugui.gui.app import app_icon, run_app
from mugui.gui.main_window import MainWindow


def test_run_app_shows_the_window_and_exits_cleanly_when_it_closes(qapp, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    seen = []

    def close_when_shown():
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        seen.extend(w for w in windows if w.isVisible())
        QApplication.closeAllWindows()

    QTimer.singleShot(1500, close_when_shown)
    assert run_app() == 0
    assert seen and seen[0].windowTitle().startswith("mugui")
    assert sys.excepthook is not sys.__excepthook__
    assert QApplication.applicationName() == "mugui"


def test_a_window_closing_after_the_event_loop_ended_leaves_later_event_loops_working(
    qapp, qtbot, monkeypatch
):
    """The window hides while a kernel load runs and closes when it ends, which may be after
    run_app returned: that late close must not quit the next event loop (it froze every later
    GUI test of a suite: Qt's quit flag stayed set and waits returned without delivering events)."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    windows = []

    def close_when_shown():
        windows.extend(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        QApplication.closeAllWindows()

    QTimer.singleShot(500, close_when_shown)
    assert run_app() == 0
    qapp.processEvents()  # what was still queued: the "last window closed" Quit
    for window in windows:
        window.finally_closed.emit()  # as a late close does
    fired = []
    QTimer.singleShot(50, lambda: fired.append(True))
    qtbot.waitUntil(lambda: bool(fired), timeout=3000)


def test_the_icon_is_found():
    assert not app_icon().isNull()


def test_the_icon_has_its_drawn_sizes_and_scales_to_any_other(qapp):
    icon = app_icon()
    for size in (16, 32, 48, 256):
        assert QSize(size, size) in icon.availableSizes()
    pixmap = icon.pixmap(QSize(40, 40))  # in device pixels: 50 at QT_SCALE_FACTOR=1.25
    assert pixmap.width() / pixmap.devicePixelRatio() == 40
