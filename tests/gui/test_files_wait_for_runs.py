"""Loading a model, opening an experiment or data waits for a running training or unlearning run:
the window says why instead of mixing the file into the run."""

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from mugui.gui.unlearning_lab import UnlearningLab
from tests.gui.conftest import TRAIN_TIMEOUT, train_small


@pytest.fixture
def model_file(qtbot, lab_window, tmp_path):
    train_small(qtbot, lab_window, epochs=1)
    path = tmp_path / "model.npz"
    lab_window.files.save_model_to(path)
    return path


def no_file_dialog(monkeypatch):
    def refuse(*_args):
        raise AssertionError("the file dialog opened")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", refuse)


def test_loading_a_model_mid_training_is_refused_and_says_why(
    qtbot, lab_window, model_file, monkeypatch
):
    """Loading mid-run put the file's name, preset and history on the window while the run kept
    drawing its epochs there; the run was then kept as a snapshot named after the file's preset."""
    window = lab_window
    window.choose_preset("nnc")
    train_small(qtbot, window, epochs=1000, wait=False)
    qtbot.waitUntil(lambda: window.worker is not None)
    title, preset = window.windowTitle(), window.bug_panel.preset_combo.currentText()
    no_file_dialog(monkeypatch)
    window.files.load_model_dialog()
    assert window.statusBar().currentMessage() == "Stop the training before loading a model"
    window.files.run_or_show_error(window.files.load_model_from, model_file)
    dialog = window.findChild(QMessageBox, "errorDialog")
    assert dialog is not None and dialog.text() == "Stop the training before loading a model"
    dialog.close()
    assert window.windowTitle() == title and window.worker is not None
    assert window.bug_panel.preset_combo.currentText() == preset
    window.stop_training()
    qtbot.waitUntil(lambda: window.worker is None, timeout=TRAIN_TIMEOUT)


def test_opening_an_experiment_or_data_mid_forget_is_refused(
    qtbot, lab_window, model_file, monkeypatch, tmp_path
):
    """An experiment opened mid-Forget set the lab's original model to None and the Forget ended
    in AttributeError: 'NoneType' object has no attribute 'hidden'."""
    window = lab_window
    window.lab.save_experiment(tmp_path / "e.npz")
    no_file_dialog(monkeypatch)
    wait = "Wait for the unlearning run to end (or Cancel it) before "
    with monkeypatch.context() as busy:  # undone before the window closes: it waits for runs
        busy.setattr(UnlearningLab, "busy", property(lambda self: True))
        window.files.open_experiment_dialog()
        assert window.statusBar().currentMessage() == wait + "opening an experiment"
        window.files.run_or_show_error(window.lab.open_experiment, tmp_path / "e.npz")
        dialog = window.findChild(QMessageBox, "errorDialog")
        assert dialog is not None and dialog.text() == wait + "opening an experiment"
        dialog.close()
        window.files.open_data(str(tmp_path))
        assert window.statusBar().currentMessage() == wait + "changing the data"
        assert window.loading_source is None
