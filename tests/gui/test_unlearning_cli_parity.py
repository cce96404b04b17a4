"""The window and `mugui unlearn` run the same engine code: same model, forget set, method and
seed give the same figures."""

import json

import pytest
from PySide6.QtWidgets import QComboBox

from mugui.cli.main import main as cli_main
from mugui.gui import MainWindow
from mugui.gui.training_toolbar import RunState

TIMEOUT = 120_000
FIGURES = ("before", "after", "reference", "gap")


def test_the_window_and_the_cli_give_identical_unlearning_figures(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("MUGUI_REFERENCE_CACHE", str(tmp_path / "references"))
    window = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(window)
    window.choose_preset("healthy")
    window.hyperparameters.epochs.setValue(1)
    window.hyperparameters.hidden.setValue(32)
    window.start_training()
    qtbot.waitUntil(
        lambda: window.run_state is RunState.IDLE and window.worker is None, timeout=TIMEOUT
    )
    model_path = tmp_path / "trained.npz"
    window.files.save_model_to(model_path)

    window.lab.panel.picker.set_digits([5])
    window.lab.panel.picker.set_mode("class")
    methods = window.findChild(QComboBox, "methodCombo")
    methods.setCurrentIndex(methods.findData("finetune"))
    for step in (window.lab.forget, window.lab.verify):
        with qtbot.waitSignal(window.lab.run_finished, timeout=TIMEOUT):
            step()
        assert window.lab.last_error is None, window.lab.last_error
    shown = window.lab.report
    window.close()

    metrics = tmp_path / "cli.json"
    code = cli_main(
        ["unlearn", "--model", str(model_path), "--forget-class", "5", "--method", "finetune",
         "--metrics", str(metrics)]
    )  # fmt: skip
    assert code == 0
    written = json.loads(metrics.read_text())
    assert written["params"] == shown["params"]
    assert written["forget"] == shown["forget"]
    for block in FIGURES:
        for key, value in shown[block].items():
            assert written[block][key] == pytest.approx(value, abs=1e-9), (block, key)
