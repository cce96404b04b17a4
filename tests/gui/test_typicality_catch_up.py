"""A model trained on the numpy stand-ins (a first start, kernels still compiling) gets its
typicality check once the kernels are ready — in the background, and only for the weights it
was fitted for."""

import threading

import numpy as np
from PySide6.QtWidgets import QComboBox, QPushButton, QWidget

from mugui.gui import MainWindow
from mugui.gui import typicality_catch_up as catch_up_module
from mugui.gui.typicality_catch_up import FITTED_TEXT
from mugui.typicality import META_KEY, UNLIKE_TRAINING, typicality_of

TIMEOUT = 120_000


def first_start_window(qtbot, small_dataset):
    """A window whose kernels are "still compiling": runs train on the numpy stand-ins."""
    window = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(window)
    window.dataset = small_dataset
    window.warm_up_task.launched = True  # as if the warm-up had started and not finished
    assert not window.warm_up_task.training_ready.is_set()
    spins = (("epochsSpin", 5), ("hiddenSpin", 16), ("styleStrokesSpin", 0))
    for name, value in (*spins, ("outlierExposureSpin", 0)):
        window.findChild(QWidget, name).setValue(value)
    return window


def train_on_numpy(qtbot, window):
    window.findChild(QPushButton, "trainButton").click()
    trainer = window.worker.trainer
    qtbot.waitUntil(lambda: window.worker is None, timeout=TIMEOUT)
    assert trainer.epochs_on_numpy == 5 and trainer.typicality_left_out
    return window.model


def kernels_arrive(window):
    for part in ("training", "step", "rest", "drawing"):  # as the helper processes report them
        window.warm_up_task._on_loaded(part)


def far_input(window):
    """A lattice of thick lines on the canvas: no digit's features look like it."""
    ink = np.zeros_like(window.probe.canvas.array())
    side = ink.shape[0]
    low, high, width = side // 7, 6 * side // 7, side // 20
    for k in range(low, high, side // 10):
        ink[k : k + width, low:high] = 1.0
        ink[low:high, k : k + width] = 1.0
    window.probe._on_canvas_changed(ink)
    window.probe.predict_now()


def test_a_model_trained_before_the_kernels_gets_its_check_once_they_are_ready(
    qtbot, small_dataset
):
    window = first_start_window(qtbot, small_dataset)
    model = train_on_numpy(qtbot, window)
    assert typicality_of(model) is None and window.typicality_catch_up.owes(model)
    far_input(window)
    assert window.probe.bars.reason != UNLIKE_TRAINING  # no check yet
    before = model.params.copy()
    kernels_arrive(window)
    qtbot.waitUntil(lambda: typicality_of(window.model) is not None, timeout=TIMEOUT)
    assert window.model is model and np.array_equal(model.params, before)
    assert not window.typicality_catch_up.owes(model)
    assert window.statusBar().currentMessage() == FITTED_TEXT
    far_input(window)
    assert window.probe.bars.prediction_text == "?"
    assert window.probe.status.text() == f'"?": {UNLIKE_TRAINING}.'


def test_weights_that_changed_during_the_fit_get_no_stale_check(qtbot, small_dataset, monkeypatch):
    window = first_start_window(qtbot, small_dataset)
    model = train_on_numpy(qtbot, window)
    fitting, release = threading.Event(), threading.Event()
    fit = catch_up_module.fit_typicality

    def held_fit(weights, sources):
        fitting.set()
        release.wait(TIMEOUT / 1000)
        return fit(weights, sources)

    monkeypatch.setattr(catch_up_module, "fit_typicality", held_fit)
    kernels_arrive(window)
    qtbot.waitUntil(fitting.is_set, timeout=TIMEOUT)
    model.params[0] += np.float32(0.5)  # the weights change while the fit runs
    release.set()
    qtbot.waitUntil(lambda: not window.typicality_catch_up.owes(model), timeout=TIMEOUT)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=TIMEOUT)
    assert typicality_of(model) is None and META_KEY not in model.meta


def test_a_model_replaced_before_the_kernels_are_ready_is_not_fitted(qtbot, small_dataset):
    window = first_start_window(qtbot, small_dataset)
    first = train_on_numpy(qtbot, window)
    second = first.copy()
    second.params[0] += np.float32(0.5)
    window.set_model(second)  # e.g. a snapshot or a loaded model took its place
    kernels_arrive(window)
    assert not window.typicality_catch_up.owes(first) and not window.tasks.busy
    assert typicality_of(first) is None and typicality_of(second) is None


def test_a_model_unlearned_from_one_still_owed_its_check_gets_one_on_the_retained_data(
    qtbot, small_dataset
):
    window = first_start_window(qtbot, small_dataset)
    window.lab.dataset_changed()
    original = train_on_numpy(qtbot, window)
    for digit in range(10):
        window.findChild(QWidget, f"forgetDigitButton_{digit}").setChecked(digit == 3)
    mode = window.findChild(QComboBox, "forgetModeCombo")
    mode.setCurrentIndex(mode.findData("class"))
    methods = window.findChild(QComboBox, "methodCombo")
    methods.setCurrentIndex(methods.findData("finetune"))
    with qtbot.waitSignal(window.lab.run_finished, timeout=TIMEOUT):
        window.findChild(QPushButton, "unlearnButton").click()
    unlearned = window.model
    assert unlearned is not original and typicality_of(unlearned) is None
    assert window.typicality_catch_up.owes(unlearned)
    kernels_arrive(window)
    qtbot.waitUntil(lambda: typicality_of(unlearned) is not None, timeout=TIMEOUT)
    fitted = typicality_of(unlearned).components
    assert [3 not in c.classes and len(c.classes) == 9 for c in fitted] == [True]
    assert typicality_of(original) is None  # no longer the window's model: left as it was
