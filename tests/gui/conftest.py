"""Fixtures for the window's tests: Qt runs offscreen and settings go to a temporary folder."""

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import time  # noqa: E402

import pytest  # noqa: E402
import shiboken6  # noqa: E402
from PySide6.QtCore import (  # noqa: E402
    QCoreApplication,
    QEventLoop,
    QSettings,
    QTimer,
    QtMsgType,
)

# Qt's notices about the machine, not about mugui: the offscreen platform cannot propagate size
# hints, and a locale that is not UTF-8 (LANG=C, or unset as for many CI users) was switched to
# C.UTF-8 ("Detected locale "C" with character encoding "ANSI_X3.4-1968", which is not UTF-8...")
ENVIRONMENT_NOTICES = ("This plugin does not support", 'Detected locale "')
THREADS_END_S = 300  # a window's run, kernel load or typicality fit ends within this
CLOSE_CHECK_MS = 200  # while windows close, their state is looked at this often besides signals
_NOT_DELETED: list[object] = []  # windows whose threads outlived THREADS_END_S: never deleted


# Qt's scaling, set by a user's desktop: a test that sets its own screens (a child process whose
# offscreen platform has them) sets their scale too (QT_SCALE_FACTOR=1.25 made a 1280×720 screen
# 1024×576 and the presentation-mode checks measured the wrong screen)
QT_SCALING = (
    "QT_SCALE_FACTOR",
    "QT_SCREEN_SCALE_FACTORS",
    "QT_FONT_DPI",
    "QT_ENABLE_HIGHDPI_SCALING",
    "QT_SCALE_FACTOR_ROUNDING_POLICY",
    "QT_USE_PHYSICAL_DPI",
)


def screens_env(config_name: str) -> dict[str, str]:
    """The environment of a child whose offscreen screens are those of ``config_name`` (a file in
    its working folder: Qt read the platform argument's path as Latin-1, so a TMPDIR named with an
    é hid an absolute one), at the scale the file gives them."""
    env = {name: value for name, value in os.environ.items() if name not in QT_SCALING}
    return env | {"QT_QPA_PLATFORM": f"offscreen:configfile={config_name}"}


TRAIN_TIMEOUT = 120_000  # ms: a small Healthy run on a loaded machine


def train_small(qtbot, window, epochs: int, wait: bool = True) -> None:
    """Train the Healthy default with 16 hidden units and no drawings mixed in, by its button;
    wait for the run to end unless ``wait`` is False."""
    from mugui.gui.training_toolbar import RunState

    window.choose_preset("healthy")
    window.hyperparameters.hidden.setValue(16)
    window.hyperparameters.epochs.setValue(epochs)
    window.hyperparameters.style_strokes.setValue(0)
    window.hyperparameters.outlier_exposure.setValue(0)
    window.toolbar.train_button.click()
    if wait:
        qtbot.waitUntil(
            lambda: window.run_state is RunState.IDLE and window.worker is None,
            timeout=TRAIN_TIMEOUT,
        )


def _is_gui(item) -> bool:
    return "tests/gui/" in item.nodeid.replace("\\", "/")


def pytest_collection_modifyitems(items):
    for item in items:
        if _is_gui(item):
            item.add_marker(pytest.mark.gui)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item, nextitem):
    """Before pytest-qt closes and deletes a test's windows, close each the way a user does and
    wait until it has really closed (its run, lab runs and background tasks ended): deleting a
    window whose QThread still runs aborts the whole suite, and a task left running went on
    into the next test. After the last window test, Python collects cycles by itself again."""
    stuck = _close_windows_and_wait(item)
    try:
        return (yield)
    finally:
        if nextitem is None or not _is_gui(nextitem):
            from mugui.gui.gui_thread_gc import running_collector

            collector = running_collector()
            if collector is not None:
                collector.stop()
        if stuck:
            pytest.fail(f"windows still running threads after {THREADS_END_S} s: {stuck}")


def _close_windows_and_wait(item) -> list[str]:
    from mugui.gui.main_window import MainWindow

    windows = [w() for w, _ in getattr(item, "qt_widgets", [])]
    windows = [w for w in windows if isinstance(w, MainWindow) and shiboken6.isValid(w)]
    for window in windows:
        window.close()  # stops a run and the compiler helpers; hides while threads still run
    _wait_until_closed(windows, THREADS_END_S)
    stuck = [w for w in windows if not w.closed]
    if stuck:  # pytest-qt must not delete them: keep them, unclosed, for the rest of the run
        item.qt_widgets = [(r, f) for r, f in item.qt_widgets if r() not in stuck]
        _NOT_DELETED.extend(stuck)
    return [w.windowTitle() for w in stuck]


def _wait_until_closed(windows: list, seconds: float) -> None:
    """Run Qt's event loop until every window in ``windows`` has closed (its ``finally_closed``
    fired) or ``seconds`` have passed. An event loop, not ``QTest.qWait``: PySide6 keeps the GIL
    through a ``qWait``, so a background task in Python (a typicality fit: many short numpy
    calls, each needing the GIL back) crawled while the teardown polled with it, 1.8 CPU s of fit
    taking 52 s of wall time; ``QEventLoop.exec`` lets the GIL go while it waits."""
    loop = QEventLoop()
    for window in windows:
        window.finally_closed.connect(loop.quit)
    safety = QTimer()  # a check now and then, should a window close without the signal
    safety.timeout.connect(loop.quit)
    safety.start(CLOSE_CHECK_MS)
    deadline = time.monotonic() + seconds
    try:
        while any(not w.closed for w in windows) and time.monotonic() < deadline:
            loop.exec()
    finally:
        safety.stop()
        for window in windows:
            if shiboken6.isValid(window):
                window.finally_closed.disconnect(loop.quit)


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path):
    """Every test reads and writes its own empty settings folder, never the user's."""
    folder = tmp_path / "settings"
    for kind in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(kind, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture(autouse=True)
def no_qt_warnings(qtlog):
    """A Qt warning (e.g. "QThread: Destroyed while thread is still running") fails the test.

    Qt's notices about the machine (:data:`ENVIRONMENT_NOTICES`) are not about mugui.
    """
    yield
    warnings = [
        record.message
        for record in qtlog.records
        if record.type != QtMsgType.QtDebugMsg
        and not record.message.startswith(ENVIRONMENT_NOTICES)
    ]
    assert warnings == [], f"Qt warned: {warnings}"


@pytest.fixture(autouse=True)
def event_loop_left_alive():
    """A test that leaves Qt's quit flag set (a Quit processed outside ``exec()``) fails, and
    the flag is cleared: otherwise every later test's waits return at once without delivering
    a single event, and the suite hangs test after test."""
    yield
    app = QCoreApplication.instance()
    if app is None:
        return
    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    if loop.exec() == -1:  # returned at once: the quit flag is set
        QTimer.singleShot(0, app.quit)
        app.exec()  # exec() clears the flag on entry and on return
        pytest.fail("this test left Qt's quit flag set; later event loops would return at once")


@pytest.fixture(scope="session")
def small_dataset():
    """1,000 training and 500 test digits of the bundled set: an epoch takes milliseconds."""
    from mugui.data.dataset import Dataset
    from mugui.data.load import load_dataset

    full = load_dataset("bundled")
    return Dataset(
        name="bundled (small)",
        train_x=full.train_x[:1000].copy(),
        train_y=full.train_y[:1000].copy(),
        test_x=full.test_x[:500].copy(),
        test_y=full.test_y[:500].copy(),
    )


@pytest.fixture
def lab_window(qtbot, small_dataset, tmp_path, monkeypatch):
    """A shown window on the small data set, ready to train, forget and verify; its retrained
    references go to a temporary cache."""
    from mugui.gui import MainWindow

    monkeypatch.setenv("MUGUI_REFERENCE_CACHE", str(tmp_path / "references"))
    window = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(window)
    window.dataset = small_dataset
    window.lab.dataset_changed()
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()
