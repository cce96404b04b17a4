"""MainWindow: composes the panels, plots and probe, and steers the engine through workers.

Left: data, hyperparameters, bugs and presets, unlearning, snapshots. Centre: live training plots,
the forgetting view and the Verify view as tabs. Right: the drawing canvas, the model's input, its
prediction, my data and the comparison with snapshots. All engine work runs in
:mod:`mugui.gui.worker` threads. This class composes the widgets and holds the window's state;
the jobs live beside it: the training run (``window_training``), layout (``window_columns``),
menus (``window_menus``), files and exports (``window_files``), theme and presentation
(``window_look``), settings (``window_settings``), background tasks (``task_runner``,
``kernel_warm_up``, ``typicality_catch_up``), the unlearning story (``unlearning_lab``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QToolBar

from mugui import kernel_cache_health
from mugui.config_changes import config_changes
from mugui.data.dataset import Dataset
from mugui.data.load import BUNDLED, load_dataset
from mugui.errors import MuguiError
from mugui.gui.bug_panel import BugPanel
from mugui.gui.collapsible_section import CollapsibleSection
from mugui.gui.confusion_matrix_view import TITLE as CONFUSION_TITLE
from mugui.gui.confusion_matrix_view import ConfusionMatrixView
from mugui.gui.curve_plots import CurvePlots
from mugui.gui.data_panel import DataPanel
from mugui.gui.dialogs import show_warning
from mugui.gui.digit_probe import DigitProbe
from mugui.gui.gui_thread_gc import collect_on_gui_thread
from mugui.gui.hidden_weights_view import HiddenWeightsView
from mugui.gui.hyperparameter_panel import HyperparameterPanel
from mugui.gui.kernel_warm_up import KernelWarmUp
from mugui.gui.misclassified_gallery import MisclassifiedGallery, cell_indices
from mugui.gui.per_class_plot import TITLE as PER_CLASS_TITLE
from mugui.gui.per_class_plot import PerClassPlot
from mugui.gui.space_to_train import SpaceToTrain
from mugui.gui.staggered_updates import StaggeredUpdates
from mugui.gui.task_runner import TaskRunner
from mugui.gui.theme import Theme, apply_font, make_theme
from mugui.gui.training_status import TrainingStatus
from mugui.gui.training_toolbar import RunState, TrainingToolbar
from mugui.gui.typicality_catch_up import FITTED_LOADED_TEXT, TypicalityCatchUp
from mugui.gui.unlearning_lab import UnlearningLab
from mugui.gui.unsaved_work import keep_unsaved_work
from mugui.gui.window_columns import WindowColumns
from mugui.gui.window_files import WindowFiles
from mugui.gui.window_look import WindowLook
from mugui.gui.window_menus import build_menus
from mugui.gui.window_settings import restore_settings, save_settings
from mugui.gui.window_training import WindowTraining
from mugui.gui.worker import TrainingWorker
from mugui.model import Model
from mugui.presets import PRESETS
from mugui.runs.typicality_owed import class_sources
from mugui.training.config import TrainConfig
from mugui.training.events import EpochEnd
from mugui.training.trainer import History
from mugui.typicality import typicality_of
from mugui_kernels.flags import NO_NORMALIZE

if TYPE_CHECKING:
    import numpy as np

    from mugui.gui.task_lab import TaskLab  # imported when first opened: it is a window of its own

SETTINGS_ORGANISATION = "mugui"
SETTINGS_APPLICATION = "mugui"
WINDOW_TITLE = "mugui — machine unlearning lab"
DEFAULT_SIZE = (1280, 800)
# after the matrix's and bars' titles while another model than theirs is current
NOT_CURRENT = " (not the current model)"
CLOSE_WAIT_MS = 1_000  # a stopped run or a short task ends in this; longer, the window closes later


class MainWindow(QMainWindow):
    """The mugui window. ``MainWindow()`` loads the bundled digits and builds everything unshown.

    ``settings`` defaults to the user's mugui settings; ``warm_up_kernels`` loads or compiles the
    kernels in the background once the window has been painted, or at the first Train click
    (False leaves compilation to the first run).
    """

    TITLE = WINDOW_TITLE
    finally_closed = Signal()  # the window has closed, also when it hid first to let threads end

    def __init__(self, settings: QSettings | None = None, warm_up_kernels: bool = True):
        collect_on_gui_thread()  # cycles holding Qt objects are never freed in a worker thread
        apply_font(QApplication.instance(), make_theme(dark=False))  # every widget starts in it
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(WINDOW_TITLE)
        if settings is None:
            settings = QSettings(SETTINGS_ORGANISATION, SETTINGS_APPLICATION)
        self.settings = settings
        self.dataset: Dataset = load_dataset(BUNDLED)
        self.data_source = BUNDLED
        self.model: Model | None = None
        # the network whose test predictions the confusion matrix counts; after a Forget or a
        # snapshot click it is no longer the current model, and a cell's gallery must match it
        self.matrix_model: Model | None = None
        self.history: History | None = None
        self.last_epoch: EpochEnd | None = None
        self.worker: TrainingWorker | None = None
        self.tasks = TaskRunner(self)
        self.training = WindowTraining(self)
        self.tasks.idle.connect(self._close_if_closing)
        self.loading_source: str | None = None  # the data set being loaded, if any
        self.closing = False  # the user closed the window; it closes once the threads have ended
        self.closed = False
        self.active_bugs: tuple[str, ...] = ()

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
        self.files = WindowFiles(self)
        self.look = WindowLook(self)
        self.gallery = MisclassifiedGallery(self)
        self.lab = UnlearningLab(self)
        self.task_lab: TaskLab | None = None
        self.addToolBar(self.toolbar)
        self.demo_bar = QToolBar("Demo steps", self)
        self.demo_bar.setObjectName("demoBar")
        self.demo_bar.addWidget(self.lab.demo)
        self.demo_bar.setVisible(False)
        self.addToolBarBreak()
        self.addToolBar(self.demo_bar)
        self.statusBar().addPermanentWidget(self.training_status)
        self.sections = self._build_sections()
        self.columns = WindowColumns(
            self.sections,
            self.curves,
            self.per_class,
            self.confusion,
            self.hidden_weights,
            self.probe,
            views=dict(self.lab.views.slots),  # each builds the lab's views when first shown
            under_probe=(self.lab.my_data, self.lab.compare),
        )
        self.setCentralWidget(self.columns)
        self.resize(*DEFAULT_SIZE)
        self.actions = build_menus(self)
        self._connect()
        self.space_to_train = SpaceToTrain(self, self.toggle_training)
        self.run_label = ""

        self.data_panel.show_dataset(BUNDLED, self.dataset)
        self.lab.dataset_changed()
        self._apply_preset(self.bug_panel.preset_name)
        restore_settings(self)
        self.show_class_names()
        self.warm_up_task = KernelWarmUp(self)
        self.typicality_catch_up = TypicalityCatchUp(self)
        if kernel_cache_health.NOTICE:
            show_warning(self, "Kernel cache repaired", kernel_cache_health.NOTICE)
        if warm_up_kernels:
            self.warm_up_task.start_after_first_paint()
        else:
            self.statusBar().showMessage("Ready")

    # ----------------------------------------------------------------- building
    def _build_sections(self) -> dict[str, CollapsibleSection]:
        sections = {
            "data": CollapsibleSection("Data", self.data_panel),
            "hyperparameters": CollapsibleSection("Hyperparameters", self.hyperparameters),
            "bugs": CollapsibleSection("Bugs and presets", self.bug_panel),
            "unlearning": CollapsibleSection("Unlearning", self.lab.panel),
            "snapshots": CollapsibleSection("Snapshots", self.lab.snapshot_panel),
        }
        sections["unlearning"].setObjectName("unlearningSection")
        return sections

    def _connect(self) -> None:
        self.lab.run_finished.connect(self._close_if_closing)
        self.toolbar.train_button.clicked.connect(self.start_training)
        self.toolbar.pause_button.clicked.connect(self.toggle_pause)
        self.toolbar.stop_button.clicked.connect(self.stop_training)
        self.bug_panel.preset_chosen.connect(self._apply_preset)
        self.bug_panel.bugs_changed.connect(self.training.bugs_ticked)
        self.bug_panel.bugs_changed.connect(self.update_preset_state)
        self.hyperparameters.edited.connect(self.update_preset_state)
        self.data_panel.source_requested.connect(self.files.open_data)
        self.confusion.cell_clicked.connect(self.show_cell_digits)
        self.gallery.digit_chosen.connect(self.probe.canvas.set_image)

    # ----------------------------------------------------------------- configuration
    @Slot(str)
    def _apply_preset(self, name: str) -> None:
        config = PRESETS[name].config
        self.hyperparameters.set_config(config)
        self.bug_panel.set_bugs(config.bugs)
        self.bug_panel.show_preset()

    @Slot()
    def update_preset_state(self) -> None:
        """Show the preset, or "Custom (from <preset>)" with the changes once a setting differs."""
        try:
            current = self.current_config()
        except MuguiError:
            self.bug_panel.show_custom(["settings the engine refuses"])
            return
        changes = config_changes(PRESETS[self.bug_panel.preset_name].config, current)
        if changes:
            self.bug_panel.show_custom(changes)
        else:
            self.bug_panel.show_preset()

    def choose_preset(self, name: str) -> None:
        """Select preset ``name`` and load its whole configuration, as choosing it in the list does."""
        self.bug_panel.select_preset(name)
        self._apply_preset(name)

    def current_config(self) -> TrainConfig:
        """The preset's config with the edited hyperparameters and the ticked bugs."""
        return self.hyperparameters.config().replace(bugs=self.bug_panel.bugs())

    # ----------------------------------------------------------------- training
    @property
    def run_state(self) -> RunState:
        return self.training.state

    @Slot()
    def toggle_training(self) -> None:
        if self.run_state is RunState.IDLE:
            self.start_training()
        else:
            self.toggle_pause()

    @Slot()
    def start_training(self, record_updates: bool = False) -> None:
        """Train the current settings; ``record_updates`` keeps what Amnesiac needs."""
        self.training.start(record_updates)

    @Slot()
    def toggle_pause(self) -> None:
        self.training.toggle_pause()

    @Slot()
    def stop_training(self) -> None:
        self.training.stop()

    def set_loading(self, source: str | None) -> None:
        """Mark a data set as loading (Train waits: a run must not see its set swapped) or done."""
        self.loading_source = source
        self.training.set_state(self.run_state)

    def keep_finished_run(self) -> None:
        """Keep the run on the plots as a faded curve, labelled with its last test accuracy."""
        self.training.keep_finished_run()

    def set_model(self, model: Model) -> None:
        """Make ``model`` the window's model: the probe and hidden weights show it."""
        self.model = model
        self.probe.set_model(model)
        self.hidden_weights.show_model(model)
        self.lab.panel.method_form.set_architecture(model.architecture)  # its defaults
        self._name_matrix_model()

    def set_current_model(self, model) -> None:
        """Make ``model`` current: a network, or an ensemble (SISA) that only predicts."""
        if isinstance(model, Model):
            self.set_model(model)
        else:
            self.model = model
            self.probe.set_model(model)
            self._name_matrix_model()

    def _name_matrix_model(self) -> None:
        """The confusion matrix and per-class bars show the run's (or loaded file's) model; once
        a Forget or a snapshot made another model current, their titles say so: a drawn 5 read
        as 8 by the unlearned model sat beside a matrix getting 164 of 180 fives right."""
        import numpy as np  # loaded long before (the engine's); kept out of the start-up path

        shown, current = self.matrix_model, self.model
        same = shown is current or (
            isinstance(current, Model)
            and shown is not None
            and np.array_equal(shown.params, current.params)  # a run's last epoch, its end
        )
        suffix = "" if shown is None or same else NOT_CURRENT
        self.confusion.panel.set_title(f"{CONFUSION_TITLE}{suffix}")
        self.per_class.panel.set_title(f"{PER_CLASS_TITLE}{suffix}")

    def open_task_lab(self) -> TaskLab:
        """Show the task-by-task lab (one per window); its model can come back to the canvas."""
        if self.task_lab is None:
            from mugui.gui.task_lab import TaskLab

            self.task_lab = TaskLab(self.dataset, self)
            self.task_lab.set_architecture(self.hyperparameters.architecture.currentData())
            self.task_lab.model_chosen.connect(self._adopt_task_model)
            self.task_lab.idle.connect(self._close_if_closing)
        self.task_lab.set_dataset(self.dataset)
        self.task_lab.show()
        self.task_lab.raise_()
        return self.task_lab

    def _adopt_task_model(self, model: Model) -> None:
        self.set_current_model(model)
        if self.task_lab is not None and typicality_of(model) is None:
            sources = class_sources(self.dataset, self.task_lab.known_classes())
            self.typicality_catch_up.owe(model, sources, FITTED_LOADED_TEXT)
        self.lab.task_model_arrived(model, self.task_lab.extras if self.task_lab else {})
        self.statusBar().showMessage("The task-by-task model is on the canvas", 5000)

    def show_view(self, name: str) -> None:
        """Bring the centre's "training", "forgetting", "verify" or "inspect" view to the front."""
        names = ("training", "forgetting", "verify", "inspect")
        self.columns.views.setCurrentIndex(names.index(name))

    @Slot(bool)
    def set_demo_mode(self, on: bool) -> None:
        """Show the six numbered steps of the story above the window (View → Demo mode, F9)."""
        self.actions.demo.setChecked(bool(on))
        self.demo_bar.setVisible(bool(on))

    # ----------------------------------------------------------------- data
    @Slot(int, int)
    def show_cell_digits(self, true: int, predicted: int) -> None:
        """Open the gallery of the test digits in one confusion-matrix cell (after a click)."""
        if self.matrix_model is None:
            return
        flags = NO_NORMALIZE if "no_normalize" in self.active_bugs else 0
        guesses = self.matrix_model.predict_proba(self.dataset.test_x, flags).argmax(axis=1)
        rows = cell_indices(self.dataset.test_y, guesses, true, predicted)
        names = self.dataset.class_names
        self.gallery.show_cell(self.dataset.test_x[rows], names[true], names[predicted])
        self.gallery.show()
        self.gallery.raise_()

    def show_confusion(self, confusion: np.ndarray, model: Model) -> None:
        """Show ``model``'s confusion matrix; a click on a cell opens that model's digits."""
        self.confusion.set_counts(confusion)
        self.matrix_model = model
        # plain until the next model is made current (a run's epoch sets it just after): no
        # "(not the current model)" flickering at every epoch
        self.confusion.panel.set_title(CONFUSION_TITLE)
        self.per_class.panel.set_title(PER_CLASS_TITLE)

    def show_class_names(self) -> None:
        """Name the classes of the current data set on every view."""
        names = self.dataset.class_names
        self.per_class.set_class_names(names)
        self.confusion.set_class_names(names)
        self.probe.bars.set_class_names(names)

    # ----------------------------------------------------------------- look
    @property
    def theme(self) -> Theme:
        return self.look.theme

    @property
    def presentation(self) -> bool:
        return self.look.presentation

    @Slot(bool)
    def set_dark_theme(self, dark: bool) -> None:
        self.look.set_dark(dark)

    @Slot(bool)
    def toggle_presentation(self, on: bool | None = None) -> None:
        """Presentation mode on or off (F11); ``None`` switches it."""
        self.look.set_presentation((not self.look.presentation) if on is None else on)

    # ----------------------------------------------------------------- closing
    def _threads_running(self) -> bool:
        training = self.worker is not None and self.worker.is_running()
        task_lab = self.task_lab is not None and self.task_lab.busy
        return training or self.lab.busy or self.tasks.busy or task_lab

    @Slot()
    def _close_if_closing(self) -> None:
        if self.closing and not self.closed and not self._threads_running():
            QTimer.singleShot(0, self.close)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Space trains, pauses and resumes, unless the focused control uses Space itself
        (a checkbox, a button): only keys no child took arrive here."""
        if event.key() == Qt.Key.Key_Space and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.toggle_training()
        else:
            super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop the training and the compiler processes; a kernel load or a data load cannot be
        interrupted, so the window hides at once and closes when they end, instead of freezing
        or destroying a running thread."""
        first = not self.closing
        if first:
            self.closing = True
            save_settings(self)
            self.warm_up_task.shut_down()
        if self.worker is not None:
            self.worker.stop()
            self.worker.wait(CLOSE_WAIT_MS)
        if first:  # once the training has stopped changing the network
            keep_unsaved_work(self.lab, self.settings)
        self.lab.shut_down(CLOSE_WAIT_MS)
        if self.task_lab is not None:
            self.task_lab.shut_down(CLOSE_WAIT_MS)
        self.tasks.wait(CLOSE_WAIT_MS)
        if self._threads_running():
            self.hide()
            event.ignore()
            return
        self.closed = True
        super().closeEvent(event)
        self.finally_closed.emit()
