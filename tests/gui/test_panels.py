"""The left column's panels: presets, bug switches with teaching tooltips, hyperparameters, data."""

from PySide6.QtWidgets import QCheckBox

from mugui.bugs import BUGS
from mugui.gui.bug_panel import BugPanel
from mugui.gui.collapsible_section import CollapsibleSection
from mugui.gui.data_panel import BUNDLED, DataPanel
from mugui.gui.hyperparameter_panel import SHUFFLE_TEXT, HyperparameterPanel
from mugui.gui.training_status import TrainingStatus, format_duration
from mugui.gui.training_toolbar import RunState, TrainingToolbar
from mugui.presets import PRESETS
from mugui.training.config import TrainConfig
from mugui.training.events import Progress


def test_every_bug_has_a_checkbox_whose_tooltip_explains_it_and_names_its_source(qtbot):
    panel = BugPanel()
    qtbot.addWidget(panel)
    for bug in BUGS.values():
        check = panel.findChild(QCheckBox, f"bugCheck_{bug.name}")
        assert check is not None
        tip = check.toolTip()
        assert bug.summary[:30] in tip and bug.provenance in tip


def test_choosing_a_preset_announces_it_and_ticking_bugs_reports_all_ticked(qtbot):
    panel = BugPanel()
    qtbot.addWidget(panel)
    assert [panel.preset_combo.itemData(i) for i in range(panel.preset_combo.count())] == list(
        PRESETS
    )
    with qtbot.waitSignal(panel.preset_chosen) as chosen:
        panel.select_preset("nnc")
    assert chosen.args == ["nnc"]
    assert PRESETS["nnc"].description == panel.description.text()
    with qtbot.waitSignal(panel.bugs_changed) as changed:
        panel.checks["no_shuffle"].click()
    assert changed.args == [("no_shuffle",)]
    panel.set_bugs(("output_relu", "batch_image_index"))
    assert panel.bugs() == ("batch_image_index", "output_relu")


def test_hyperparameters_show_a_preset_and_return_it_edited(qtbot):
    panel = HyperparameterPanel()
    qtbot.addWidget(panel)
    preset = PRESETS["nnc"].config
    panel.set_config(preset)
    assert panel.config() == preset
    assert (
        "per-sample" in panel.summary.text()
        and SHUFFLE_TEXT[preset.shuffle] in panel.summary.text()
    )
    with qtbot.waitSignal(panel.edited):
        panel.epochs.setValue(3)
    panel.hidden.setValue(32)
    assert panel.config() == preset.replace(epochs=3, hidden=32)
    panel.set_editable(False)
    assert not panel.lr.isEnabled()


def test_a_second_hidden_layer_below_16_units_cannot_be_entered(qtbot):
    panel = HyperparameterPanel()
    qtbot.addWidget(panel)
    panel.hidden2.setValue(5)
    assert panel.hidden2.text() == "none"
    assert panel.config().hidden2 == 0


def test_default_hyperparameters_are_the_engine_defaults(qtbot):
    panel = HyperparameterPanel()
    qtbot.addWidget(panel)
    names = ["hiddenSpin", "lrSpin", "momentumSpin", "batchSpin", "epochsSpin", "seedSpin"]
    assert all(panel.findChild(object, name) is not None for name in names)
    assert panel.config() == TrainConfig()


def test_style_strokes_are_set_in_the_panel_with_a_tooltip_that_explains_them(qtbot):
    panel = HyperparameterPanel()
    qtbot.addWidget(panel)
    spin = panel.findChild(object, "styleStrokesSpin")
    assert spin is panel.style_strokes
    assert "crossed 7" in spin.toolTip() and "never trained on" in spin.toolTip()
    panel.set_config(TrainConfig(style_strokes=1500))
    assert spin.value() == 1500
    spin.setValue(3000)
    assert panel.config().style_strokes == 3000


def test_outlier_exposure_is_set_in_the_panel_with_a_tooltip_that_explains_it(qtbot):
    panel = HyperparameterPanel()
    qtbot.addWidget(panel)
    spin = panel.findChild(object, "outlierExposureSpin")
    assert spin is panel.outlier_exposure
    assert "uniform target" in spin.toolTip() and "'?'" in spin.toolTip()
    panel.set_config(TrainConfig(outlier_exposure=1000))
    assert spin.value() == 1000
    spin.setValue(2500)
    assert panel.config().outlier_exposure == 2500


def test_the_data_panel_summarises_the_data_set(qtbot, small_dataset):
    panel = DataPanel()
    qtbot.addWidget(panel)
    panel.show_dataset(BUNDLED, small_dataset)
    assert "1,000 training" in panel.summary.text() and "500 test" in panel.summary.text()
    panel.show_dataset("/data/fashion", small_dataset)
    assert panel.combo.currentData() == "/data/fashion"
    with qtbot.waitSignal(panel.source_requested) as requested:
        panel.combo.activated.emit(0)
    assert requested.args == [BUNDLED]


def test_the_toolbar_enables_what_makes_sense_in_each_state(qtbot):
    toolbar = TrainingToolbar()
    qtbot.addWidget(toolbar)

    def enabled():
        buttons = (toolbar.train_button, toolbar.pause_button, toolbar.stop_button)
        return tuple(button.isEnabled() for button in buttons)

    assert enabled() == (True, False, False)
    toolbar.set_state(RunState.RUNNING)
    assert enabled() == (False, True, True) and toolbar.pause_button.text() == "Pause"
    toolbar.set_state(RunState.PAUSED)
    assert toolbar.pause_button.text() == "Resume"


def test_the_status_shows_epoch_eta_and_rate(qtbot):
    status = TrainingStatus()
    qtbot.addWidget(status)
    status.show_progress(Progress(2, 4, 0.5, 0.3, 0.9, 41_000.0, 75.0))
    assert status.bar.objectName() == "progressBar"
    assert status.bar.value() == 375
    assert "epoch 2/4" in status.bar.format()
    assert "1:15" in status.rate.text() and "41,000 samples/s" in status.rate.text()
    assert format_duration(float("inf")) == "–" and format_duration(3723) == "1:02:03"


def test_a_section_folds_to_its_header(qtbot):
    section = CollapsibleSection("Unlearning", QCheckBox("x"), expanded=False)
    qtbot.addWidget(section)
    section.show()
    assert not section.body.isVisible()
    section.header.click()
    assert section.expanded and section.body.isVisible()


def test_second_hidden_layer_offers_only_sizes_the_engine_accepts(qtbot):
    from mugui.gui.hyperparameter_panel import HyperparameterPanel
    from mugui.training.config import TrainConfig

    panel = HyperparameterPanel()
    qtbot.addWidget(panel)
    panel.set_config(TrainConfig())
    assert panel.hidden2.text() == "none" and panel.config().hidden2 == 0
    panel.hidden2.stepUp()
    assert panel.config().hidden2 == 16
    panel.set_config(TrainConfig(hidden2=64))
    assert panel.config().hidden2 == 64


def test_deskew_and_augment_are_check_boxes_that_explain_themselves(qtbot):
    from mugui.training.config import SWITCHES

    panel = HyperparameterPanel()
    qtbot.addWidget(panel)
    for name, switch in SWITCHES.items():
        box = panel.findChild(QCheckBox, f"{name}Check")
        assert box is not None and box.toolTip() == switch.tooltip and not box.isChecked()
    panel.set_config(TrainConfig(deskew=True, elastic=10.0))
    assert panel.switches["deskew"].isChecked()
    with qtbot.waitSignal(panel.edited):
        panel.switches["augment"].setChecked(True)
    assert panel.config() == TrainConfig(deskew=True, augment=True, elastic=10.0)
    panel.set_editable(False)
    assert not panel.switches["deskew"].isEnabled()


def test_the_data_list_offers_the_fetched_full_mnist_when_it_is_there(qtbot, tmp_path, monkeypatch):
    from mugui.gui import data_panel

    monkeypatch.setattr(
        data_panel, "KNOWN_FOLDERS", (("Full MNIST (from mugui data fetch)", tmp_path / "mnist"),)
    )
    before = DataPanel()
    qtbot.addWidget(before)
    assert before.combo.count() == 1  # not fetched yet: not listed
    (tmp_path / "mnist").mkdir()
    panel = DataPanel()
    qtbot.addWidget(panel)
    assert panel.combo.itemData(1) == str(tmp_path / "mnist")


def test_the_fetch_cache_is_a_known_folder():
    from mugui.data.fetch import default_cache_dir
    from mugui.gui.data_panel import KNOWN_FOLDERS

    assert ("Full MNIST (from mugui data fetch)", default_cache_dir()) in KNOWN_FOLDERS


def test_a_summary_that_wraps_onto_more_lines_gets_their_height(qtbot):
    section = CollapsibleSection("Hyperparameters", HyperparameterPanel())
    qtbot.addWidget(section)
    section.setFixedWidth(200)
    section.show()
    qtbot.waitExposed(section)
    panel, summary = section.body, section.body.summary
    panel.set_config(PRESETS["nnc"].config)
    qtbot.wait(20)
    before = summary.height()
    panel.set_config(PRESETS["healthy"].config)  # a longer summary
    qtbot.wait(20)
    lines = summary.heightForWidth(summary.width())
    assert lines > before  # it wraps onto more lines at this width
    # the form layout kept the shorter text's height: the last line was cut and the text drawn
    # over the row above
    assert summary.height() >= lines


def test_the_unlearning_progress_bar_says_idle_before_any_run(qtbot):
    """Blank, the bar under Verify / Relearn read as an empty text field (the training's bar
    says "idle")."""
    from mugui.gui.unlearning_panel import UnlearningPanel

    panel = UnlearningPanel()
    qtbot.addWidget(panel)
    assert panel.progress.text() == "idle"
    panel.show_progress(0.5, "forgetting")
    assert panel.progress.text() == "50% forgetting"
