"""UnlearningLab: the window's forget → verify → relearn story, wired to the engine's runs.

It owns the unlearning widgets and drives ``mugui.runs`` generators through one
:class:`EventWorker`, the same code ``mugui unlearn`` runs; the window only places the widgets.
Beside it: ``canvas_comparison``, ``lab_views`` (the centre's tabs, built on first use),
``lab_inspection``, ``lab_files`` (experiments, figure export) and ``lab_demo`` (the story).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from mugui.drawing.preprocess import is_blank, to_model_input, to_model_input_u8
from mugui.errors import MuguiError, UnlearningError
from mugui.experiment import Snapshot, save_experiment
from mugui.gui import lab_demo
from mugui.gui.canvas_comparison import CanvasComparison
from mugui.gui.column_layout import column
from mugui.gui.demo_steps import DemoSteps
from mugui.gui.dialogs import show_error
from mugui.gui.lab_files import export_lab_figures, lab_experiment, open_lab_experiment
from mugui.gui.lab_views import LabViews
from mugui.gui.my_data_gallery import MyDataGallery
from mugui.gui.snapshot_timeline import SnapshotTimeline
from mugui.gui.unlearning_panel import UnlearningPanel
from mugui.gui.unsaved_work import work_key
from mugui.gui.worker import EventWorker
from mugui.model import Model
from mugui.runs.events import ForgetCurvePoint, RelearnPoint, RunDone, RunProgress
from mugui.training.control import RunControl
from mugui.unlearning.registry import Cancelled

if TYPE_CHECKING:  # the pipelines are imported when a run starts, not with the window
    from mugui.runs.unlearn import UnlearnOutcome


EXPORTED_TEXT = "Exported {files} files to {folder}"
# figures whose view was never drawn (a tab not shown yet): counted, not named, as the status
# bar clips what does not fit beside the progress bar (half the width at 1024×700)
LEFT_OUT_TEXT = "; {count} figures not drawn yet were left out"


class UnlearningLab(QObject):
    """State of the story: the original model, the unlearned outcome, its report, the snapshots.
    ``run_finished(kind)``: a forget ("unlearn"), "verify" or "relearn" run ended (in any way)."""

    run_finished = Signal(str)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.panel = UnlearningPanel()
        self.views = LabViews(
            self
        )  # the centre's Forgetting, Verify and Inspect tabs, built lazily
        self.timeline = SnapshotTimeline()
        self.snapshot_panel = QWidget()
        self.comparison = CanvasComparison(window.probe, self)
        self.compare = self.comparison.widget
        self.my_data = MyDataGallery()
        self.demo = DemoSteps()
        column(self.snapshot_panel, self.timeline, self.compare.chooser)
        self.panel.picker.layout().addWidget(self.my_data.strip)
        self.original: Model | None = None
        self.outcome: UnlearnOutcome | None = None
        self.report: dict | None = None
        self.saved_work = work_key(self)  # my data, snapshots, report as last saved or opened
        self.reference: Model | None = None
        self.extras: dict = {}  # Amnesiac's recording, valid for ``recorded_model`` only
        self.recorded_model: Model | None = None
        self.worker: EventWorker | None = None
        self.last_error: Exception | None = None
        self._kind = ""
        self._running_message = ""  # what the status bar says while a run of the lab goes
        self._connect()

    # the centre's views, each built (all three together) the first time one is used
    live = property(lambda self: self.views.live)
    verify_view = property(lambda self: self.views.verify_view)
    inspection = property(lambda self: self.views.inspection)

    # ----------------------------------------------------------------- wiring
    def _connect(self) -> None:
        panel = self.panel
        panel.unlearn_button.clicked.connect(self.forget)
        panel.cancel_button.clicked.connect(self.cancel)
        panel.verify_button.clicked.connect(self.verify)
        panel.relearn_button.clicked.connect(self.relearn)
        panel.method_form.prerequisite_requested.connect(self.prepare_method)
        self.timeline.chosen.connect(self.make_current)
        self.timeline.renamed.connect(self._refresh_compare)
        self.my_data.add_button.clicked.connect(self.add_drawing)
        self.my_data.changed.connect(self._on_my_data_changed)
        self.demo.step_requested.connect(self.run_demo_step)

    @property
    def busy(self) -> bool:
        return self.worker is not None

    def _set_busy(self, busy: bool) -> None:
        self.panel.set_busy(busy, can_verify=self.outcome is not None)
        self.views.set_quality_state(
            running=busy and self._kind == "quality", enabled=not busy and self.outcome is not None
        )

    def dataset_changed(self) -> None:
        """The window loaded other data: my data joins it, its digits go on the buttons."""
        self._on_my_data_changed()

    # ----------------------------------------------------------------- training results
    def training_finished(self, trainer, model: Model, preset_title: str) -> None:
        """Keep the trained model as a snapshot, and its recorded updates for Amnesiac."""
        recorder = trainer.recorder
        self.extras = (
            {**recorder.to_arrays(), "record_groups": np.array(recorder.names)}
            if recorder.names
            else {}
        )
        self.recorded_model = model if self.extras else None
        self.panel.method_form.set_has_recording(bool(self.extras))
        history = trainer.history
        accuracy = history.epochs[-1]["test_accuracy"] if history.epochs else None
        label = f"trained: {preset_title}" + (f", test {accuracy:.0%}" if accuracy else "")
        self.add_snapshot(label, model, {"history": history.to_dict()})

    def task_model_arrived(self, model: Model, extras: dict) -> None:
        """A model learnt task by task: its per-task importances and units travel with it, so
        that "A task" in the picker can forget one of its tasks."""
        self.extras = dict(extras)
        self.recorded_model = model
        self.panel.method_form.set_has_recording(False)
        forgot = "unlearning" in model.meta
        self.add_snapshot("task forgotten" if forgot else "learnt task by task", model)

    def add_snapshot(self, name: str, model, metrics: dict | None = None) -> Snapshot:
        snapshot = Snapshot(self._unique(name), model, dict(metrics or {}))
        self.timeline.add(snapshot)
        self._refresh_compare()
        return snapshot

    def _unique(self, name: str) -> str:
        taken = set(self.timeline.names())
        candidate, k = name, 2
        while candidate in taken:
            candidate, k = f"{name} ({k})", k + 1
        return candidate

    @Slot(object)
    def make_current(self, snapshot: Snapshot) -> None:
        """Use ``snapshot``'s model from now on (canvas, hidden weights, the next Forget)."""
        self.window.set_current_model(snapshot.model)
        self.panel.method_form.set_has_recording(snapshot.model is self.recorded_model)
        self._refresh_compare()
        self.window.statusBar().showMessage(f"Current model: {snapshot.name}", 5000)

    # ----------------------------------------------------------------- runs
    def _start(self, kind: str, make_events, phrase: str) -> None:
        control = RunControl()
        self._kind = kind
        self.last_error = None
        self.worker = EventWorker(lambda: make_events(control), control, kind, self)
        self.worker.event.connect(self._on_event)
        self.worker.failed.connect(self._on_failed)
        self.worker.thread_done.connect(self._on_thread_done)
        self._set_busy(True)
        self.panel.show_progress(0.0, phrase)
        self.panel.say(phrase)
        self._running_message = f"{phrase[:1].upper()}{phrase[1:]}…"  # the panel may be hidden
        self.window.statusBar().showMessage(self._running_message)
        self.worker.start()

    def _check_model(self) -> Model:
        model = self.window.model
        if model is None:
            raise UnlearningError("train a model first (or open an experiment)")
        if not isinstance(model, Model):
            raise UnlearningError("the current model is an ensemble: pick a single network")
        if "config" not in model.meta:
            raise UnlearningError("this model does not say how it was trained: train it here")
        trained_on = model.meta.get("data", {}).get("n_train")
        if trained_on is not None and trained_on != self.window.dataset.n_train:
            raise UnlearningError(
                f"the current model was trained on {trained_on} samples and the data now has "
                f"{self.window.dataset.n_train} (my data changed?): train it again first"
            )
        return model

    @Slot()
    def forget(self) -> None:
        """Unlearn the chosen data from a copy of the current model, live."""
        if self.busy or self.window.worker is not None:
            self.panel.say("Wait for the current run to finish")
            return
        try:
            model = self._check_model()
            dataset = self.window.dataset
            forget = self.panel.picker.forget_set(dataset, model)
            form = self.panel.method_form
            extras = self.extras if model is self.recorded_model else {}
            from mugui.runs.unlearn import UnlearnSpec, unlearn_events

            spec = UnlearnSpec(model, dataset, forget, form.name, form.params(), extras)
        except MuguiError as error:
            show_error(self.window, "Cannot forget", error)
            return
        self.original = model
        self.live.reset(forget.classes or tuple(np.unique(dataset.train_y[forget.indices])))
        self.window.show_view("forgetting")
        self._start(
            "unlearn",
            lambda control: unlearn_events(spec, control),
            f"{form.method.title}: forgetting {forget.description}",
        )

    def _verification(self, kind: str, phrase: str, **options) -> None:
        if self.busy or self.outcome is None or self.original is None:
            return
        from mugui.runs.verify import verify_events
        from mugui.unlearning.relearn import TOLERANCE as RELEARN_TOLERANCE

        original, outcome, dataset = self.original, self.outcome, self.window.dataset
        extras = self.extras if original is self.recorded_model else {}
        self.window.show_view("verify")
        if kind == "verify":  # the headline said "Forget something, then press Verify."
            self.verify_view.verdict_label.setText(f"{phrase[:1].upper()}{phrase[1:]}…")
        if kind == "relearn":
            before = (self.report or {}).get("before", {}).get("forget_accuracy")
            self.verify_view.race.reset(None if before is None else before - RELEARN_TOLERANCE)
        self._start(
            kind,
            lambda control: verify_events(
                original, outcome, dataset, extras=extras, control=control, **options
            ),
            phrase,
        )

    @Slot()
    def verify(self) -> None:
        self._verification("verify", "verifying against a model retrained without the data")

    @Slot()
    def relearn(self) -> None:
        self._verification(
            "relearn", "relearn race: training both on the full data", relearn_on="full"
        )

    @Slot(int)
    def forgetting_quality(self, runs: int) -> None:
        self._verification("quality", f"forgetting quality over {runs} runs", quality_n=runs)

    @Slot()
    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.panel.say("Cancelling…")

    @Slot(object)
    def _on_event(self, event) -> None:
        if isinstance(event, RunProgress):
            self.panel.show_progress(event.fraction, event.phrase)
            if self._kind == "quality":
                self.verify_view.set_quality_progress(event.fraction, event.phrase)
        elif isinstance(event, ForgetCurvePoint):
            self.live.add_point(
                event.step,
                event.forget_accuracy,
                event.retain_accuracy,
                event.test_accuracy,
                event.per_class_accuracy,
            )
        elif isinstance(event, RelearnPoint):
            self.verify_view.race.add_point(event.step, event.who, event.forget_accuracy)
        elif isinstance(event, RunDone):
            if self._kind == "unlearn":
                self._unlearned(event.result)
            else:
                self._verified(event.result)

    def _unlearned(self, outcome: UnlearnOutcome) -> None:
        self.outcome = outcome
        self.report = self.reference = None
        name = f"unlearned by {outcome.method}: {outcome.forget.description}"
        self.add_snapshot(name, outcome.model, {"seconds": outcome.seconds, "info": outcome.info})
        self.window.set_current_model(outcome.model)
        catch_up = self.window.typicality_catch_up  # an original trained before the kernels
        catch_up.owe_unlearned(self.original, outcome, self.window.dataset)
        self.inspection.show_outcome()
        said = (
            f"Forgot {outcome.forget.description} with {outcome.method} in "
            f"{outcome.seconds:.2f} s. Press Verify to compare with retraining."
        )
        self.panel.say(said)
        self.verify_view.clear(said)  # not the previous model's figures under this one

    def _verified(self, report: dict) -> None:
        self.report = report
        self.verify_view.show_report(report)
        dataset, forget = self.window.dataset, self.outcome.forget
        from mugui.runs.unlearn import training_config
        from mugui.unlearning.reference_cache import retrain_reference
        from mugui.verification.membership import attack_losses
        from mugui.verification.outputs import Outputs

        members, nonmembers = attack_losses(
            Outputs.of(self.outcome.model, dataset), dataset, forget
        )
        self.inspection.member_losses = members
        self.verify_view.mia.set_losses(members, nonmembers, "Membership attack: unlearned")
        if report["reference_seeds"]:
            config = training_config(self.original)
            self.reference = retrain_reference(
                dataset, config, forget, report["reference_seeds"][0]
            )
        for snapshot in reversed(self.timeline.snapshots):
            if snapshot.model is self.outcome.model:
                snapshot.metrics["report"] = report
                break
        self._refresh_compare()
        self.panel.say(self.verify_view.verdict_label.text().split("\n")[0])

    @Slot(object)
    def _on_failed(self, error: Exception) -> None:
        self.last_error = error
        if isinstance(error, Cancelled):
            self.panel.say("Cancelled: the current model is unchanged.")
        else:
            show_error(self.window, "The run failed", error)
            self.panel.say(f"Failed: {error}")

    @Slot()
    def _on_thread_done(self) -> None:
        worker, self.worker = self.worker, None
        kind = self._kind
        self._kind = ""
        if worker is not None:
            worker.deleteLater()
        if self.last_error is not None:
            self.panel.show_progress(0.0, "")
        self._set_busy(False)
        if self.window.statusBar().currentMessage() == self._running_message:
            self.window.statusBar().clearMessage()
        self.run_finished.emit(kind)

    def shut_down(self, milliseconds: int) -> None:
        """Cancel the running run and wait for it to end (at most ``milliseconds``)."""
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait(milliseconds)

    # ----------------------------------------------------------------- method prerequisites
    @Slot(str)
    def prepare_method(self, name: str) -> None:
        """Amnesiac: retrain with updates recorded. SISA: its ensemble is trained by the first
        forget, which we start now on the current choice."""
        if name == "amnesiac":
            self.window.start_training(record_updates=True)
        else:
            self.forget()

    # ----------------------------------------------------------------- my data and the canvas
    @Slot()
    def add_drawing(self) -> None:
        ink = self.window.probe.canvas.array()
        if is_blank(ink):
            self.window.statusBar().showMessage("Draw a digit first, then add it", 5000)
            return
        image = to_model_input(ink)
        model = self.window.model
        guess = int(np.argmax(model.predict_proba(image.reshape(1, -1))[0])) if model else 0
        if self.my_data.add(to_model_input_u8(ink), guess):
            self.window.probe.clear()

    @Slot()
    def _on_my_data_changed(self) -> None:
        base = self.window.dataset.without_user_samples()
        self.window.dataset = (
            base.with_user_samples(self.my_data.images, self.my_data.labels)
            if self.my_data.in_training
            else base
        )
        self.panel.picker.set_dataset(self.window.dataset)

    def _refresh_compare(self) -> None:
        self.comparison.set_models(self.timeline.snapshots, self.reference, self.window.model)

    # ----------------------------------------------------------------- files
    def save_experiment(self, path: str | Path) -> Path:
        written = save_experiment(path, lab_experiment(self))
        self.saved_work = work_key(self)
        self.window.statusBar().showMessage(f"Saved experiment {written.name}", 5000)
        return written

    def open_experiment(self, path: str | Path) -> None:
        """Load model, data source, my data, snapshots and the last report; nothing changes on error."""
        refusal = self.window.files.refusal("opening an experiment")
        if refusal is not None:
            raise MuguiError(refusal)
        open_lab_experiment(self, path)
        self.saved_work = work_key(self)
        self._set_busy(False)
        self._refresh_compare()

    def export_figures(self, folder: str | Path) -> list[Path]:
        """Export the figures and tables; the status bar says how many and what was left out."""
        written, left_out = export_lab_figures(self, folder)
        text = EXPORTED_TEXT.format(files=len(written), folder=Path(folder).name)
        if left_out:
            text += LEFT_OUT_TEXT.format(count=len(left_out))
        self.window.statusBar().showMessage(text, 15000)
        return written

    # ----------------------------------------------------------------- demo mode
    @Slot(int)
    def run_demo_step(self, number: int) -> None:
        """Set up and run step ``number`` of the story; a step asked for mid-run waits its turn."""
        lab_demo.run_demo_step(self, number)
