"""MainWindow: composes the panels, plots and probe, and steers the engine through workers.

Left: data, hyperparameters, bugs and presets (and the place of the unlearning panel). Centre:
live plots. Right: the drawing canvas, the model's input and its prediction. All engine work runs
in :mod:`mugui.gui.worker` threads; this class only wires widgets to engine calls.
"""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import numpy as np
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSettings, Qt, Slot
from PySide6.QtGui import QAction, QCloseEvent, QKeyEvent, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QLabel,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from mugui.atomic_write import write_atomically
from mugui.data.dataset import Dataset
from mugui.data.load import BUNDLED, load_dataset
from mugui.drawing.preprocess import to_model_input
from mugui.errors import ConfigError, MuguiError
from mugui.gui.bug_panel import BugPanel
from mugui.gui.collapsible_section import CollapsibleSection
from mugui.gui.confusion_matrix_view import ConfusionMatrixView
from mugui.gui.curve_plots import CurvePlots
from mugui.gui.data_panel import DataPanel
from mugui.gui.dialogs import show_about, show_error, show_help, show_warning
from mugui.gui.digit_probe import DigitProbe
from mugui.gui.hidden_weights_view import HiddenWeightsView
from mugui.gui.hyperparameter_panel import HyperparameterPanel
from mugui.gui.per_class_plot import PerClassPlot
from mugui.gui.staggered_updates import StaggeredUpdates
from mugui.gui.theme import Theme, apply_theme, make_theme
from mugui.gui.training_status import TrainingStatus
from mugui.gui.training_toolbar import RunState, TrainingToolbar
from mugui.gui.worker import BackgroundTask, TrainingWorker
from mugui.model import Model
from mugui.model_file import load_model, save_model
from mugui.presets import PRESETS
from mugui.training.config import TrainConfig
from mugui.training.events import BugsChanged, EpochEnd, Finished, Progress
from mugui.training.trainer import History, Trainer
from mugui.training.warmup import warm_up

SETTINGS_ORGANISATION = "mugui"
SETTINGS_APPLICATION = "mugui"
DEFAULT_SIZE = (1280, 800)
PRESENTATION_COLUMNS = (0.2, 0.52, 0.28)  # shares of the screen: panels, plots, probe
FINISHED_TEXT = {"completed": "finished", "stopped": "stopped", "diverged": "diverged"}


def compile_kernels() -> float:
    """Compile the training and the drawing kernels (run off the GUI thread); return seconds."""
    started = time.perf_counter()
    warm_up()
    ink = np.zeros((56, 56), np.float32)
    ink[10:46, 26:30] = 1.0
    to_model_input(ink)
    return time.perf_counter() - started


def bug_switch_label(before: tuple[str, ...], after: tuple[str, ...]) -> str:
    """``+name`` for each bug switched on, ``−name`` for each switched off."""
    on = [f"+{name}" for name in after if name not in before]
    off = [f"−{name}" for name in before if name not in after]
    return " ".join(on + off)


class MainWindow(QMainWindow):
    """The mugui window. ``MainWindow()`` loads the bundled digits and builds everything unshown.

    ``settings`` defaults to the user's mugui settings; ``warm_up_kernels`` compiles the training
    kernels in the background at once (False leaves compilation to the first run).
    """

    def __init__(self, settings: QSettings | None = None, warm_up_kernels: bool = True):
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle("mugui — machine unlearning lab")
        if settings is None:
            settings = QSettings(SETTINGS_ORGANISATION, SETTINGS_APPLICATION)
        self.settings = settings
        self.dataset: Dataset = load_dataset(BUNDLED)
        self.data_source = BUNDLED
        self.model: Model | None = None
        self.history: History | None = None
        self.last_epoch: EpochEnd | None = None
        self.worker: TrainingWorker | None = None
        self._tasks: set[BackgroundTask] = set()
        self._active_bugs: tuple[str, ...] = ()
        self._dark = False
        self._presentation = False
        self._geometry_before_presentation = QByteArray()
        self._columns_before_presentation: list[int] = []

        self.data_panel = DataPanel()
        self.hyperparameters = HyperparameterPanel()
        self.bug_panel = BugPanel()
        self.curves = CurvePlots()
        self.per_class = PerClassPlot()
        self.confusion = ConfusionMatrixView()
        self.hidden_weights = HiddenWeightsView()
        self.probe = DigitProbe()
        self.toolbar = TrainingToolbar(self)
        self.training_status = TrainingStatus()
        self.view_updates = StaggeredUpdates(self)
        self.addToolBar(self.toolbar)
        self.statusBar().addPermanentWidget(self.training_status)
        self._build_layout()
        self._build_menus()
        self._connect()

        self.data_panel.show_dataset(BUNDLED, self.dataset)
        self._apply_preset(self.bug_panel.preset_name)
        self._restore_settings()
        self._apply_theme()
        self._show_class_names()
        if warm_up_kernels:
            self._start_warm_up()
        else:
            self.statusBar().showMessage("Ready")

    # ----------------------------------------------------------------- building
    def _build_layout(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 6, 6)
        unlearning = QLabel(
            "Forgetting a digit or chosen samples, verifying against retraining and relearning "
            "arrive in the next version; their controls will appear here."
        )
        unlearning.setObjectName("hint")
        unlearning.setWordWrap(True)
        self.sections = {
            "data": CollapsibleSection("Data", self.data_panel),
            "hyperparameters": CollapsibleSection("Hyperparameters", self.hyperparameters),
            "bugs": CollapsibleSection("Bugs and presets", self.bug_panel),
            "unlearning": CollapsibleSection("Unlearning", unlearning, expanded=False),
        }
        self.sections["unlearning"].setObjectName("unlearningSection")
        for section in self.sections.values():
            left_layout.addWidget(section)
        left_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("panelColumn")
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(250)

        self.curves_split = QSplitter(Qt.Orientation.Vertical)
        self.curves_split.addWidget(self.curves)
        self.curves_split.addWidget(self.per_class)
        self.curves_split.setStretchFactor(0, 2)
        self.curves_split.setStretchFactor(1, 1)
        self.matrix_split = QSplitter(Qt.Orientation.Vertical)
        self.matrix_split.addWidget(self.confusion)
        self.matrix_split.addWidget(self.hidden_weights)
        self.plots = QSplitter(Qt.Orientation.Horizontal)
        self.plots.setObjectName("plotArea")
        self.plots.addWidget(self.curves_split)
        self.plots.addWidget(self.matrix_split)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 6, 6, 6)
        right_layout.addWidget(self.probe)
        right.setMinimumWidth(260)

        self.columns = QSplitter(Qt.Orientation.Horizontal)
        self.columns.setObjectName("columns")
        self.columns.addWidget(scroll)
        self.columns.addWidget(self.plots)
        self.columns.addWidget(right)
        self.columns.setStretchFactor(1, 1)
        self.columns.setSizes([270, 680, 330])
        self.setCentralWidget(self.columns)
        self.resize(*DEFAULT_SIZE)

    def _action(self, text: str, slot, shortcuts: tuple[str, ...] = (), tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addAction(self._action("Open data folder…", self.data_panel.choose_folder))
        file_menu.addSeparator()
        self.load_model_action = self._action("Load model…", self.load_model_dialog, ("Ctrl+O",))
        self.save_model_action = self._action("Save model…", self.save_model_dialog, ("Ctrl+S",))
        file_menu.addAction(self.load_model_action)
        file_menu.addAction(self.save_model_action)
        file_menu.addSeparator()
        file_menu.addAction(
            self._action("Export metrics as JSON…", lambda: self.export_metrics_dialog("json"))
        )
        file_menu.addAction(
            self._action("Export metrics as CSV…", lambda: self.export_metrics_dialog("csv"))
        )
        file_menu.addAction(self._action("Export plots as PNG…", self.export_plots_dialog))
        file_menu.addSeparator()
        file_menu.addAction(self._action("Quit", self.close, ("Ctrl+Q",)))

        training = menu.addMenu("&Training")
        self.train_action = self._action(
            "Train / Pause / Resume",
            self.toggle_training,
            ("Ctrl+T",),
            "Train, or pause and resume (also Space)",
        )
        self.stop_action = self._action("Stop", self.stop_training, ("Esc", "Ctrl+."))
        training.addAction(self.train_action)
        training.addAction(self.stop_action)
        training.addSeparator()
        training.addAction(self._action("Clear canvas", self.probe.clear, ("Ctrl+L",)))
        training.addAction(self._action("Undo stroke", self.probe.canvas.undo_stroke, ("Ctrl+Z",)))

        view = menu.addMenu("&View")
        self.presentation_action = self._action(
            "Presentation mode", self.toggle_presentation, ("F11",)
        )
        self.presentation_action.setCheckable(True)
        self.dark_action = self._action("Dark theme", self.set_dark_theme, ("Ctrl+Shift+D",))
        self.dark_action.setCheckable(True)
        view.addAction(self.presentation_action)
        view.addAction(self.dark_action)

        help_menu = menu.addMenu("&Help")
        help_menu.addAction(self._action("Help", lambda: show_help(self), ("F1",)))
        help_menu.addAction(self._action("About mugui", lambda: show_about(self)))

    def _connect(self) -> None:
        self.toolbar.train_button.clicked.connect(self.start_training)
        self.toolbar.pause_button.clicked.connect(self.toggle_pause)
        self.toolbar.stop_button.clicked.connect(self.stop_training)
        self.bug_panel.preset_chosen.connect(self._apply_preset)
        self.bug_panel.bugs_changed.connect(self._on_bugs_ticked)
        self.data_panel.source_requested.connect(self.open_data)

    # ----------------------------------------------------------------- configuration
    @Slot(str)
    def _apply_preset(self, name: str) -> None:
        config = PRESETS[name].config
        self.hyperparameters.set_config(config)
        self.bug_panel.set_bugs(config.bugs)

    def choose_preset(self, name: str) -> None:
        """Select preset ``name`` and load its whole configuration, as choosing it in the list does."""
        self.bug_panel.select_preset(name)
        self._apply_preset(name)

    def current_config(self) -> TrainConfig:
        """The preset's config with the edited hyperparameters and the ticked bugs."""
        return self.hyperparameters.config().replace(bugs=self.bug_panel.bugs())

    @Slot(tuple)
    def _on_bugs_ticked(self, bugs: tuple[str, ...]) -> None:
        if self.worker is None:
            return
        self.worker.set_bugs(bugs)
        label = bug_switch_label(self._active_bugs, bugs) or "no change"
        self.statusBar().showMessage(f"Bugs {label}: from the start of the next epoch", 5000)

    # ----------------------------------------------------------------- training
    @property
    def run_state(self) -> RunState:
        return self.toolbar.state

    @Slot()
    def toggle_training(self) -> None:
        if self.run_state is RunState.IDLE:
            self.start_training()
        else:
            self.toggle_pause()

    @Slot()
    def start_training(self) -> None:
        if self.worker is not None:
            return
        try:
            config = self.current_config().validate(self.dataset.n_train)
            trainer = Trainer(self.dataset, config)
        except MuguiError as error:
            show_error(self, "Cannot start training", error)
            return
        self.history = trainer.history
        self.last_epoch = None
        self._active_bugs = config.bugs
        self.curves.reset(config.epochs)
        self.per_class.clear()
        self.confusion.clear()
        self.training_status.reset()
        self.worker = TrainingWorker(trainer, self)
        self.worker.progress.connect(self._on_progress)
        self.worker.epoch_ended.connect(self._on_epoch_end)
        self.worker.bugs_changed.connect(self._on_bugs_changed)
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self._on_failed)
        self.worker.thread_done.connect(self._on_thread_done)
        self._set_run_state(RunState.RUNNING)
        self.statusBar().showMessage(
            f"Training {config.sizes} for {config.epochs} epochs on {self.dataset.n_train:,} images"
        )
        self.worker.start()

    @Slot()
    def toggle_pause(self) -> None:
        if self.worker is None:
            return
        if self.worker.is_paused:
            self.worker.resume()
            self._set_run_state(RunState.RUNNING)
            self.statusBar().showMessage("Resumed", 2000)
        else:
            self.worker.pause()
            self._set_run_state(RunState.PAUSED)
            self.training_status.bar.setFormat(self.training_status.bar.format() + " · paused")
            self.statusBar().showMessage("Paused: press Space or Resume to continue")

    @Slot()
    def stop_training(self) -> None:
        if self.worker is not None:
            self.worker.stop()
            self.statusBar().showMessage("Stopping…")

    def _set_run_state(self, state: RunState) -> None:
        self.toolbar.set_state(state)
        idle = state is RunState.IDLE
        self.hyperparameters.set_editable(idle)
        self.bug_panel.preset_combo.setEnabled(idle)
        self.data_panel.setEnabled(idle)
        self.load_model_action.setEnabled(idle)

    @Slot(list)
    def _on_progress(self, batch: list[Progress]) -> None:
        self.curves.add_progress([(p.epoch, p.fraction, p.loss) for p in batch])
        if self.run_state is not RunState.PAUSED:
            self.training_status.show_progress(batch[-1])

    @Slot(object, object)
    def _on_epoch_end(self, end: EpochEnd, model: Model) -> None:
        self.last_epoch = end
        reported = end.reported_accuracy if end.reported_on == "train" else None
        self.curves.add_epoch(end.epoch, end.loss, end.train_accuracy, end.test_accuracy, reported)
        self.view_updates.schedule(
            "per_class", lambda: self.per_class.set_accuracy(end.per_class_accuracy)
        )
        self.view_updates.schedule("confusion", lambda: self.confusion.set_counts(end.confusion))
        self.view_updates.schedule("model", lambda: self._set_model(model))

    @Slot(object)
    def _on_bugs_changed(self, change: BugsChanged) -> None:
        label = bug_switch_label(self._active_bugs, change.bugs)
        self._active_bugs = change.bugs
        self.curves.mark_bug_switch(change.epoch - 1, label)
        self.statusBar().showMessage(f"Epoch {change.epoch}: bugs {label}", 5000)

    @Slot(object, object)
    def _on_finished(self, finished: Finished, model: Model) -> None:
        self.view_updates.flush()
        self._set_model(model)
        self.training_status.show_finished(FINISHED_TEXT.get(finished.reason, finished.reason))
        if finished.reason == "diverged":
            self.statusBar().showMessage("Training diverged; the last good model is kept")
            show_warning(self, "Training diverged", finished.message)
        elif self.last_epoch is not None:
            self.statusBar().showMessage(
                f"Training {FINISHED_TEXT.get(finished.reason, finished.reason)}: "
                f"test accuracy {self.last_epoch.test_accuracy:.1%}"
            )
        else:
            self.statusBar().showMessage(finished.message or "Training stopped")

    @Slot(object)
    def _on_failed(self, error: Exception) -> None:
        self.view_updates.flush()
        show_error(self, "Training failed", error)

    @Slot()
    def _on_thread_done(self) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.deleteLater()
        self._set_run_state(RunState.IDLE)

    def _set_model(self, model: Model) -> None:
        self.model = model
        self.probe.set_model(model)
        self.hidden_weights.set_weights(model.layers()[0][0])

    # ----------------------------------------------------------------- background work
    def _run_task(self, function, name: str, on_result, on_error) -> BackgroundTask:
        task = BackgroundTask(function, name, self)
        task.returned.connect(on_result)
        task.errored.connect(on_error)
        self._tasks.add(task)

        def forget() -> None:
            self._tasks.discard(task)
            task.deleteLater()

        task.thread_done.connect(forget)
        task.start()
        return task

    def _start_warm_up(self) -> None:
        self.statusBar().showMessage(
            "Compiling the training kernels in the background (first launch: a few seconds)…"
        )
        self.probe.set_ready(False)
        self.warm_up_task = self._run_task(
            compile_kernels, "warm-up", self._on_warmed_up, self._on_warm_up_failed
        )

    @Slot(object)
    def _on_warmed_up(self, seconds: float) -> None:
        self.probe.set_ready(True)
        self.statusBar().showMessage(f"Ready: training kernels compiled in {seconds:.1f} s", 5000)

    @Slot(object)
    def _on_warm_up_failed(self, error: Exception) -> None:
        self.probe.set_ready(True)
        show_error(self, "Compiling the kernels failed", error)

    @Slot(str)
    def open_data(self, source: str) -> None:
        """Load a data set in the background (``"bundled"`` or a folder of IDX files)."""
        if self.worker is not None:
            self.statusBar().showMessage("Stop the training before changing the data", 5000)
            return
        self.data_panel.show_loading(source)
        self.data_panel.setEnabled(False)

        def loaded(dataset: Dataset) -> None:
            self.dataset = dataset
            self.data_source = source
            self.data_panel.setEnabled(True)
            self.data_panel.show_dataset(source, dataset)
            self._show_class_names()
            self.statusBar().showMessage(f"Loaded {dataset.name}", 5000)

        def failed(error: Exception) -> None:
            self.data_panel.setEnabled(True)
            self.data_panel.show_dataset(self.data_source, self.dataset)
            show_error(self, "Cannot load the data", error)

        self._run_task(lambda: load_dataset(source), "load-data", loaded, failed)

    def _show_class_names(self) -> None:
        names = self.dataset.class_names
        self.per_class.set_class_names(names)
        self.confusion.set_class_names(names)
        self.probe.bars.set_class_names(names)

    # ----------------------------------------------------------------- files
    def save_model_to(self, path: str | Path) -> None:
        if self.model is None:
            raise MuguiError("there is no model to save yet: train one first")
        metadata: dict = {"data": self.dataset.describe()}
        if self.history is not None:
            metadata["config"] = self.history.config
            metadata["history"] = self.history.to_dict()
        save_model(self.model, path, metadata)

    def load_model_from(self, path: str | Path) -> None:
        model = load_model(path)
        config = model.meta.get("config")
        if isinstance(config, dict):
            try:
                self.hyperparameters.set_config(TrainConfig.from_dict(config).replace(bugs=()))
            except (ConfigError, TypeError):
                self.hyperparameters.hidden.setValue(model.sizes[1])
        self.history = None
        self._set_model(model)
        self.statusBar().showMessage(f"Loaded model {Path(path).name} {model.sizes}", 5000)

    def metrics(self) -> dict:
        """The run's metrics with the SPEC's JSON keys (``config``, ``epochs``, ``final``…)."""
        if self.history is None or not self.history.epochs:
            raise MuguiError("there are no metrics to export yet: train first")
        data = self.history.to_dict()
        if self.last_epoch is not None:
            data["final"] = {
                "test_accuracy": self.last_epoch.test_accuracy,
                "per_class_accuracy": [float(a) for a in self.last_epoch.per_class_accuracy],
                "confusion": np.asarray(self.last_epoch.confusion).tolist(),
            }
        data["data"] = self.dataset.describe()
        return data

    def export_metrics(self, path: str | Path, kind: str) -> None:
        metrics = self.metrics()
        if kind == "json":
            text = json.dumps(metrics, indent=2)
        else:
            out = io.StringIO()
            writer = csv.writer(out)
            fields = [
                "epoch",
                "loss",
                "train_accuracy",
                "test_accuracy",
                "reported_accuracy",
                "reported_on",
                "seconds",
                "bugs",
            ]
            writer.writerow(fields + [f"accuracy_{name}" for name in self.dataset.class_names])
            for epoch in metrics["epochs"]:
                row = [epoch[f] for f in fields[:-1]] + [" ".join(epoch["bugs"])]
                writer.writerow(row + epoch["per_class_accuracy"])
            text = out.getvalue()
        write_atomically(path, lambda handle: handle.write(text.encode("utf-8")))

    def export_plots(self, path: str | Path) -> None:
        image = self.plots.grab()
        write_atomically(path, lambda handle: handle.write(_png_bytes(image)))

    def _file_action(self, action, *args) -> None:
        try:
            action(*args)
        except MuguiError as error:
            show_error(self, "mugui", error)

    @Slot()
    def save_model_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Save model", "model.npz", "mugui model (*.npz)"
        )
        if path:
            self._file_action(self.save_model_to, path)

    @Slot()
    def load_model_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load model", "", "mugui model (*.npz)")
        if path:
            self._file_action(self.load_model_from, path)

    def export_metrics_dialog(self, kind: str) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export metrics", f"metrics.{kind}", f"*.{kind}"
        )
        if path:
            self._file_action(self.export_metrics, path, kind)

    @Slot()
    def export_plots_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "Export plots", "plots.png", "PNG image (*.png)"
        )
        if path:
            self._file_action(self.export_plots, path)

    # ----------------------------------------------------------------- look
    @property
    def theme(self) -> Theme:
        return make_theme(self._dark, self._presentation)

    @Slot(bool)
    def set_dark_theme(self, dark: bool) -> None:
        self._dark = bool(dark)
        self.dark_action.setChecked(self._dark)
        self._apply_theme()

    @Slot(bool)
    def toggle_presentation(self, on: bool | None = None) -> None:
        """Full screen with larger fonts and high contrast (F11), or back to the normal window."""
        self._presentation = (not self._presentation) if on is None else bool(on)
        self.presentation_action.setChecked(self._presentation)
        if self._presentation:
            self._geometry_before_presentation = self.saveGeometry()
            self._columns_before_presentation = self.columns.sizes()
            self.showFullScreen()
            width = self.screen().geometry().width()
            self.columns.setSizes([int(width * share) for share in PRESENTATION_COLUMNS])
        else:
            self.showNormal()
            self.restoreGeometry(self._geometry_before_presentation)
            self.columns.setSizes(self._columns_before_presentation)
        self._apply_theme()

    @property
    def presentation(self) -> bool:
        return self._presentation

    def _apply_theme(self) -> None:
        theme = self.theme
        apply_theme(QApplication.instance(), theme)
        for view in (
            self.curves,
            self.per_class,
            self.confusion,
            self.hidden_weights,
            self.probe,
            self.toolbar,
        ):
            view.set_theme(theme)

    # ----------------------------------------------------------------- settings and closing
    def _restore_settings(self) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        for key, splitter in (
            ("columns", self.columns),
            ("plots", self.plots),
            ("curves", self.curves_split),
            ("matrix", self.matrix_split),
        ):
            state = s.value(f"window/{key}")
            if isinstance(state, QByteArray) and not state.isEmpty():
                splitter.restoreState(state)
        self._dark = s.value("view/dark", False, type=bool)
        self.dark_action.setChecked(self._dark)
        preset = s.value("training/preset", "", type=str)
        if preset in PRESETS:
            self.bug_panel.select_preset(preset)
        config = s.value("training/config", "", type=str)
        if config:
            try:
                restored = TrainConfig.from_dict(json.loads(config))
            except (ValueError, TypeError, MuguiError):
                restored = None
            if restored is not None:
                self.hyperparameters.set_config(restored)
                self.bug_panel.set_bugs(restored.bugs)
        self.probe.brush.setValue(s.value("probe/brush", self.probe.brush.value(), type=int))
        self.probe.abstain.setValue(s.value("probe/abstain", 0.0, type=float))
        for name, section in self.sections.items():
            section.set_expanded(s.value(f"sections/{name}", section.expanded, type=bool))

    def save_settings(self) -> None:
        s = self.settings
        geometry = self._geometry_before_presentation if self._presentation else self.saveGeometry()
        s.setValue("window/geometry", geometry)
        for key, splitter in (
            ("columns", self.columns),
            ("plots", self.plots),
            ("curves", self.curves_split),
            ("matrix", self.matrix_split),
        ):
            s.setValue(f"window/{key}", splitter.saveState())
        s.setValue("view/dark", self._dark)
        s.setValue("training/preset", self.bug_panel.preset_name)
        try:
            s.setValue("training/config", json.dumps(self.current_config().to_dict()))
        except ConfigError:
            s.remove("training/config")
        s.setValue("probe/brush", self.probe.brush.value())
        s.setValue("probe/abstain", self.probe.abstain.value())
        for name, section in self.sections.items():
            s.setValue(f"sections/{name}", section.expanded)
        s.sync()

    def shut_down(self) -> None:
        """Stop the training and wait for every worker thread to end (used when closing)."""
        if self.worker is not None:
            self.worker.stop()
            self.worker.wait()
        for task in list(self._tasks):
            task.wait()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Space trains, pauses and resumes, unless the focused control uses Space itself
        (a checkbox, a button): only keys no child took arrive here."""
        if event.key() == Qt.Key.Key_Space and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.toggle_training()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.shut_down()
        super().closeEvent(event)


def _png_bytes(pixmap: QPixmap) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not pixmap.save(buffer, "PNG"):
        raise MuguiError("could not encode the plots as PNG")
    return bytes(buffer.data())
