"""The unlearning lab's files: the experiment it saves and opens, and the figures it exports.

An experiment holds the current network, its training settings, the data source, my data, the
snapshots and the last report (:mod:`mugui.experiment`); opening one changes nothing on error,
and makes the window show its network as loading a model file does.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from mugui import typicality_file
from mugui.data.load import load_dataset
from mugui.errors import MuguiError
from mugui.experiment import Experiment, load_experiment
from mugui.gui.figure_export import export_all
from mugui.gui.loaded_model import show_loaded_model, show_loaded_settings
from mugui.gui.typicality_catch_up import FITTED_LOADED_TEXT, damaged_check_text
from mugui.model import Model
from mugui.runs.typicality_owed import file_sources

if TYPE_CHECKING:
    from mugui.gui.unlearning_lab import UnlearningLab


def lab_experiment(lab: UnlearningLab) -> Experiment:
    """What "Save experiment" writes: the current network and everything the lab shows of it."""
    window = lab.window
    model = window.model
    if not isinstance(model, Model):
        raise MuguiError("there is no single-network model to save yet: train one first")
    config = model.meta.get("config")
    from mugui.runs.unlearn import training_config  # the pipeline: imported on first use

    return Experiment(
        model,
        training_config(model) if config else window.current_config(),
        window.data_source,
        lab.my_data.images,
        lab.my_data.labels,
        [s for s in lab.timeline.snapshots if isinstance(s.model, Model)],
        {"report": lab.report} if lab.report else {},
    )


def open_lab_experiment(lab: UnlearningLab, path: str | Path) -> None:
    """Load model, data source, my data, snapshots and the last report; nothing changes on error."""
    experiment = load_experiment(path)
    window = lab.window
    base = (
        window.dataset.without_user_samples()
        if experiment.data == window.data_source
        else load_dataset(experiment.data)
    )
    window.data_source = experiment.data
    window.dataset = experiment.dataset(base)
    window.data_panel.show_dataset(experiment.data, window.dataset)
    lab.my_data.blockSignals(True)
    lab.my_data.set_samples(experiment.user_images, experiment.user_labels)
    lab.my_data.blockSignals(False)
    lab.panel.picker.set_dataset(window.dataset)
    lab.timeline.set_snapshots(experiment.snapshots)
    lab.original = lab.outcome = lab.reference = None
    lab.report = experiment.metrics.get("report")
    if lab.report:
        lab.verify_view.show_saved_report(lab.report)
    elif lab.views.built:  # not the figures of the model the window showed before
        from mugui.gui.verify_view import NOTHING_TO_VERIFY  # built on first use

        lab.verify_view.clear(NOTHING_TO_VERIFY)
    show_loaded_settings(window, experiment.config, experiment.model.meta)
    # the training view shows the experiment's network: cleared curves, its evaluated per-class
    # accuracy and confusion matrix, its name in the title (as a loaded model file)
    show_loaded_model(
        window, experiment.model, None, tuple(experiment.config.bugs), "the experiment"
    )
    name = Path(path).name
    window.setWindowTitle(f"{name} — mugui")
    model = experiment.model
    if typicality_file.was_dropped(model.meta):  # refitted as a model file's would be
        sources = file_sources(model.meta, window.dataset)
        window.statusBar().showMessage(damaged_check_text(name, sources, "Opened"))
        if sources is not None:
            window.typicality_catch_up.owe(model, sources, FITTED_LOADED_TEXT)
        return
    window.statusBar().showMessage(
        f"Opened experiment {name}: {model.describe()}, {len(experiment.snapshots)} snapshot(s)",
        5000,
    )


def export_lab_figures(lab: UnlearningLab, folder: str | Path) -> tuple[list[Path], list[str]]:
    """Every unlearning plot drawn so far as PNG and SVG, and the Verify table (once verified)
    as CSV and JSON, into ``folder``; returns the files written and the figures left out.

    A figure whose view has not been drawn yet (its tab never shown, or the canvas comparison
    with nothing chosen) is left out: it was written at Qt's size for a widget never laid out,
    the hidden maps 100×30 px showing "Hidden spa", the comparison a blank 640×480."""
    if lab.outcome is None and lab.report is None:
        raise MuguiError(
            "there is nothing to export yet: forget something first (and press Verify for the "
            "table and the membership attack)"
        )
    figures = {
        # each plot with its title (a label above it, no longer in the plot's scene)
        "forget_retain": lab.live.curve_panel,
        "forget_per_class": lab.live.bar_panel,
        "membership_attack": lab.verify_view.mia.panel,
        "relearn_race": lab.verify_view.race.panel,
        "compare_probabilities": lab.compare,
        "hidden_map_original": lab.inspection.view.hidden_map.widgets[0],
        "hidden_map_unlearned": lab.inspection.view.hidden_map.widgets[1],
        "verify_table": lab.verify_view.table,
    }
    if lab.report is None:  # forgotten, not verified: the table is empty
        del figures["verify_table"]
    drawn = {name: widget for name, widget in figures.items() if _drawn(widget)}
    tables = {"verify": lab.verify_view.table} if lab.report is not None else {}
    written = export_all(folder, drawn, tables)
    return written, [name for name in figures if name not in drawn]


def _drawn(widget: QWidget) -> bool:
    """Whether ``widget`` has been laid out and is not hidden: a layout has given it a size."""
    return not widget.isHidden() and widget.testAttribute(Qt.WidgetAttribute.WA_Resized)
