"""The preset panel names the settings shown: after the demo mode's Fix step (View → Demo mode)
and after opening an experiment."""

import pytest

from mugui.gui import MainWindow


@pytest.fixture
def window(lab_window):
    return lab_window


def test_the_fix_step_shows_its_settings_as_custom_from_nnc(window, monkeypatch):
    started = []
    monkeypatch.setattr(window, "start_training", lambda: started.append(window.current_config()))
    window.lab.run_demo_step(2)
    assert window.bug_panel.preset_combo.currentText() == "nn.c as published"
    window.lab.run_demo_step(3)
    assert "batch_image_index" not in started[-1].bugs
    # the panel said "nn.c as published" and the snapshot "trained: nn.c as published"
    assert window.bug_panel.is_custom
    assert window.bug_panel.preset_combo.currentText() == "Custom (from nn.c)"
    assert "batch_image_index" in window.bug_panel.description.text()


def test_an_opened_experiment_shows_its_settings_as_custom(qtbot, window, small_dataset, tmp_path):
    window.choose_preset("nnc")
    window.hyperparameters.epochs.setValue(1)
    window.hyperparameters.hidden.setValue(16)
    window.start_training()
    qtbot.waitUntil(lambda: window.worker is None, timeout=120_000)
    path = window.lab.save_experiment(tmp_path / "nnc.npz")

    other = MainWindow(warm_up_kernels=False)  # starts on the healthy preset
    qtbot.addWidget(other)
    other.dataset = small_dataset
    other.lab.open_experiment(path)
    assert other.hyperparameters.config().lr == window.hyperparameters.config().lr
    # the panel said "Healthy default" and "lr 0.01" beside nn.c's lr 0.0005 and batches of 5;
    # then "Custom (from Healthy)" with nn.c's settings but not its bugs, which stayed unticked
    assert other.bug_panel.is_custom
    assert set(other.bug_panel.bugs()) == set(window.bug_panel.bugs())
    assert other.bug_panel.preset_combo.currentText() == "Custom (from nn.c)"
    assert other.bug_panel.description.text() == (
        "Custom: nn.c as published with hidden 16, epochs 1."
    )
    other.close()


def test_the_forget_step_forgets_the_5s_with_the_demo_method(qtbot, window, small_dataset):
    """Step 4 ran the panel's default method (one epoch of fine-tuning), which left a trained
    network recognising nearly every training 5: the demo told its story backwards."""
    from mugui.gui.lab_demo import DEMO_DIGIT, DEMO_METHOD

    window.choose_preset("healthy")
    window.hyperparameters.epochs.setValue(3)
    window.start_training()
    qtbot.waitUntil(lambda: window.worker is None, timeout=120_000)
    fives = small_dataset.train_x[small_dataset.train_y == DEMO_DIGIT]
    before = float((window.lab.timeline.snapshots[-1].model.predict(fives) == DEMO_DIGIT).mean())
    assert before > 0.5  # a trained network: there is something to forget
    window.lab.run_demo_step(4)
    qtbot.waitUntil(lambda: window.lab.outcome is not None and not window.lab.busy, timeout=120_000)
    assert window.lab.panel.method_form.name == DEMO_METHOD  # the panel shows what ran
    assert window.lab.outcome.method == DEMO_METHOD
    after = float((window.lab.outcome.model.predict(fives) == DEMO_DIGIT).mean())
    assert after <= 0.05


def test_the_labs_runs_say_what_runs_in_the_status_bar_and_the_verify_headline(
    qtbot, window, small_dataset
):
    """The Unlearning panel, which said what ran, is below the fold of the left column on stage;
    the status bar stayed empty and the Verify headline kept "Forget something, then press
    Verify." through a verification. (Each run is awaited before asserting, so that a failure
    does not close the window under a running thread.)"""
    lab, bar = window.lab, window.statusBar()
    window.hyperparameters.epochs.setValue(1)
    window.start_training()
    qtbot.waitUntil(lambda: window.worker is None, timeout=120_000)
    lab.run_demo_step(4)
    forgetting = bar.currentMessage()
    qtbot.waitUntil(lambda: lab.outcome is not None and not lab.busy, timeout=120_000)
    after_forgetting = bar.currentMessage()
    lab.run_demo_step(5)
    verifying, headline = bar.currentMessage(), lab.verify_view.verdict_label.text()
    qtbot.waitUntil(lambda: not lab.busy, timeout=300_000)
    assert forgetting.startswith("Zero the output unit: forgetting")  # output_zero's title
    assert after_forgetting == ""  # cleared when the run ended
    assert verifying.startswith("Verifying")
    assert headline.startswith("Verifying")
    assert not lab.verify_view.verdict_label.text().startswith("Verifying")  # the verdicts
