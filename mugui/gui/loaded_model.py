"""Showing a loaded model in the window: its settings and bugs in the panels, its history's
curves and its evaluated test results (for a model file and an experiment alike)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mugui.evaluation import evaluate
from mugui.gui.run_labels import bug_switch_label, run_label
from mugui.model import Model
from mugui.presets import preset_of
from mugui.training.config import TrainConfig
from mugui.training.trainer import History
from mugui_kernels.flags import NO_NORMALIZE

if TYPE_CHECKING:
    from mugui.gui.main_window import MainWindow


def show_loaded_settings(window: MainWindow, config: TrainConfig, meta: dict) -> None:
    """Show a loaded model's settings and bugs, from the preset its run started from (recorded
    in ``meta``, else the closest): "Custom (from nn.c)" with what differs, never the
    window's own preset as the base."""
    window.hyperparameters.set_config(config)
    window.bug_panel.set_bugs(config.bugs)
    window.bug_panel.show_preset(preset_of(meta, config))
    window.update_preset_state()


def show_loaded_model(
    window: MainWindow,
    model: Model,
    history: History | None,
    bugs: tuple[str, ...],
    where: str = "the file",
) -> None:
    """Show a loaded model: its history's curves (or, without one, titles that say so) and its
    evaluated test results; ``where`` names what it came from in those titles."""
    window.keep_finished_run()
    window.history, window.last_epoch, window.active_bugs = history, None, bugs
    epochs = history.epochs if history is not None else []
    flags = NO_NORMALIZE if "no_normalize" in bugs else 0
    result = evaluate(model, window.dataset.test_x, window.dataset.test_y, flags)
    if epochs:
        window.curves.reset(len(epochs))
    else:
        window.curves.show_without_history(result.accuracy, where)
    for epoch in epochs:
        on_train = epoch.get("reported_on") == "train"
        reported = epoch.get("reported_accuracy") if on_train else None
        window.curves.add_epoch(
            epoch["epoch"],
            epoch["loss"],
            epoch["train_accuracy"],
            epoch["test_accuracy"],
            reported,
        )
    if epochs:
        window.curves.show_epoch_losses([e["epoch"] for e in epochs], [e["loss"] for e in epochs])
    before: tuple[str, ...] = tuple(epochs[0]["bugs"]) if epochs else bugs
    for change in history.bug_changes if history is not None else []:
        after = tuple(change["bugs"])
        window.curves.mark_bug_switch(change["epoch"] - 1, bug_switch_label(before, after))
        before = after
    window.per_class.set_accuracy(result.per_class_accuracy)
    window.show_confusion(result.confusion, model)
    window.training_status.reset()
    window.training_status.show_finished(f"loaded · test accuracy {result.accuracy:.1%}")
    window.run_label = run_label(window.bug_panel.preset_combo.currentText(), bugs)
    window.set_model(model)
