"""WindowFiles: the window's File menu work — save and load models, export metrics and plots.

Loading a model makes the window show that model: its history in the plots (or its evaluated
accuracy, per-class bars and confusion matrix when it has none), its settings and bugs in the
panels, its file name in the title.

Metrics go through the engine's :func:`~mugui.training.run_metrics.run_metrics`, so the window's
JSON has the same keys as ``mugui train --metrics``. Failures become a dialog, never a traceback.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFileDialog

from mugui import typicality_file
from mugui.atomic_write import write_atomically
from mugui.data.dataset import Dataset
from mugui.data.load import load_dataset
from mugui.errors import ConfigError, MuguiError
from mugui.gui.dialogs import show_error
from mugui.gui.loaded_model import show_loaded_model, show_loaded_settings
from mugui.gui.typicality_catch_up import FITTED_LOADED_TEXT, damaged_check_text
from mugui.gui.unsaved_work import unsaved_work_path
from mugui.metrics_json import write_metrics
from mugui.model_file import load_model, save_model
from mugui.runs.typicality_owed import file_sources
from mugui.training.config import TrainConfig
from mugui.training.run_metrics import metrics_csv, run_metrics
from mugui.training.trainer import History
from mugui.typicality import typicality_of

if TYPE_CHECKING:
    from mugui.gui.main_window import MainWindow

MODEL_FILES = "mugui model (*.npz)"
EXPERIMENT_FILES = "mugui experiment (*.npz)"
# a file trained on another data set: its curves are that set's, the bars and matrix this one's
OTHER_DATA_TEXT = "Loaded {name}: trained on {data}, not on {here}"
UNREADABLE_HISTORY_TEXT = "Loaded {name}; its training history is unreadable and is not shown"


class WindowFiles:
    """Reads and writes the files of ``window``'s model and run."""

    def __init__(self, window: MainWindow):
        self.window = window

    def open_data(self, source: str) -> None:
        """Load a data set in the background (``"bundled"`` or a folder of IDX files)."""
        window = self.window
        refusal = self.refusal("changing the data")
        if refusal is not None:
            window.statusBar().showMessage(refusal, 5000)
            return
        if window.loading_source is not None:
            return
        window.data_panel.show_loading(source)
        window.set_loading(source)

        def loaded(dataset: Dataset) -> None:
            window.dataset = dataset
            window.data_source = source
            window.set_loading(None)
            window.data_panel.show_dataset(source, dataset)
            window.lab.dataset_changed()
            window.show_class_names()
            window.statusBar().showMessage(f"Loaded {dataset.name}", 5000)

        def failed(error: Exception) -> None:
            window.set_loading(None)
            window.data_panel.show_dataset(window.data_source, window.dataset)
            show_error(window, "Cannot load the data", error)

        window.tasks.run(lambda: load_dataset(source), "load-data", loaded, failed)

    def refusal(self, what: str) -> str | None:
        """Why ``what`` (loading a model, opening an experiment or data) must wait, or None.

        Loading a model mid-run put the file's settings, preset and name on the window while the
        run went on drawing its epochs there and then was kept as a snapshot named after the
        file's preset; an experiment opened mid-Forget dropped the lab's original model and the
        Forget ended in an AttributeError."""
        if self.window.worker is not None:
            return f"Stop the training before {what}"
        if self.window.lab.busy:
            return f"Wait for the unlearning run to end (or Cancel it) before {what}"
        return None

    def save_model_to(self, path: str | Path) -> None:
        window = self.window
        if window.model is None:
            raise MuguiError("there is no model to save yet: train one first")
        metadata: dict = {"data": window.dataset.describe()}
        if window.history is not None:
            metadata["config"] = window.history.config
            metadata["history"] = window.history.to_dict()
        save_model(window.model, path, metadata)
        name = Path(path).name
        catch_up = window.typicality_catch_up
        if catch_up.owes(window.model):
            window.statusBar().showMessage(catch_up.saved_while_owed(window.model, name), 12000)
        else:
            window.statusBar().showMessage(f"Saved model {name}", 5000)

    def load_model_from(self, path: str | Path) -> None:
        window = self.window
        refusal = self.refusal("loading a model")
        if refusal is not None:
            raise MuguiError(refusal)
        model = load_model(path)
        config = _config_of(model.meta)
        if config is not None:
            show_loaded_settings(window, config, model.meta)
        else:
            window.hyperparameters.hidden.setValue(model.sizes[1])
            window.hyperparameters.set_architecture(model.architecture)
            window.update_preset_state()
        history = _history_of(model.meta, config)
        show_loaded_model(window, model, history, config.bugs if config else ())
        window.setWindowTitle(f"{Path(path).name} — mugui")
        trained_on = _data_name(model.meta)
        owed = typicality_of(model) is None  # a file from before the check, saved while owed
        sources = file_sources(model.meta, window.dataset) if owed else None  # or damaged
        if typicality_file.was_dropped(model.meta):
            window.statusBar().showMessage(damaged_check_text(Path(path).name, sources))
        elif trained_on is not None and trained_on != window.dataset.name:
            text = OTHER_DATA_TEXT.format(
                name=Path(path).name, data=trained_on, here=window.dataset.name
            )
            window.statusBar().showMessage(text, 15000)
        elif history is None and "history" in model.meta:
            window.statusBar().showMessage(UNREADABLE_HISTORY_TEXT.format(name=Path(path).name))
        else:
            window.statusBar().showMessage(
                f"Loaded model {Path(path).name} {model.describe()}", 5000
            )
        if sources is not None:
            window.typicality_catch_up.owe(model, sources, FITTED_LOADED_TEXT)

    def metrics(self) -> dict:
        """The run's metrics with the same JSON keys as ``mugui train --metrics``."""
        window = self.window
        if window.model is None:
            raise MuguiError("there are no metrics to export yet: train or load a model first")
        return run_metrics(window.model, window.dataset, window.history, window.active_bugs)

    def export_metrics(self, path: str | Path, kind: str) -> None:
        metrics = self.metrics()
        if kind == "json":
            write_metrics(path, metrics)
        else:
            text = metrics_csv(metrics, self.window.dataset.class_names)
            write_atomically(path, lambda handle: handle.write(text.encode("utf-8")))

    def export_plots(self, path: str | Path) -> None:
        image = self.window.columns.plots.grab()
        write_atomically(path, lambda handle: handle.write(_png_bytes(image)))

    def run_or_show_error(self, action: Callable[..., None], *args) -> None:
        """Call ``action(*args)``; a :class:`MuguiError` becomes an error dialog."""
        try:
            action(*args)
        except MuguiError as error:
            show_error(self.window, "mugui", error)

    def _ask_to_save(self, title: str, name: str, kinds: str, action, *args) -> None:
        """Ask where to save (``name`` suggested), then ``action(path, *args)``; errors as a dialog."""
        path, _ = QFileDialog.getSaveFileName(self.window, title, name, kinds)
        if path:
            self.run_or_show_error(action, path, *args)

    def _ask_to_open(self, title: str, kinds: str, action, what: str) -> None:
        """Ask which file to open, then ``action(path)``; errors as a dialog. While a run goes
        on, the status bar says why ``what`` must wait instead of asking."""
        refusal = self.refusal(what)
        if refusal is not None:
            self.window.statusBar().showMessage(refusal, 5000)
            return
        path, _ = QFileDialog.getOpenFileName(self.window, title, "", kinds)
        if path:
            self.run_or_show_error(action, path)

    def save_model_dialog(self) -> None:
        self._ask_to_save("Save model", "model.npz", MODEL_FILES, self.save_model_to)

    def load_model_dialog(self) -> None:
        self._ask_to_open("Load model", MODEL_FILES, self.load_model_from, "loading a model")

    def export_metrics_dialog(self, kind: str) -> None:
        self._ask_to_save(
            "Export metrics", f"metrics.{kind}", f"*.{kind}", self.export_metrics, kind
        )

    def save_experiment_dialog(self) -> None:
        lab = self.window.lab
        self._ask_to_save(
            "Save experiment", "experiment.npz", EXPERIMENT_FILES, lab.save_experiment
        )

    def open_experiment_dialog(self) -> None:
        self._ask_to_open(
            "Open experiment",
            EXPERIMENT_FILES,
            self.window.lab.open_experiment,
            "opening an experiment",
        )

    def open_unsaved_work(self) -> None:
        """Open the work the last session kept when it closed (see :mod:`unsaved_work`)."""
        refusal = self.refusal("opening an experiment")
        if refusal is not None:
            self.window.statusBar().showMessage(refusal, 5000)
            return
        path = unsaved_work_path(self.window.settings)
        self.run_or_show_error(self.window.lab.open_experiment, path)

    def export_unlearning_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.window, "Export the unlearning figures (PNG, SVG) and tables (CSV, JSON)"
        )
        if folder:
            self.run_or_show_error(self.window.lab.export_figures, folder)

    def export_plots_dialog(self) -> None:
        self._ask_to_save("Export plots", "plots.png", "PNG image (*.png)", self.export_plots)


def _config_of(meta: dict) -> TrainConfig | None:
    """The training configuration a model file records, None when it has none or a bad one."""
    config = meta.get("config")
    if not isinstance(config, dict):
        return None
    try:
        return TrainConfig.from_dict(config)
    except (ConfigError, TypeError, ValueError):
        return None


def _data_name(meta: dict) -> str | None:
    """The name of the data set a model file says it was trained on (None if it does not)."""
    data = meta.get("data")
    name = data.get("name") if isinstance(data, dict) else None
    return name if isinstance(name, str) and name else None


EPOCH_FIGURES = ("epoch", "loss", "train_accuracy", "test_accuracy")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_bug_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(name, str) for name in value)


def _readable_history(data: dict) -> bool:
    """Whether a file's history holds what the plots and the exports read, in the right types:
    a hand-edited or damaged one (``"seconds": "abc"``, ``"epochs": [1, 2]``) raised ValueError
    or AttributeError in the middle of loading, after the panels had changed."""
    epochs, changes = data.get("epochs"), data.get("bug_changes") or []
    if not isinstance(epochs, list) or not isinstance(changes, list):
        return False
    for epoch in epochs:
        if not isinstance(epoch, dict) or not all(_is_number(epoch.get(k)) for k in EPOCH_FIGURES):
            return False
        if not _is_bug_list(epoch.get("bugs")):
            return False
        per_class = epoch.get("per_class_accuracy", [])
        if not isinstance(per_class, list) or not all(_is_number(v) for v in per_class):
            return False
        reported = epoch.get("reported_accuracy")
        if epoch.get("reported_on") == "train" and not _is_number(reported):
            return False
    for change in changes:
        if not isinstance(change, dict) or not _is_number(change.get("epoch")):
            return False
        if not _is_bug_list(change.get("bugs")):
            return False
    return all(_is_number(data.get(k) or 0.0) for k in ("seconds", "samples_per_second"))


def _history_of(meta: dict, config: TrainConfig | None) -> History | None:
    """The training history a model file records, None when it has none or an unreadable one."""
    data = meta.get("history")
    if config is None or not isinstance(data, dict) or not _readable_history(data):
        return None
    seconds = float(data.get("seconds") or 0.0)
    return History(
        config=config.to_dict(),
        epochs=list(data["epochs"]),
        bug_changes=list(data.get("bug_changes") or []),
        finished=str(data.get("finished") or ""),
        message=str(data.get("message") or ""),
        seconds=seconds,
        samples=int(float(data.get("samples_per_second") or 0.0) * seconds),
    )


def _png_bytes(pixmap: QPixmap) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not pixmap.save(buffer, "PNG"):
        raise MuguiError("could not encode the plots as PNG")
    return bytes(buffer.data())
