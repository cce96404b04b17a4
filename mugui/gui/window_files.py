"""WindowFiles: the window's File menu work — save and load models, export metrics and plots.

Metrics go through the engine's :func:`~mugui.training.run_metrics.run_metrics`, so the window's
JSON has the same keys as ``mugui train --metrics``. Failures become a dialog, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFileDialog

from mugui.atomic_write import write_atomically
from mugui.errors import ConfigError, MuguiError
from mugui.gui.dialogs import show_error
from mugui.metrics_json import write_metrics
from mugui.model_file import load_model, save_model
from mugui.training.config import TrainConfig
from mugui.training.run_metrics import metrics_csv, run_metrics

if TYPE_CHECKING:
    from mugui.gui.main_window import MainWindow


class WindowFiles:
    """Reads and writes the files of ``window``'s model and run."""

    def __init__(self, window: MainWindow):
        self.window = window

    def save_model_to(self, path: str | Path) -> None:
        window = self.window
        if window.model is None:
            raise MuguiError("there is no model to save yet: train one first")
        metadata: dict = {"data": window.dataset.describe()}
        if window.history is not None:
            metadata["config"] = window.history.config
            metadata["history"] = window.history.to_dict()
        save_model(window.model, path, metadata)

    def load_model_from(self, path: str | Path) -> None:
        window = self.window
        model = load_model(path)
        config = model.meta.get("config")
        if isinstance(config, dict):
            try:
                window.hyperparameters.set_config(TrainConfig.from_dict(config).replace(bugs=()))
            except (ConfigError, TypeError):
                window.hyperparameters.hidden.setValue(model.sizes[1])
        window.history = None
        window.set_model(model)
        window.statusBar().showMessage(f"Loaded model {Path(path).name} {model.sizes}", 5000)

    def metrics(self) -> dict:
        """The run's metrics with the same JSON keys as ``mugui train --metrics``."""
        window = self.window
        if window.model is None or window.history is None or not window.history.epochs:
            raise MuguiError("there are no metrics to export yet: train first")
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

    def save_model_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Save model", "model.npz", "mugui model (*.npz)"
        )
        if path:
            self.run_or_show_error(self.save_model_to, path)

    def load_model_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Load model", "", "mugui model (*.npz)")
        if path:
            self.run_or_show_error(self.load_model_from, path)

    def export_metrics_dialog(self, kind: str) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Export metrics", f"metrics.{kind}", f"*.{kind}"
        )
        if path:
            self.run_or_show_error(self.export_metrics, path, kind)

    def export_plots_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.window, "Export plots", "plots.png", "PNG image (*.png)"
        )
        if path:
            self.run_or_show_error(self.export_plots, path)


def _png_bytes(pixmap: QPixmap) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not pixmap.save(buffer, "PNG"):
        raise MuguiError("could not encode the plots as PNG")
    return bytes(buffer.data())
