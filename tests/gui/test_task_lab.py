"""The task-by-task lab window, driven as a user would."""

from PySide6.QtCore import Qt

from mugui.gui.task_lab import TaskLab


def _train(qtbot, lab):
    qtbot.mouseClick(lab.train_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not lab.busy, timeout=180_000)


def test_training_task_by_task_draws_one_curve_and_band_per_task(qtbot, blobs):
    lab = TaskLab(blobs)
    qtbot.addWidget(lab)
    lab.epochs.setValue(1)
    _train(qtbot, lab)
    assert lab.plot.band_count == 2
    assert [len(v) for v in lab.plot.values] == [2, 2]
    assert lab.model is not None and lab.forget_task.count() == 2
    assert lab.forget_button.isEnabled()
    # unit removal needs the dynamic network: offered but disabled for this static model
    lab.forget_way.setCurrentIndex(2)
    assert not lab.forget_button.isEnabled()


def test_forgetting_a_task_fills_the_table_and_the_model_goes_to_the_canvas(qtbot, blobs):
    lab = TaskLab(blobs)
    qtbot.addWidget(lab)
    lab.epochs.setValue(1)
    lab.dynamic.setChecked(True)
    _train(qtbot, lab)
    lab.forget_task.setCurrentIndex(1)
    lab.forget_way.setCurrentIndex(2)  # remove its units
    qtbot.mouseClick(lab.forget_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not lab.busy, timeout=180_000)
    assert lab.last_result is not None, lab.status.text()
    assert lab.table.rowCount() == 2
    assert lab.table.item(1, 1).text() == "0.0%"  # the forgotten task, after
    assert "forgotten" in lab.table.verticalHeaderItem(1).text()
    chosen = []
    lab.model_chosen.connect(chosen.append)
    qtbot.mouseClick(lab.probe_button, Qt.MouseButton.LeftButton)
    assert chosen and chosen[0] is lab.model


def test_the_task_lab_offers_the_cnn_and_trains_it(qtbot, blobs):
    lab = TaskLab(blobs)
    qtbot.addWidget(lab)
    assert [lab.architecture.itemData(i) for i in range(lab.architecture.count())] == [
        "mlp",
        "cnn",
    ]
    assert lab.repair.value() == 1  # si_forget's repair epochs on the MLP...
    lab.set_architecture("cnn")
    assert lab.repair.value() == 2  # ...and on the CNN
    lab.epochs.setValue(1)
    lab.dynamic.setChecked(True)
    _train(qtbot, lab)
    assert lab.model is not None and lab.model.is_cnn, lab.status.text()
    assert lab.extras["task_units"].shape == (lab.model.spec.hidden,)


def test_the_window_opens_the_task_lab_and_takes_its_model_onto_the_canvas(qtbot, blobs):
    from mugui.gui.main_window import MainWindow

    window = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(window)
    window.dataset = blobs
    window.hyperparameters.set_architecture("cnn")
    lab = window.open_task_lab()
    assert lab.architecture.currentData() == "cnn"  # the model chosen for training
    lab.set_architecture("mlp")
    assert lab.isVisible() and window.open_task_lab() is lab
    lab.epochs.setValue(1)
    _train(qtbot, lab)
    qtbot.mouseClick(lab.probe_button, Qt.MouseButton.LeftButton)
    assert window.model is lab.model
    assert window.probe._model is lab.model


def test_a_task_model_can_forget_a_task_from_the_unlearning_panel(qtbot, blobs):
    from mugui.gui.main_window import MainWindow

    window = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(window)
    window.dataset = blobs
    window.hyperparameters.set_architecture("cnn")
    lab = window.open_task_lab()
    assert lab.architecture.currentData() == "cnn"  # the model chosen for training
    lab.set_architecture("mlp")
    lab.epochs.setValue(1)
    _train(qtbot, lab)
    qtbot.mouseClick(lab.probe_button, Qt.MouseButton.LeftButton)
    picker = window.lab.panel.picker
    picker.set_mode("task")
    picker.task.setValue(2)
    forget = picker.forget_set(blobs, window.model)
    assert forget.kind == "task" and forget.classes == (5, 6, 7, 8, 9)
    assert window.lab.extras["task_importance"].shape[0] == 2
    assert window.lab.recorded_model is window.model
    form = window.lab.panel.method_form
    form.combo.setCurrentIndex(form.combo.findData("si_forget"))
    if form.combo.currentIndex() < 0:
        form.combo.setCurrentIndex(form.combo.findText("si_forget", Qt.MatchFlag.MatchContains))
    original = window.model
    qtbot.mouseClick(window.lab.panel.unlearn_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.lab.busy and window.model is not original, timeout=180_000)
    assert window.model.meta["unlearning"]["forget"]["classes"] == [5, 6, 7, 8, 9]
    assert window.model.meta["unlearning"]["method"] == "si_forget"
