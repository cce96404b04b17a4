"""TaskLab: learn the digits task by task, watch earlier tasks fade (or not), forget a task.

A window of its own (Lab → Learn task by task…): the model (MLP or CNN), schedule, epochs per
task, the synaptic-
intelligence switch and strength, the dynamic network; the per-task accuracy plot with task bands;
"forget task k" by zeroing or re-drawing its weights or removing its units, compared task by task
with the model retrained without it. All work runs in :class:`EventWorker` threads.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mugui.continual.events import TaskEpochEnd, TaskStarted
from mugui.continual.task_config import TaskConfig
from mugui.continual.task_trainer import TaskTrainer
from mugui.continual.tasks import NAMED
from mugui.data.dataset import Dataset
from mugui.gui.controls import check_box, combo_box, int_spin, push_button, wrapping_label
from mugui.gui.dialogs import show_error
from mugui.gui.hyperparameter_panel import MODEL_TEXT
from mugui.gui.per_task_plot import PerTaskAccuracyPlot
from mugui.gui.worker import EventWorker
from mugui.model import Model
from mugui.runs.events import RunDone, RunProgress
from mugui.runs.task_forget import TaskForgetResult, task_forget_events
from mugui.training.config import FIELD_CHOICES, TrainConfig
from mugui.training.control import RunControl
from mugui.training.events import Finished, Progress
from mugui.unlearning.registry import Cancelled, get_method

SCHEDULES = (
    ("halves", "0–4, then 5–9"),
    ("pairs", "pairs: 0,1 · 2,3 · 4,5 · 6,7 · 8,9"),
    ("digits", "one digit per task"),
)
FORGET_WAYS: tuple[tuple[str, dict, str], ...] = (
    ("si_forget", {"mode": "zero"}, "zero its weights (SI)"),
    ("si_forget", {"mode": "randomize"}, "re-draw its weights (SI)"),
    ("unit_removal", {}, "remove its units (dynamic)"),
)
RECOMMENDED_SI = 10_000.0


class TaskLab(QWidget):
    """Emits ``model_chosen(Model)`` when the user sends the current task model to the canvas,
    and ``idle()`` whenever a run's thread has ended."""

    model_chosen = Signal(object)
    idle = Signal()

    def __init__(self, dataset: Dataset, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("taskLab")
        self.setWindowTitle("mugui — learning task by task")
        self.dataset = dataset
        self.trainer: TaskTrainer | None = None
        self.model: Model | None = None
        self.extras: dict = {}
        self.worker: EventWorker | None = None
        self.last_result: TaskForgetResult | None = None
        self.forgotten_tasks: set[int] = set()  # 1-based, since the model was trained
        self._build()
        self._update_enabled()

    def _build(self) -> None:
        self.architecture = combo_box(
            self,
            "taskModelCombo",
            "The network to train task by task. On the CNN, SI covers every parameter; the\n"
            "dynamic network's blocks are its dense hidden units, and its convolutions learn\n"
            "with the first task and stay frozen afterwards.",
        )
        for name in FIELD_CHOICES["architecture"].choices:
            self.architecture.addItem(MODEL_TEXT[name], name)
        self.schedule = combo_box(self, "taskScheduleCombo")
        for key, text in SCHEDULES:
            self.schedule.addItem(text, key)
        self.schedule.setToolTip(f"Which classes each task holds ({NAMED['halves']} …)")
        self.epochs = int_spin(self, "taskEpochsSpin", 1, 20, 3)
        self.si = check_box(
            self,
            "Synaptic intelligence penalty",
            "siPenaltyCheck",
            "Zenke, Poole & Ganguli 2017: each weight's importance to a task is the path integral\n"
            "of −gradient × update along that task, divided by how far the weight moved. The penalty\n"
            "c·ΣΩ(θ−θ*)² holds the weights earlier tasks rely on. Off: the network forgets them.",
            checked=True,
        )
        self.strength = QDoubleSpinBox(self)
        self.strength.setObjectName("siStrengthSpin")
        self.strength.setRange(1.0, 1_000_000.0)
        self.strength.setDecimals(0)
        self.strength.setSingleStep(1000.0)
        self.strength.setValue(RECOMMENDED_SI)
        self.strength.setToolTip(
            "c: higher keeps more of earlier tasks and learns less of new ones"
        )
        self.dynamic = check_box(
            self,
            "Dynamic network (each task its own units)",
            "dynamicNetworkCheck",
            "Every task trains its own block of hidden units, frozen afterwards and wired only to\n"
            "its own outputs; forgetting the task removes the block.",
        )
        self.train_button = push_button(self, "Train task by task", "trainTasksButton")
        self.stop_button = push_button(self, "Stop", "stopTasksButton")
        self.plot = PerTaskAccuracyPlot(self)

        self.forget_task = combo_box(self, "forgetTaskCombo")
        self.forget_way = combo_box(self, "taskMethodCombo")
        for method, params, text in FORGET_WAYS:
            self.forget_way.addItem(text, (method, params))
        self.repair = int_spin(
            self,
            "repairEpochsSpin",
            0,
            20,
            1,
            "Epochs of training on the other tasks' data after the removal",
        )
        self.forget_button = push_button(self, "Forget task", "forgetTaskButton")
        self.probe_button = push_button(
            self,
            "Probe on the canvas",
            "useTaskModelButton",
            "Make this model the window's current model, to draw on it",
        )
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("taskResultTable")
        self.table.setHorizontalHeaderLabels(["before", "after", "retrained without it"])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(150)
        self.table.setToolTip(
            "Test accuracy on each task's classes (argmax over all ten classes): before forgetting,\n"
            "after, and for a model retrained without the forgotten task (the target)"
        )
        self.progress = QProgressBar(self)
        self.progress.setObjectName("taskProgress")
        self.progress.setRange(0, 1000)
        self.status = wrapping_label(self, "taskStatus", "Choose the tasks and press Train.")

        learn = QGroupBox("Learn", self)
        form = QFormLayout(learn)
        form.addRow("Model", self.architecture)
        form.addRow("Tasks", self.schedule)
        form.addRow("Epochs per task", self.epochs)
        strength = QHBoxLayout()
        strength.addWidget(self.si)
        strength.addWidget(self.strength)
        form.addRow(strength)
        form.addRow(self.dynamic)
        buttons = QHBoxLayout()
        buttons.addWidget(self.train_button)
        buttons.addWidget(self.stop_button)
        form.addRow(buttons)
        forget = QGroupBox("Forget a task", self)
        form = QFormLayout(forget)
        form.addRow("Task", self.forget_task)
        form.addRow("How", self.forget_way)
        form.addRow("Repair epochs", self.repair)
        form.addRow(self.forget_button)
        form.addRow(self.probe_button)
        left = QVBoxLayout()
        left.addWidget(learn)
        left.addWidget(forget)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.plot, 1)
        right.addWidget(self.table)
        right.addWidget(self.progress)
        right.addWidget(self.status)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 0)
        layout.addLayout(right, 1)
        self.resize(1100, 620)

        self.train_button.clicked.connect(self.train)
        self.stop_button.clicked.connect(self.stop)
        self.forget_button.clicked.connect(self.forget)
        self.probe_button.clicked.connect(lambda: self.model_chosen.emit(self.model))
        self.si.toggled.connect(self.strength.setEnabled)
        self.forget_way.currentIndexChanged.connect(self._update_enabled)
        self.architecture.currentIndexChanged.connect(self._on_architecture)

    def set_dataset(self, dataset: Dataset) -> None:
        self.dataset = dataset

    def set_architecture(self, name: str) -> None:
        """Choose the model to train ("mlp" or "cnn"), as the Hyperparameters panel does."""
        self.architecture.setCurrentIndex(self.architecture.findData(name))

    @Slot()
    def _on_architecture(self) -> None:
        """The repair epochs follow si_forget's default for the chosen network."""
        defaults = get_method("si_forget").defaults(architecture=self.architecture.currentData())
        self.repair.setValue(int(defaults["repair_epochs"]))

    def config(self) -> TaskConfig:
        return TaskConfig(
            tasks=self.schedule.currentData(),
            train=TrainConfig(
                architecture=self.architecture.currentData(),
                hidden=256,
                epochs=self.epochs.value(),
            ),
            epochs_per_task=self.epochs.value(),
            si_strength=self.strength.value() if self.si.isChecked() else 0.0,
            dynamic=self.dynamic.isChecked(),
        )

    @Slot()
    def train(self) -> None:
        if self.busy:
            return
        try:
            config = self.config()
            trainer = TaskTrainer(self.dataset, config)
        except Exception as exc:  # noqa: BLE001 - a bad setting becomes a dialog
            show_error(self, "Cannot train task by task", exc)
            return
        self.trainer = trainer
        self.plot.start(config.tasks, config.epochs_per_task)
        self.table.setRowCount(0)
        self._run(trainer.run, trainer.control, "tasks")

    @Slot()
    def forget(self) -> None:
        if self.busy or self.model is None:
            return
        method, params = self.forget_way.currentData()
        params = dict(params)
        if method == "si_forget":
            params["repair_epochs"] = self.repair.value()
        task = self.forget_task.currentIndex() + 1
        control = RunControl()
        model, dataset, extras = self.model, self.dataset, self.extras
        self._run(
            lambda: task_forget_events(model, dataset, extras, task, method, params, control),
            control,
            "forget-task",
        )

    def known_classes(self) -> tuple[int, ...]:
        """The classes the current model learned in its tasks and has not been made to forget."""
        tasks = self.trainer.config.tasks if self.trainer is not None else ()
        return tuple(
            sorted(
                {int(c) for k, t in enumerate(tasks, 1) if k not in self.forgotten_tasks for c in t}
            )
        )

    @Slot()
    def stop(self) -> None:
        if self.worker is not None:
            self.worker.cancel()

    @property
    def busy(self) -> bool:
        return self.worker is not None

    def _run(self, make_events, control: RunControl, name: str) -> None:
        self.worker = EventWorker(make_events, control, name, self)
        self.worker.event.connect(self._on_event)
        self.worker.failed.connect(self._on_failed)
        self.worker.thread_done.connect(self._on_done)
        self.progress.setValue(0)
        self.worker.start()
        self._update_enabled()

    @Slot(object)
    def _on_event(self, event) -> None:
        if isinstance(event, TaskStarted):
            names = ",".join(self.dataset.class_names[c] for c in event.classes)
            self.status.setText(f"Learning task {event.task + 1}: classes {names}")
        elif isinstance(event, Progress):
            self.progress.setValue(int(1000 * (event.epoch - 1 + event.fraction) / event.epochs))
        elif isinstance(event, TaskEpochEnd):
            self.plot.add_epoch(event.per_task_accuracy)
        elif isinstance(event, Finished) and self.trainer is not None:
            self._adopt_trained(event)
        elif isinstance(event, RunProgress):
            self.progress.setValue(int(1000 * event.fraction))
            self.status.setText(event.phrase)
        elif isinstance(event, RunDone):
            self._show_result(event.result)

    def _adopt_trained(self, event: Finished) -> None:
        trainer = self.trainer
        if event.reason != "completed":
            self.status.setText(f"Training {event.reason}. {event.message}")
            return
        self.model, self.extras = trainer.model.copy(), trainer.extra_arrays()
        self.forgotten_tasks = set()
        self.forget_task.clear()
        for k, classes in enumerate(trainer.config.tasks):
            self.forget_task.addItem(f"task {k + 1} ({','.join(map(str, classes))})")
        first = trainer.history[-1]["per_task_accuracy"][0]
        self.status.setText(
            f"Done: the first task is at {first:.1%} after learning the last one. "
            "Forget a task, or probe the model on the canvas."
        )

    def _show_result(self, result: TaskForgetResult) -> None:
        self.last_result = result
        self.model = result.model
        self.forgotten_tasks.add(result.task)
        tasks = self.trainer.config.tasks if self.trainer else ()
        self.table.setRowCount(len(result.before))
        for row, values in enumerate(
            zip(result.before, result.after, result.reference, strict=True)
        ):
            label = f"task {row + 1}" + (" (forgotten)" if row + 1 == result.task else "")
            if row < len(tasks):
                label += f" [{','.join(map(str, tasks[row]))}]"
            self.table.setVerticalHeaderItem(row, QTableWidgetItem(label))
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(f"{value:.1%}"))
        kept = [
            abs(a - r) for k, (a, r) in enumerate(zip(result.after, result.reference, strict=True))
            if k + 1 != result.task
        ]  # fmt: skip
        worst = max(kept) if kept else 0.0
        self.status.setText(
            f"Task {result.task} forgotten by {result.method} in {result.seconds:.2f} s: it is at "
            f"{result.after[result.task - 1]:.1%} (retrained without it: "
            f"{result.reference[result.task - 1]:.1%}); the other tasks are within "
            f"{worst * 100:.1f} points of the retrained model."
        )

    @Slot(object)
    def _on_failed(self, exc: Exception) -> None:
        if isinstance(exc, Cancelled):
            self.status.setText("Cancelled; the model is unchanged.")
            return
        show_error(self, "Task-by-task run failed", exc)

    @Slot()
    def _on_done(self) -> None:
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.deleteLater()
        self.progress.setValue(1000)
        self._update_enabled()
        self.idle.emit()

    def _update_enabled(self) -> None:
        busy = self.busy
        has_model = self.model is not None
        dynamic_model = bool(self.trainer and self.trainer.config.dynamic)
        method = (self.forget_way.currentData() or ("",))[0]
        self.train_button.setEnabled(not busy)
        self.stop_button.setEnabled(busy)
        self.forget_button.setEnabled(
            not busy and has_model and (method != "unit_removal" or dynamic_model)
        )
        self.repair.setEnabled(method == "si_forget")
        self.probe_button.setEnabled(not busy and has_model)

    def shut_down(self, wait_ms: int) -> None:
        """Cancel a running run and wait up to ``wait_ms`` for its thread (closing the window)."""
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait(wait_ms)
