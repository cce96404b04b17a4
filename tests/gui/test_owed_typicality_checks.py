"""Models that reach the window without their typicality check get one: a model file trained on
the window's data set, and a task-by-task model sent to the canvas. A model saved while its
check is owed is saved without it, and the window says so."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget
from test_typicality_catch_up import (
    TIMEOUT,
    first_start_window,
    kernels_arrive,
    train_on_numpy,
)

from mugui.architecture import CnnSpec
from mugui.gui import MainWindow
from mugui.gui.typicality_catch_up import (
    FITTED_LOADED_TEXT,
    FITTED_SAVE_AGAIN_TEXT,
    SAVED_WITHOUT_TEXT,
)
from mugui.gui.window_files import OTHER_DATA_TEXT
from mugui.model import Model
from mugui.model_file import load_model
from mugui.runs.typicality_owed import class_sources
from mugui.typicality import META_KEY, Typicality, typicality_of


def _trained_window(qtbot, dataset):
    window = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(window)
    window.dataset = dataset
    spins = (("epochsSpin", 3), ("hiddenSpin", 16), ("styleStrokesSpin", 0))
    for name, value in (*spins, ("outlierExposureSpin", 0)):
        window.findChild(QWidget, name).setValue(value)
    window.findChild(QPushButton, "trainButton").click()
    qtbot.waitUntil(lambda: window.worker is None, timeout=TIMEOUT)
    return window


def _file_without_check(qtbot, window, path):
    """Save the window's model as a file written before the check existed; returns the check
    its run fitted."""
    fitted = window.model.meta.pop(META_KEY)
    window.files.save_model_to(path)
    assert META_KEY not in load_model(path).meta
    return fitted


def test_a_model_file_from_before_the_check_gets_one_fitted_on_its_data(
    qtbot, small_dataset, tmp_path
):
    window = _trained_window(qtbot, small_dataset)
    path = tmp_path / "old.npz"
    as_trained = Typicality.from_meta(_file_without_check(qtbot, window, path))
    window.files.load_model_from(path)
    loaded = window.model
    assert typicality_of(loaded) is None
    qtbot.waitUntil(lambda: typicality_of(loaded) is not None, timeout=TIMEOUT)
    assert window.model is loaded and window.probe._model is loaded
    assert window.statusBar().currentMessage() == FITTED_LOADED_TEXT
    refitted = typicality_of(loaded)  # the same check as its run fitted, from the same digits
    assert [c.classes for c in refitted.components] == [c.classes for c in as_trained.components]
    assert [c.threshold for c in refitted.components] == pytest.approx(
        [c.threshold for c in as_trained.components], rel=1e-4
    )


def test_a_model_file_trained_on_other_data_is_not_fitted(qtbot, small_dataset, blobs, tmp_path):
    window = _trained_window(qtbot, small_dataset)
    path = tmp_path / "old.npz"
    _file_without_check(qtbot, window, path)
    window.dataset = blobs  # not the data the file was trained on
    window.files.load_model_from(path)
    said = OTHER_DATA_TEXT.format(name="old.npz", data=small_dataset.name, here="blobs")
    assert window.statusBar().currentMessage() == said  # its curves are of another set
    assert not window.typicality_catch_up.owes(window.model)
    assert not window.tasks.busy and typicality_of(window.model) is None


def test_a_model_saved_while_its_check_is_owed_says_so_then_and_when_fitted(
    qtbot, small_dataset, tmp_path
):
    window = first_start_window(qtbot, small_dataset)
    model = train_on_numpy(qtbot, window)
    window.files.save_model_to(tmp_path / "early.npz")
    assert window.statusBar().currentMessage() == SAVED_WITHOUT_TEXT.format(name="early.npz")
    assert META_KEY not in load_model(tmp_path / "early.npz").meta
    kernels_arrive(window)
    qtbot.waitUntil(lambda: typicality_of(model) is not None, timeout=TIMEOUT)
    assert window.statusBar().currentMessage() == FITTED_SAVE_AGAIN_TEXT.format(name="early.npz")
    window.files.save_model_to(tmp_path / "later.npz")
    assert window.statusBar().currentMessage() == "Saved model later.npz"
    assert typicality_of(load_model(tmp_path / "later.npz")) is not None


def test_a_task_model_on_the_canvas_gets_a_check_of_the_classes_it_still_knows(
    qtbot, small_dataset
):
    window = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(window)
    window.dataset = small_dataset
    lab = window.open_task_lab()
    lab.set_architecture("mlp")
    lab.epochs.setValue(1)
    qtbot.mouseClick(lab.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not lab.busy, timeout=TIMEOUT)
    lab.forget_task.setCurrentIndex(1)  # forget the second task: 5-9
    qtbot.mouseClick(lab.forget_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not lab.busy, timeout=TIMEOUT)
    assert lab.last_result is not None and lab.known_classes() == (0, 1, 2, 3, 4)
    qtbot.mouseClick(lab.probe_button, Qt.MouseButton.LeftButton)
    model = window.model
    assert model is lab.model and typicality_of(model) is None
    qtbot.waitUntil(lambda: typicality_of(model) is not None, timeout=TIMEOUT)
    classes = {c for component in typicality_of(model).components for c in component.classes}
    assert classes == {0, 1, 2, 3, 4}
    assert window.statusBar().currentMessage() == FITTED_LOADED_TEXT


def test_a_cnn_owed_its_check_waits_for_the_cnn_kernels(qtbot, small_dataset):
    """On a first start the MLP's kernels are in before the CNN's: a CNN file loaded then is
    fitted once the CNN's are too, not by compiling them again in the window's process."""
    window = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(window)
    window.dataset = small_dataset
    warm_up = window.warm_up_task
    warm_up.launched = True  # the kernels are still compiling
    kernels_arrive(window)  # the MLP's are loaded, the CNN's not yet
    assert warm_up.mlp_ready() and warm_up.is_running()
    model = Model.init(CnnSpec(hidden=16), seed=0)
    window.set_model(model)
    catch_up = window.typicality_catch_up
    catch_up.owe(model, class_sources(small_dataset, range(10)), FITTED_LOADED_TEXT)
    assert catch_up.fitting is None and catch_up.owes(model)
    warm_up._on_loaded("cnn")
    assert catch_up.fitting is model
    qtbot.waitUntil(lambda: not catch_up.owes(model), timeout=TIMEOUT)
