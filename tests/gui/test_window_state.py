"""The window shows exactly the state it was given: a loaded model's preset, settings and loss
curve, the same state after a restart, and the same geometry after presentation mode."""

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from mugui.config_changes import config_changes
from mugui.evaluation import evaluate
from mugui.gui import MainWindow
from mugui.model import Model
from mugui.model_file import load_model, save_model
from mugui.presets import PRESET_KEY, PRESETS

NNC_UNTICKED = PRESETS["nnc"].config.replace(
    bugs=tuple(b for b in PRESETS["nnc"].config.bugs if b != "batch_image_index"), hidden=16
)


def new_window(qtbot, dataset) -> MainWindow:
    window = MainWindow(warm_up_kernels=False)  # starts on the healthy preset
    qtbot.addWidget(window)
    window.dataset = dataset
    window.lab.dataset_changed()
    return window


@pytest.fixture
def window(lab_window):
    return lab_window  # shown, on the small data set (tests/gui/conftest.py)


def combo_text(window) -> str:
    return window.bug_panel.preset_combo.currentText()


def description(window) -> str:
    return window.bug_panel.description.text()


def history_file(path, config, losses) -> None:
    """A model file as an older mugui wrote it: config and history, no preset recorded."""
    epochs = [
        {"epoch": n, "loss": loss, "train_accuracy": 0.5, "test_accuracy": 0.4 + n / 100,
         "reported_accuracy": 0.4, "reported_on": "test", "bugs": list(config.bugs)}
        for n, loss in enumerate(losses, start=1)
    ]  # fmt: skip
    history = {"config": config.to_dict(), "epochs": epochs, "bug_changes": [], "finished": "done"}
    meta = {"config": config.to_dict(), "history": history}
    save_model(Model.init(config.spec, seed=3), path, meta)


def test_a_saved_model_loads_as_custom_from_the_preset_it_was_trained_from(
    qtbot, window, small_dataset, tmp_path
):
    window.choose_preset("nnc")
    window.hyperparameters.epochs.setValue(1)
    window.hyperparameters.hidden.setValue(16)
    window.bug_panel.checks["batch_image_index"].click()
    assert combo_text(window) == "Custom (from nn.c)"
    window.start_training()
    qtbot.waitUntil(lambda: window.worker is None, timeout=120_000)
    window.files.save_model_to(tmp_path / "nnc.npz")
    assert load_model(tmp_path / "nnc.npz").meta[PRESET_KEY] == "nnc"

    fresh = new_window(qtbot, small_dataset)
    assert combo_text(fresh) == "Healthy default"
    fresh.files.load_model_from(tmp_path / "nnc.npz")
    # it said "Custom (from Healthy)" with "+no_shuffle, +output_relu, …, lr 0.0005, batch_size 5"
    assert combo_text(fresh) == "Custom (from nn.c)"
    assert description(fresh) == (
        "Custom: nn.c as published with −batch_image_index, hidden 16, epochs 1."
    )
    assert fresh.current_config() == window.current_config()
    fresh.close()


def test_an_older_file_without_a_preset_starts_from_the_closest_one(window, tmp_path):
    history_file(tmp_path / "old.npz", NNC_UNTICKED, [0.9, 0.7])
    window.files.load_model_from(tmp_path / "old.npz")
    assert combo_text(window) == "Custom (from nn.c)"
    assert description(window) == "Custom: nn.c as published with −batch_image_index, hidden 16."


def test_a_loaded_history_draws_its_epoch_losses(window, tmp_path):
    losses = [2.25, 1.5, 1.125]
    history_file(tmp_path / "history.npz", NNC_UNTICKED.replace(epochs=3), losses)
    window.files.load_model_from(tmp_path / "history.npz")
    x, y = window.curves.loss_curve.getData()
    # the loss plot was empty under the title "Training loss: 1.125"
    assert x.tolist() == [1.0, 2.0, 3.0] and y.tolist() == losses
    assert window.curves.loss_title == "Training loss: 1.125"
    assert window.curves.test_curve.getData()[1].tolist() == pytest.approx([0.41, 0.42, 0.43])
    assert window.curves.peak_text == ""  # a rising curve has no peak to annotate
    shown = evaluate(window.model, window.dataset.test_x, window.dataset.test_y)
    assert np.array_equal(window.confusion.counts, shown.confusion)
    assert np.allclose(window.per_class.accuracy, shown.per_class_accuracy)


def test_touching_a_loaded_models_setting_stays_custom_from_its_preset_after_a_restart(
    qtbot, window, small_dataset, tmp_path
):
    history_file(tmp_path / "old.npz", NNC_UNTICKED, [0.9])
    window.files.load_model_from(tmp_path / "old.npz")
    window.hyperparameters.lr.setValue(0.002)
    assert combo_text(window) == "Custom (from nn.c)"
    shown = description(window)
    assert shown == "Custom: nn.c as published with −batch_image_index, hidden 16, lr 0.002."
    seen = window.current_config()
    window.close()

    again = new_window(qtbot, small_dataset)
    assert again.current_config() == seen
    assert (combo_text(again), description(again)) == ("Custom (from nn.c)", shown)
    again.bug_panel.reset_to_preset()
    assert config_changes(PRESETS["nnc"].config, again.current_config()) == []
    again.close()


def settle(qtbot) -> None:
    for _ in range(5):
        QApplication.processEvents()
        qtbot.wait(40)


def test_leaving_presentation_mode_restores_the_exact_geometry(qtbot, window):
    window.resize(1366, 768)
    settle(qtbot)
    before = window.geometry()
    window.toggle_presentation(True)
    settle(qtbot)
    assert window.isFullScreen()
    window.toggle_presentation(False)
    settle(qtbot)
    # restoreGeometry() gave it back re-fitted: 1366×777 under X11, 1227×774 here
    assert not window.isFullScreen() and window.geometry() == before
    qtbot.wait(250)  # the second check after leaving full screen keeps it too
    assert window.geometry() == before
