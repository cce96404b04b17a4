"""BugPanel: the presets and one checkbox per training bug, each tooltip teaching what the bug does.

A preset is a named starting point: once a setting differs from it, the list shows
"Custom (from <preset>)" and the description lists the changes; *Reset to preset* goes back.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QWidget

from mugui.bugs import BUGS, Bug
from mugui.gui.column_layout import column
from mugui.gui.controls import check_box, combo_box, push_button, wrapping_label
from mugui.presets import PRESETS

CUSTOM = "custom"  # the combo's data for the "Custom (from …)" entry


def bug_tooltip(bug: Bug) -> str:
    """Rich-text tooltip: the bug's effect, the longer explanation and where it came from."""
    return (
        f"<p><b>{escape(bug.name, quote=False)}</b>: {escape(bug.summary, quote=False)}</p>"
        f"<p>{escape(bug.explanation, quote=False)}</p>"
        f"<p><i>From: {escape(bug.provenance, quote=False)}</i></p>"
    )


class BugPanel(QWidget):
    """Choosing a preset emits ``preset_chosen``; ticking a bug emits ``bugs_changed`` with all ticked."""

    preset_chosen = Signal(str)
    bugs_changed = Signal(tuple)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.preset_combo = combo_box(
            self,
            "presetCombo",
            "A full training configuration: the seeds' programs, or a healthy one",
        )
        for preset in PRESETS.values():
            self.preset_combo.addItem(preset.title, preset.name)
            self.preset_combo.setItemData(
                self.preset_combo.count() - 1, preset.description, Qt.ItemDataRole.ToolTipRole
            )
        self.description = wrapping_label(self, "hint")
        self.reset_button = push_button(
            self, "Reset to preset", "resetPresetButton", "Load the preset's configuration again"
        )
        self.reset_button.setEnabled(False)
        self.reset_button.clicked.connect(self.reset_to_preset)
        self._base = self.preset_combo.currentData()
        layout = column(
            self,
            self.preset_combo,
            self.description,
            self.reset_button,
            margins=(4, 0, 4, 0),
            spacing=2,
        )
        self.checks: dict[str, QCheckBox] = {}
        for bug in BUGS.values():
            check = check_box(self, bug.name, f"bugCheck_{bug.name}", bug_tooltip(bug))
            check.toggled.connect(self._emit_bugs)
            layout.addWidget(check)
            self.checks[bug.name] = check
        self.preset_combo.currentIndexChanged.connect(self._preset_index_changed)
        self._show_description()

    @property
    def preset_name(self) -> str:
        """The preset the settings started from (also while they are custom)."""
        return self._base

    @property
    def is_custom(self) -> bool:
        return self.preset_combo.currentData() == CUSTOM

    def select_preset(self, name: str) -> None:
        """Show preset ``name`` as chosen (emits ``preset_chosen`` if it was not)."""
        self.show_preset()
        self.preset_combo.setCurrentIndex(self.preset_combo.findData(name))

    def show_custom(self, changes: list[str]) -> None:
        """Show "Custom (from <preset>)" and the changes from it."""
        title = PRESETS[self._base].title
        short = title.split(" ")[0]  # "nn.c", "debug.c": the combo stays narrow
        self.preset_combo.blockSignals(True)
        if not self.is_custom:
            if self.preset_combo.findData(CUSTOM) < 0:
                self.preset_combo.insertItem(0, "", CUSTOM)
            self.preset_combo.setCurrentIndex(0)
        self.preset_combo.setItemText(0, f"Custom (from {short})")
        self.preset_combo.blockSignals(False)
        self.description.setText(f"Custom: {title} with {', '.join(changes)}.")
        self.reset_button.setEnabled(True)

    def show_preset(self, name: str | None = None) -> None:
        """Show the starting preset itself (its settings are unchanged); ``name`` makes another
        preset the starting one without loading its configuration (a loaded model's)."""
        self._base = self._base if name is None else name
        index = self.preset_combo.findData(CUSTOM)
        self.preset_combo.blockSignals(True)
        if index >= 0:
            self.preset_combo.removeItem(index)
        self.preset_combo.setCurrentIndex(self.preset_combo.findData(self._base))
        self.preset_combo.blockSignals(False)
        self._show_description()
        self.reset_button.setEnabled(False)

    def reset_to_preset(self) -> None:
        """Go back to the starting preset's configuration."""
        self.show_preset()
        self.preset_chosen.emit(self._base)

    def bugs(self) -> tuple[str, ...]:
        """The ticked bugs, in catalogue order."""
        return tuple(name for name, check in self.checks.items() if check.isChecked())

    def set_bugs(self, names: tuple[str, ...]) -> None:
        """Tick exactly ``names`` without emitting ``bugs_changed``."""
        for name, check in self.checks.items():
            check.blockSignals(True)
            check.setChecked(name in names)
            check.blockSignals(False)

    def _show_description(self) -> None:
        self.description.setText(PRESETS[self._base].description)

    def _preset_index_changed(self, _index: int) -> None:
        name = self.preset_combo.currentData()
        if name == CUSTOM:
            return
        self._base = name
        self.show_preset()
        self.preset_chosen.emit(name)

    def _emit_bugs(self) -> None:
        self.bugs_changed.emit(self.bugs())
