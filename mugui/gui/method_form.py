"""MethodForm: choose an unlearning method and set its parameters, a form built from its schema."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from mugui.gui.column_layout import column
from mugui.gui.controls import combo_box, wrapping_label
from mugui.unlearning.registry import Method, Param, all_methods

DEFAULT_METHOD = "finetune"


def param_tooltip(param: Param, default: object = None) -> str:
    """The parameter's help, its default (``default``, e.g. the CNN's, else the schema's) and its
    allowed range or choices."""
    shown = param.default if default is None else default
    parts = [param.help or param.name, f"default {shown}"]
    if param.low is not None or param.high is not None:
        parts.append(f"range {param.low} … {param.high}")
    if param.choices:
        parts.append("one of " + ", ".join(map(str, param.choices)))
    return "\n".join(parts)


def float_decimals(param: Param, value: float | None = None) -> int:
    """Enough decimals to show the default (or ``value`` if smaller) with two more digits
    (0.02 → 4, 1e-6 → 8)."""
    values = [abs(v) for v in (param.default, value) if v]
    default = min(values) if values else 1.0
    return int(min(8, max(2, 2 - math.floor(math.log10(default)))))


def param_editor(param: Param, parent: QWidget, default: object = None) -> QWidget:
    """A spin box, check box or combo box for ``param``, set to ``default`` (else the schema's)."""
    value = param.default if default is None else default
    if param.choices:
        editor = QComboBox(parent)
        for choice in param.choices:
            editor.addItem(str(choice), choice)
        editor.setCurrentIndex(editor.findData(value))
    elif isinstance(param.default, bool):
        editor = QCheckBox(parent)
        editor.setChecked(bool(value))
    elif isinstance(param.default, int):
        editor = QSpinBox(parent)
        editor.setRange(
            int(param.low) if param.low is not None else -(2**31),
            int(min(param.high, 2**31 - 1)) if param.high is not None else 2**31 - 1,
        )
        editor.setValue(int(value))
    elif isinstance(param.default, float):
        editor = QDoubleSpinBox(parent)
        editor.setDecimals(float_decimals(param, float(value)))
        editor.setRange(
            param.low if param.low is not None else -1e9,
            param.high if param.high is not None else 1e9,
        )
        editor.setSingleStep(max(abs(float(value)) / 10, 1e-6))
        editor.setValue(float(value))
    else:
        editor = QComboBox(parent)
        editor.setEditable(True)
        editor.setEditText(str(value))
    editor.setObjectName(f"param_{param.name}")
    editor.setToolTip(param_tooltip(param, value))
    return editor


def editor_value(editor: QWidget) -> object:
    if isinstance(editor, QCheckBox):
        return editor.isChecked()
    if isinstance(editor, QSpinBox | QDoubleSpinBox):
        return editor.value()
    if isinstance(editor, QComboBox):
        data = editor.currentData()
        return data if data is not None else editor.currentText()
    raise TypeError(type(editor))


class MethodForm(QWidget):
    """``methodCombo``, the method's one-line description, its parameter form, and what it needs.

    ``prerequisite_requested(method name)`` fires when the user asks to prepare what a method
    needs first (Amnesiac: a training run with its updates recorded; SISA: the shard ensemble).
    """

    prerequisite_requested = Signal(str)
    method_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.methods: dict[str, Method] = {m.name: m for m in all_methods()}
        self.combo = combo_box(self, "methodCombo")
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(12)
        for method in self.methods.values():
            self.combo.addItem(method.title, method.name)
            self.combo.setItemData(
                self.combo.count() - 1, method.summary, Qt.ItemDataRole.ToolTipRole
            )
        self.combo.setToolTip(
            "How to forget: every unlearning method (hover over one in the list for what it "
            "does). Its parameters follow below, each with its meaning, default and range"
        )
        self.description = wrapping_label(self, "methodDescription")
        self.form_host = QWidget(self)
        self.form = QFormLayout(self.form_host)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.needs = wrapping_label(self, "methodNeeds")
        self.prepare_button = QPushButton(self)
        self.prepare_button.setObjectName("prepareMethodButton")
        column(self, self.combo, self.description, self.form_host, self.needs, self.prepare_button)
        self.editors: dict[str, QWidget] = {}
        self._has_recording = False
        self.architecture = "mlp"  # the current model's: the form shows its defaults
        self.combo.currentIndexChanged.connect(self._on_method)
        self.prepare_button.clicked.connect(lambda: self.prerequisite_requested.emit(self.name))
        self.set_method(DEFAULT_METHOD)
        self._on_method()

    @property
    def name(self) -> str:
        return self.combo.currentData()

    @property
    def method(self) -> Method:
        return self.methods[self.name]

    def set_method(self, name: str) -> None:
        self.combo.setCurrentIndex(self.combo.findData(name))

    def params(self) -> dict:
        """The form's values, checked by the method's schema (UnlearningError when out of range)."""
        return self.method.resolve_params({k: editor_value(e) for k, e in self.editors.items()})

    def set_param(self, name: str, value: object) -> None:
        editor = self.editors[name]
        if isinstance(editor, QCheckBox):
            editor.setChecked(bool(value))
        elif isinstance(editor, QComboBox):
            editor.setCurrentIndex(editor.findData(value))
        else:
            editor.setValue(value)

    def set_architecture(self, architecture: str) -> None:
        """The current model's architecture ("mlp", "cnn"): on a change, the form shows the
        method's defaults for it (the user's edits to the old form are dropped)."""
        if architecture != self.architecture:
            self.architecture = architecture
            self._on_method()

    def set_has_recording(self, has: bool) -> None:
        """Whether the current model came with recorded updates (Amnesiac can run at once)."""
        self._has_recording = has
        self._show_needs()

    @Slot()
    def _on_method(self) -> None:
        method = self.method
        self.description.setText(method.summary)
        while self.form.rowCount():
            self.form.removeRow(0)
        self.editors = {}
        defaults = method.defaults(architecture=self.architecture)
        for param in method.params:
            editor = param_editor(param, self.form_host, defaults[param.name])
            label = QLabel(param.name.replace("_", " "), self.form_host)
            label.setToolTip(editor.toolTip())
            self.form.addRow(label, editor)
            self.editors[param.name] = editor
        self._show_needs()
        self.method_changed.emit(method.name)

    def _show_needs(self) -> None:
        method = self.method
        if method.needs_recording and not self._has_recording:
            text = (
                "Amnesiac needs the updates recorded while the model trained. "
                "Retrain the current settings with recording on first."
            )
            button = "Retrain with recording"
        elif method.name == "sisa":
            text = (
                "SISA forgets with an ensemble of shard models trained beforehand; "
                "the first forget trains it (slower), later ones reuse it."
            )
            button = "Train the SISA ensemble now"
        else:
            text = button = ""
        self.needs.setText(text)
        self.needs.setVisible(bool(text))
        self.prepare_button.setText(button)
        self.prepare_button.setVisible(bool(button))
