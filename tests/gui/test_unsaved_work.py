"""Closing the window keeps the lab's unsaved work, and the next start opens it: my data (the
drawings added with *Add to my data*), the snapshots and the report lived only in the window, so
a close (or Ctrl+Q at the end of a talk) lost them without a word."""

import numpy as np
from PySide6.QtGui import QAction

from mugui.gui.unsaved_work import OPEN_TEXT, unsaved_work_path
from tests.gui.conftest import train_small

DRAWINGS = np.full((2, 784), 200, np.uint8)
LABELS = np.array([3, 7], np.uint8)


def close(qtbot, window):
    window.close()
    qtbot.waitUntil(lambda: window.closed)


def open_action(window):
    found = [a for a in window.findChildren(QAction) if a.text().startswith(OPEN_TEXT)]
    return found[0] if found else None


def new_window(qtbot, small_dataset):
    from mugui.gui import MainWindow

    window = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(window)
    window.dataset = small_dataset
    window.lab.dataset_changed()
    return window


def test_closing_keeps_my_data_and_the_next_start_opens_it(qtbot, lab_window, small_dataset):
    window = lab_window
    train_small(qtbot, window, epochs=1)
    window.lab.my_data.set_samples(DRAWINGS, LABELS)
    path = unsaved_work_path(window.settings)
    assert not path.exists()
    close(qtbot, window)
    assert path.is_file()

    again = new_window(qtbot, small_dataset)
    action = open_action(again)
    assert action is not None, "the next start does not offer the kept work"
    assert len(again.lab.my_data.labels) == 0
    action.trigger()
    assert list(again.lab.my_data.labels) == [3, 7]
    np.testing.assert_array_equal(again.lab.my_data.images, DRAWINGS)
    close(qtbot, again)  # opened, not changed: nothing new to keep
    assert list(np.load(path)["user_labels"]) == [3, 7]


def test_a_window_with_nothing_in_its_lab_keeps_nothing(qtbot, lab_window, small_dataset):
    close(qtbot, lab_window)
    assert not unsaved_work_path(lab_window.settings).exists()
    assert open_action(new_window(qtbot, small_dataset)) is None


def test_a_trained_model_and_its_snapshot_are_kept(qtbot, lab_window, small_dataset):
    """Each run's network is a snapshot (so is each forget's): a close lost them too."""
    train_small(qtbot, lab_window, epochs=1)
    trained = lab_window.lab.timeline.snapshots[0].name
    close(qtbot, lab_window)
    again = new_window(qtbot, small_dataset)
    open_action(again).trigger()
    assert [s.name for s in again.lab.timeline.snapshots] == [trained]


def test_work_saved_as_an_experiment_is_not_kept_again(qtbot, lab_window, tmp_path):
    window = lab_window
    train_small(qtbot, window, epochs=1)
    window.lab.my_data.set_samples(DRAWINGS, LABELS)
    window.lab.save_experiment(tmp_path / "experiment.npz")
    close(qtbot, window)
    assert not unsaved_work_path(window.settings).exists()
