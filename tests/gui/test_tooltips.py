"""Tooltips teach: every control of the window, on every tab, says what it does on hover."""

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QSlider,
    QTableWidget,
)

from mugui.gui import MainWindow

CONTROLS = (QAbstractButton, QAbstractSpinBox, QComboBox, QSlider, QAbstractItemView)


def is_control(widget) -> bool:
    """Something a user clicks or types into: not Qt's own parts of a table, not a read-only
    table (its row and column names carry the tooltips)."""
    if widget.objectName().startswith("qt_") or isinstance(widget, QHeaderView):
        return False
    no_edits = QAbstractItemView.EditTrigger.NoEditTriggers
    return not (isinstance(widget, QTableWidget) and widget.editTriggers() == no_edits)


def test_every_visible_control_has_a_tooltip(qtbot):
    """The panels' fold buttons (Data, Hyperparameters, …), the method list and the forgetting
    quality's Cancel had none."""
    window = MainWindow(warm_up_kernels=False)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    silent = set()
    for view in ("forgetting", "verify", "inspect", "training"):
        window.show_view(view)
        qtbot.wait(10)
        for kind in CONTROLS:
            for control in window.findChildren(kind):
                if control.isVisibleTo(window) and is_control(control) and not control.toolTip():
                    text = control.text() if isinstance(control, QAbstractButton) else ""
                    silent.add(f"{type(control).__name__} {control.objectName()} {text!r}")
    assert sorted(silent) == [], "\n".join(sorted(silent))
    section = window.sections["data"]
    assert section.header.toolTip() == "Fold Data away"
    section.set_expanded(False)
    assert section.header.toolTip() == "Show Data again"
