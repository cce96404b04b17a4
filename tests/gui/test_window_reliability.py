"""The window under abuse: repeated runs free their memory, hostile names stay plain text."""

import gc
import weakref

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from mugui.gui import MainWindow
from mugui.gui.training_toolbar import RunState

TRAIN_TIMEOUT = 120_000


@pytest.fixture
def window(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: "Ready" in window.statusBar().currentMessage(), timeout=TRAIN_TIMEOUT)
    return window


def small_config(window, epochs=1, hidden=16):
    window.hyperparameters.findChild(object, "epochsSpin").setValue(epochs)
    window.hyperparameters.findChild(object, "hiddenSpin").setValue(hidden)


def wait_idle(qtbot, window):
    qtbot.waitUntil(
        lambda: window.run_state is RunState.IDLE and window.worker is None, timeout=TRAIN_TIMEOUT
    )


def run_pending_deletions() -> None:
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QCoreApplication.processEvents()
    gc.collect()


def test_each_finished_run_frees_its_trainer(qtbot, window):
    small_config(window)
    trainers = []
    for _ in range(2):
        window.start_training()
        trainers.append(weakref.ref(window.worker.trainer))
        wait_idle(qtbot, window)
    run_pending_deletions()
    assert [alive() for alive in trainers] == [None, None]
