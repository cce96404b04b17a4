"""WindowTraining: the window's training run — start, pause, resume, stop, and what each event shows.

It builds the :class:`~mugui.training.trainer.Trainer` from the panels, runs it in one
:class:`~mugui.gui.worker.TrainingWorker` and turns the worker's signals into plots, the status
line and the toolbar's state. The run's state stays on the window (``worker``, ``history``,
``last_epoch``, ``active_bugs``, ``run_label``), where the menus, the files and the unlearning lab
read it. A QObject, so that the worker's signals are delivered to its slots on the GUI thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot

from mugui.architecture import describe
from mugui.errors import MuguiError
from mugui.gui.dialogs import show_error, show_warning
from mugui.gui.run_labels import bug_switch_label, run_label
from mugui.gui.training_toolbar import RunState
from mugui.gui.worker import TrainingWorker
from mugui.model import Model
from mugui.presets import PRESET_KEY, PRESETS
from mugui.training.events import BugsChanged, EpochEnd, Finished, Progress
from mugui.training.trainer import Trainer
from mugui.training.typicality_sources import typicality_sources

if TYPE_CHECKING:
    from mugui.gui.main_window import MainWindow

FINISHED_TEXT = {"completed": "finished", "stopped": "stopped", "diverged": "diverged"}


class WindowTraining(QObject):
    """Runs and steers ``window``'s training."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window

    @property
    def state(self) -> RunState:
        return self.window.toolbar.state

    def start(self, record_updates: bool = False) -> None:
        """Train the current settings; ``record_updates`` keeps what Amnesiac needs."""
        window = self.window
        if window.worker is not None or window.lab.busy:
            return
        if window.loading_source is not None:
            window.statusBar().showMessage("Wait until the data has loaded", 5000)
            return
        try:
            config = window.current_config().replace(record_updates=bool(record_updates))
            config = config.validate(window.dataset.n_train)
            window.warm_up_task.start_after_run_starts()
            ready = window.warm_up_task.kernels_ready()
            trainer = Trainer(window.dataset, config, kernels_ready=ready, fit_typicality=True)
            # its files say which preset it started from ("Custom (from nn.c)" when loaded)
            trainer.model.meta[PRESET_KEY] = window.bug_panel.preset_name
        except MuguiError as error:
            show_error(window, "Cannot start training", error)
            return
        self.keep_finished_run()
        window.run_label = run_label(window.bug_panel.preset_combo.currentText(), config.bugs)
        window.setWindowTitle(window.TITLE)
        window.history = trainer.history
        window.last_epoch = None
        window.active_bugs = config.bugs
        window.curves.reset(config.epochs)
        window.per_class.clear()
        window.confusion.clear()
        window.training_status.reset()
        worker = window.worker = TrainingWorker(trainer, window)
        worker.progress.connect(self._on_progress)
        worker.epoch_ended.connect(self._on_epoch_end)
        worker.bugs_changed.connect(self._on_bugs_changed)
        worker.finished.connect(self._on_finished)
        worker.failed.connect(self._on_failed)
        worker.thread_done.connect(self._on_thread_done)
        self.set_state(RunState.RUNNING)
        warm_up = window.warm_up_task
        compiling = warm_up.is_running()
        note = ""
        if config.architecture == "cnn" and compiling:
            note = " — once the CNN's kernels are compiled (the first time only)"
        elif compiling and not warm_up.training_ready.is_set():
            note = " — on the numpy reference until the kernels are compiled"
        window.statusBar().showMessage(
            f"Training {describe(config.spec)} for {plural(config.epochs, 'epoch')} on "
            f"{rows_text(window.dataset.n_train, int(trainer.train_x.shape[0]))}{note}"
        )
        worker.start()

    def toggle_pause(self) -> None:
        worker, status = self.window.worker, self.window.statusBar()
        if worker is None:
            return
        if worker.is_paused:
            worker.resume()
            self.set_state(RunState.RUNNING)
            status.showMessage("Resumed", 2000)
        else:
            worker.pause()
            self.set_state(RunState.PAUSED)
            bar = self.window.training_status.bar
            bar.setFormat(bar.format() + " · paused")
            status.showMessage("Paused: press Space or Resume to continue")

    def stop(self) -> None:
        if self.window.worker is not None:
            self.window.worker.stop()
            self.window.statusBar().showMessage("Stopping…")

    def set_state(self, state: RunState) -> None:
        """Show ``state`` on the toolbar; the settings, presets and data are editable only when idle."""
        window = self.window
        window.toolbar.set_state(state)
        idle = state is RunState.IDLE
        window.hyperparameters.set_editable(idle)
        window.bug_panel.preset_combo.setEnabled(idle)
        window.data_panel.setEnabled(idle and window.loading_source is None)
        window.actions.load_model.setEnabled(idle)
        if window.loading_source is not None:
            window.toolbar.train_button.setEnabled(False)

    @Slot(tuple)
    def bugs_ticked(self, bugs: tuple[str, ...]) -> None:
        """Bugs ticked mid-run switch at the start of the next epoch."""
        window = self.window
        if window.worker is None:
            return
        window.worker.set_bugs(bugs)
        label = bug_switch_label(window.active_bugs, bugs) or "no change"
        window.statusBar().showMessage(f"Bugs {label}: from the start of the next epoch", 5000)

    def keep_finished_run(self) -> None:
        """Keep the run on the plots as a faded curve, labelled with its last test accuracy."""
        window = self.window
        if window.curves.accuracy_points:
            last = window.last_epoch.test_accuracy if window.last_epoch is not None else None
            window.curves.keep_run(
                window.run_label + (f" · {last:.1%}" if last is not None else "")
            )

    # ----------------------------------------------------------------- the worker's signals
    @Slot(list)
    def _on_progress(self, batch: list[Progress]) -> None:
        self.window.curves.add_progress([(p.epoch, p.fraction, p.loss) for p in batch])
        if self.state is not RunState.PAUSED:
            self.window.training_status.show_progress(batch[-1])
        self.window.warm_up_task.end_head_start()  # a run that started first has shown progress

    @Slot(object, object)
    def _on_epoch_end(self, end: EpochEnd, model: Model) -> None:
        window = self.window
        window.last_epoch = end
        reported = end.reported_accuracy if end.reported_on == "train" else None
        window.curves.add_epoch(
            end.epoch, end.loss, end.train_accuracy, end.test_accuracy, reported
        )
        updates = window.view_updates
        updates.schedule("per_class", lambda: window.per_class.set_accuracy(end.per_class_accuracy))
        updates.schedule("confusion", lambda: window.show_confusion(end.confusion, model))
        updates.schedule("model", lambda: window.set_model(model))

    @Slot(object)
    def _on_bugs_changed(self, change: BugsChanged) -> None:
        window = self.window
        label = bug_switch_label(window.active_bugs, change.bugs)
        window.active_bugs = change.bugs
        window.curves.mark_bug_switch(change.epoch - 1, label)
        window.statusBar().showMessage(f"Epoch {change.epoch}: bugs {label}", 5000)

    @Slot(object, object)
    def _on_finished(self, finished: Finished, model: Model) -> None:
        window = self.window
        window.view_updates.flush()
        window.set_model(model)
        trainer = window.worker.trainer if window.worker is not None else None
        if trainer is not None and trainer.typicality_left_out:  # trained before the kernels
            window.typicality_catch_up.owe(
                model, lambda: typicality_sources(trainer.dataset, trainer.config)
            )
        if window.worker is not None and finished.reason != "diverged":
            title = PRESETS[window.bug_panel.preset_name].title
            if window.bug_panel.is_custom:
                title += " (custom)"
            window.lab.training_finished(window.worker.trainer, model, title)
        said = FINISHED_TEXT.get(finished.reason, finished.reason)
        window.training_status.show_finished(said)
        if finished.reason == "diverged":
            window.statusBar().showMessage("Training diverged; the last good model is kept")
            show_warning(window, "Training diverged", finished.message)
        elif window.last_epoch is not None:
            window.statusBar().showMessage(
                f"Training {said}: test accuracy {window.last_epoch.test_accuracy:.1%}"
            )
        else:
            window.statusBar().showMessage(finished.message or "Training stopped")

    @Slot(object)
    def _on_failed(self, error: Exception) -> None:
        self.window.view_updates.flush()
        show_error(self.window, "Training failed", error)

    @Slot()
    def _on_thread_done(self) -> None:
        window = self.window
        worker, window.worker = window.worker, None
        if worker is not None:
            worker.deleteLater()
        self.set_state(RunState.IDLE)
        window._close_if_closing()


def plural(count: int, noun: str) -> str:
    """``1 epoch``, ``2 epochs``."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def rows_text(images: int, rows: int) -> str:
    """What an epoch goes through: the data set's images, and the drawings a run adds to them
    (style strokes, outlier exposure's non-digits) when it adds any."""
    if rows == images:
        return plural(images, "image")
    return f"{rows:,} rows an epoch ({images:,} images + {rows - images:,} drawings)"
