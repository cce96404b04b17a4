"""The window's menus and keyboard shortcuts: every action, what it calls and its keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from mugui.gui.curve_plots import FOLD_KEYS
from mugui.gui.dialogs import show_about, show_help
from mugui.gui.sweep_results_dialog import open_sweep_results
from mugui.gui.unsaved_work import open_text

if TYPE_CHECKING:
    from mugui.gui.main_window import MainWindow


@dataclass(frozen=True)
class WindowActions:
    """The actions the window enables, disables or checks as its state changes."""

    load_model: QAction
    save_model: QAction
    train: QAction
    stop: QAction
    presentation: QAction
    dark: QAction
    demo: QAction


def _action(
    window: MainWindow,
    text: str,
    slot: Callable[[], object],
    shortcuts: tuple[str, ...] = (),
    tip: str = "",
) -> QAction:
    action = QAction(text, window)
    action.setShortcuts([QKeySequence(s) for s in shortcuts])
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    if tip:
        action.setStatusTip(tip)
    action.triggered.connect(slot)
    window.addAction(action)
    return action


def build_menus(window: MainWindow) -> WindowActions:
    """Fill the menu bar (File, Training, View, Help) and register the shortcuts on ``window``."""
    files = window.files
    menu = window.menuBar()
    file_menu = menu.addMenu("&File")
    file_menu.addAction(_action(window, "Open data folder…", window.data_panel.choose_folder))
    file_menu.addSeparator()
    load_model = _action(window, "Load model…", files.load_model_dialog, ("Ctrl+O",))
    save_model = _action(window, "Save model…", files.save_model_dialog, ("Ctrl+S",))
    file_menu.addAction(load_model)
    file_menu.addAction(save_model)
    file_menu.addSeparator()
    file_menu.addAction(_action(window, "Open experiment…", files.open_experiment_dialog))
    file_menu.addAction(_action(window, "Save experiment…", files.save_experiment_dialog))
    kept = open_text(window.settings)  # what the last session kept when it closed
    if kept is not None:
        file_menu.addAction(
            _action(
                window,
                kept,
                files.open_unsaved_work,
                (),
                "My data, snapshots and the report the window had not saved when it closed",
            )
        )
    file_menu.addSeparator()
    for kind in ("json", "csv"):
        file_menu.addAction(
            _action(
                window,
                f"Export metrics as {kind.upper()}…",
                lambda kind=kind: files.export_metrics_dialog(kind),
            )
        )
    file_menu.addAction(_action(window, "Export plots as PNG…", files.export_plots_dialog))
    file_menu.addAction(
        _action(window, "Export unlearning figures and tables…", files.export_unlearning_dialog)
    )
    file_menu.addSeparator()
    file_menu.addAction(_action(window, "Open sweep results…", lambda: open_sweep_results(window)))
    file_menu.addSeparator()
    file_menu.addAction(_action(window, "Quit", window.close, ("Ctrl+Q",)))

    training = menu.addMenu("&Training")
    train = _action(
        window,
        "Train / Pause / Resume",
        window.toggle_training,
        ("Ctrl+T",),
        "Train, or pause and resume (also Space)",
    )
    stop = _action(window, "Stop", window.stop_training, ("Esc", "Ctrl+."))
    training.addAction(train)
    training.addAction(stop)
    training.addSeparator()
    probe = window.probe
    training.addAction(_action(window, "Clear canvas", probe.clear, ("Ctrl+L",)))
    training.addAction(_action(window, "Undo stroke", probe.canvas.undo_stroke, ("Ctrl+Z",)))

    training.addSeparator()
    training.addAction(
        _action(
            window,
            "Learn task by task…",
            window.open_task_lab,
            ("Ctrl+Shift+K",),
            "Learn digit groups one after another (synaptic intelligence), then forget a task",
        )
    )

    view = menu.addMenu("&View")
    presentation = _action(window, "Presentation mode", window.toggle_presentation, ("F11",))
    presentation.setCheckable(True)
    dark = _action(window, "Dark theme", window.set_dark_theme, ("Ctrl+Shift+D",))
    dark.setCheckable(True)
    demo = _action(window, "Demo mode", window.set_demo_mode, ("F9",))
    demo.setCheckable(True)
    view.addAction(presentation)
    view.addAction(dark)
    view.addAction(demo)
    view.addSeparator()
    view.addAction(
        _action(
            window,
            "Show / fold the loss plot",
            window.curves.toggle_loss_fold,
            (FOLD_KEYS,),
            "The loss plot folds to a strip on a short window; this shows it again",
        )
    )

    help_menu = menu.addMenu("&Help")
    help_menu.addAction(_action(window, "Help", lambda: show_help(window), ("F1",)))
    help_menu.addAction(_action(window, "About mugui", lambda: show_about(window)))
    return WindowActions(load_model, save_model, train, stop, presentation, dark, demo)
