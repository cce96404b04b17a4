"""Space trains or pauses from anywhere in the window except where Space types or presses.

Qt gives a key to the focused widget first: a combo box opens its list on Space, a slider or a
list swallows it. This filter, installed on such widgets, turns Space into Train/Pause instead.
Text fields (spin boxes, line edits) and buttons and check boxes keep Space for themselves.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QAbstractSlider, QComboBox, QGraphicsView, QWidget

TAKEN_OVER = (QComboBox, QAbstractSlider, QAbstractItemView, QGraphicsView)


def is_plain_space(event: QEvent) -> bool:
    return (
        event.type() == QEvent.Type.KeyPress
        and isinstance(event, QKeyEvent)
        and event.key() == Qt.Key.Key_Space
        and event.modifiers() == Qt.KeyboardModifier.NoModifier
    )


class SpaceToTrain(QObject):
    """Calls ``toggle`` for a plain Space pressed in any combo box, slider, list or plot."""

    def __init__(self, root: QWidget, toggle: Callable[[], None]):
        super().__init__(root)
        self._toggle = toggle
        self.install(root)

    def install(self, root: QWidget) -> None:
        """Watch every widget under ``root`` that would otherwise eat Space (call again for new ones)."""
        for kind in TAKEN_OVER:
            for widget in root.findChildren(kind):
                widget.installEventFilter(self)
                if isinstance(widget, QComboBox) and widget.view() is not None:
                    widget.view().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if is_plain_space(event):
            if isinstance(watched, QComboBox) and watched.isEditable():
                return False
            self._toggle()
            return True
        return False
