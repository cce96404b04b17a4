"""The Hyperparameters panel's model choice trains a CNN, whose filters the hidden view shows."""

import numpy as np
import pytest
from PySide6.QtWidgets import QComboBox, QWidget

from mugui.architecture import CnnSpec
from mugui.gui import MainWindow
from mugui.gui.hidden_weights_view import HiddenWeightsView
from mugui.model import Model
from tests.gui.test_main_window import child, click, set_spin, wait_idle

# a clean clone compiles the CNN trainer's kernels in this test: several minutes of CPU
CNN_TIMEOUT = 1_500_000


@pytest.mark.timeout(1800)
def test_choosing_the_cnn_trains_one_and_shows_its_filters(qtbot, tmp_path):
    window = MainWindow()
    qtbot.addWidget(window)
    combo = child(window, QComboBox, "modelCombo")
    assert combo.currentData() == "mlp" and "CNN" in combo.toolTip()
    combo.setCurrentIndex(combo.findData("cnn"))
    config = window.current_config()
    assert (config.architecture, config.lr, config.epochs) == ("cnn", 0.05, 6)
    assert not child(window, QWidget, "hidden2Spin").isEnabled()
    set_spin(window, "epochsSpin", 1)
    set_spin(window, "hiddenSpin", 16)
    click(qtbot, window, "trainButton")
    wait_idle(qtbot, window, CNN_TIMEOUT)
    assert window.model.is_cnn and window.last_epoch.test_accuracy > 0.8
    assert window.hidden_weights.shows_filters and "filters" in window.hidden_weights.title
    window.files.save_model_to(tmp_path / "cnn.npz")
    trained = window.model
    combo.setCurrentIndex(combo.findData("mlp"))
    assert window.current_config().architecture == "mlp"
    window.files.load_model_from(tmp_path / "cnn.npz")
    assert window.model.is_cnn and np.array_equal(window.model.params, trained.params)
    assert combo.currentData() == "cnn" and window.hidden_weights.shows_filters


def test_the_view_tiles_a_cnns_filters_as_5x5_images(qtbot):
    view = HiddenWeightsView()
    qtbot.addWidget(view)
    view.show_model(Model.init((784, 16, 10), 0))
    assert not view.shows_filters and "Hidden-unit" in view.title
    view.show_model(Model.init(CnnSpec(8, 16, 32), 0))
    assert view.shows_filters and view.units_shown == 8 and "5×5" in view.title


def test_the_method_form_shows_the_current_models_defaults(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    form = window.lab.panel.method_form
    form.set_method("neggrad_plus")
    mlp_defaults, cnn_defaults = form.method.defaults(), form.method.defaults(architecture="cnn")
    assert form.params() == mlp_defaults != cnn_defaults
    window.set_model(Model.init(CnnSpec(hidden=16), seed=0))
    assert form.architecture == "cnn" and form.params() == cnn_defaults
    form.set_param("epochs", 7)  # the user still sets every parameter
    assert form.params() == cnn_defaults | {"epochs": 7}
    window.set_model(Model.init((784, 16, 10), seed=0))
    assert form.params() == mlp_defaults
