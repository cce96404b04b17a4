"""BugPanel: the presets and one checkbox per training bug, each tooltip teaching what the bug does."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QVBoxLayout, QWidget

from mugui.bugs import BUGS, Bug
from mugui.presets import PRESETS


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
        self.preset_combo = QComboBox(self)
        self.preset_combo.setObjectName("presetCombo")
        self.preset_combo.setToolTip(
            "A full training configuration: the seeds' programs, or a healthy one"
        )
        for preset in PRESETS.values():
            self.preset_combo.addItem(preset.title, preset.name)
            self.preset_combo.setItemData(
                self.preset_combo.count() - 1, preset.description, Qt.ItemDataRole.ToolTipRole
            )
        self.description = QLabel(self)
        self.description.setObjectName("hint")
        self.description.setTextFormat(Qt.TextFormat.PlainText)
        self.description.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.setSpacing(2)
        layout.addWidget(self.preset_combo)
        layout.addWidget(self.description)
        self.checks: dict[str, QCheckBox] = {}
        for bug in BUGS.values():
            check = QCheckBox(bug.name, self)
            check.setObjectName(f"bugCheck_{bug.name}")
            check.setToolTip(bug_tooltip(bug))
            check.toggled.connect(self._emit_bugs)
            layout.addWidget(check)
            self.checks[bug.name] = check
        self.preset_combo.currentIndexChanged.connect(self._preset_index_changed)
        self._show_description()

    @property
    def preset_name(self) -> str:
        return self.preset_combo.currentData()

    def select_preset(self, name: str) -> None:
        self.preset_combo.setCurrentIndex(self.preset_combo.findData(name))

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
        self.description.setText(PRESETS[self.preset_name].description)

    def _preset_index_changed(self, _index: int) -> None:
        self._show_description()
        self.preset_chosen.emit(self.preset_name)

    def _emit_bugs(self) -> None:
        self.bugs_changed.emit(self.bugs())
