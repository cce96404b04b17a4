"""How the window makes its push buttons, check boxes, drop-down lists, whole-number spin boxes
and wrapping labels.

Every control is named (tests, the screenshot script and the style sheet find it by its object
name); a button says what it does in its tool tip; a label shows plain text (file and data-set
names are the user's, never markup) and wraps instead of widening its column.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QPushButton, QSpinBox, QWidget


def push_button(parent: QWidget, text: str, name: str, tip: str = "") -> QPushButton:
    """A button labelled ``text``, named ``name``, with the tool tip ``tip`` (if any)."""
    button = QPushButton(text, parent)
    button.setObjectName(name)
    if tip:
        button.setToolTip(tip)
    return button


def check_box(
    parent: QWidget, text: str, name: str, tip: str = "", checked: bool = False
) -> QCheckBox:
    """A check box labelled ``text``, named ``name``, ticked when ``checked``, with the tool tip
    ``tip`` (if any)."""
    box = QCheckBox(text, parent)
    box.setObjectName(name)
    box.setChecked(checked)
    if tip:
        box.setToolTip(tip)
    return box


def wrapping_label(parent: QWidget, name: str, text: str = "") -> QLabel:
    """A plain-text label named ``name`` that wraps its words."""
    label = QLabel(text, parent)
    label.setObjectName(name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def combo_box(parent: QWidget, name: str, tip: str = "") -> QComboBox:
    """An empty drop-down list named ``name``, with the tool tip ``tip`` (if any)."""
    combo = QComboBox(parent)
    combo.setObjectName(name)
    if tip:
        combo.setToolTip(tip)
    return combo


def int_spin(
    parent: QWidget, name: str, low: int, high: int, value: int, tip: str = ""
) -> QSpinBox:
    """A whole-number spin box named ``name`` from ``low`` to ``high``, showing ``value``."""
    spin = QSpinBox(parent)
    spin.setObjectName(name)
    spin.setRange(low, high)
    spin.setValue(value)
    if tip:
        spin.setToolTip(tip)
    return spin
