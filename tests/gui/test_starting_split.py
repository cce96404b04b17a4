"""The split between the curves and the per-class plot is the same whatever came first: a
window resized before its first layout, after it, or opened from settings saved at another
size (it was 577/106 px or 526/157 px at 1366×768, depending on when the first resize came)."""

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from mugui.gui import MainWindow
from mugui.gui.window_columns import PER_CLASS_SHARE


def settle(qtbot):
    for _ in range(3):
        QApplication.processEvents()
        qtbot.wait(20)


def opened(qtbot, folder, resize_before_layout: bool) -> MainWindow:
    settings = QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, warm_up_kernels=False)
    qtbot.addWidget(window)
    window.curves.keep_run("an earlier run")  # a kept run makes the curves' minimum taller
    window.curves.reset(10)
    window.curves.add_epoch(1, 1.0, 0.5, 0.5)
    window.curves.keep_run("a kept run")
    window.show()
    if not resize_before_layout:
        settle(qtbot)
    window.resize(1366, 768)
    settle(qtbot)
    return window


def per_class_share(window: MainWindow) -> float:
    curves, per_class = window.columns.curves_split.sizes()
    return per_class / (curves + per_class)


def test_the_starting_split_is_the_same_whenever_the_first_resize_comes(qtbot, tmp_path):
    early = opened(qtbot, tmp_path / "early", resize_before_layout=True)
    late = opened(qtbot, tmp_path / "late", resize_before_layout=False)
    assert early.columns.curves_split.sizes() == late.columns.curves_split.sizes()
    assert abs(per_class_share(early) - PER_CLASS_SHARE) < 0.01, early.columns.curves_split.sizes()


def test_a_split_saved_at_another_size_keeps_its_share_not_its_pixels(qtbot, tmp_path):
    window = opened(qtbot, tmp_path, resize_before_layout=False)
    window.resize(2560, 1440)
    settle(qtbot)
    window.close()
    again = opened(qtbot, tmp_path, resize_before_layout=True)
    assert abs(per_class_share(again) - PER_CLASS_SHARE) < 0.01, again.columns.curves_split.sizes()
