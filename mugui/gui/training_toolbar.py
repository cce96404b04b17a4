"""TrainingToolbar: Train, Pause/Resume and Stop, enabled according to the state of the run."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QIcon, QPainter, QPixmap, QPolygonF
from PySide6.QtWidgets import QToolBar, QWidget

from mugui.gui.controls import push_button
from mugui.gui.theme import Theme, make_theme

ICON_PIXELS = 48


class RunState(Enum):
    IDLE = "idle"
    RUNNING = "running"
    PAUSED = "paused"


def media_icon(kind: str, colour: str) -> QIcon:
    """A play, pause or stop symbol in ``colour`` (drawn, so it exists in every font and theme)."""
    pixmap = QPixmap(ICON_PIXELS, ICON_PIXELS)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    s = ICON_PIXELS
    if kind == "play":
        painter.drawPolygon(
            QPolygonF(
                [
                    QPointF(0.25 * s, 0.15 * s),
                    QPointF(0.85 * s, 0.5 * s),
                    QPointF(0.25 * s, 0.85 * s),
                ]
            )
        )
    elif kind == "pause":
        painter.drawRect(QRectF(0.22 * s, 0.18 * s, 0.2 * s, 0.64 * s))
        painter.drawRect(QRectF(0.58 * s, 0.18 * s, 0.2 * s, 0.64 * s))
    else:
        painter.drawRect(QRectF(0.22 * s, 0.22 * s, 0.56 * s, 0.56 * s))
    painter.end()
    return QIcon(pixmap)


class TrainingToolbar(QToolBar):
    """The three buttons that steer training; the window connects their ``clicked`` signals."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Training", parent)
        self.setObjectName("trainingToolbar")
        self.setMovable(False)
        self.train_button = push_button(
            self,
            "Train",
            "trainButton",
            "Train a fresh model with these settings (Space or Ctrl+T)",
        )
        self.pause_button = push_button(
            self, "Pause", "pauseButton", "Pause or resume the training (Space or Ctrl+T)"
        )
        self.stop_button = push_button(
            self,
            "Stop",
            "stopButton",
            "Stop the training; the model keeps what it learnt (Esc or Ctrl+.)",
        )
        for button in (self.train_button, self.pause_button, self.stop_button):
            self.addWidget(button)
        self.state = RunState.IDLE
        self._theme = make_theme(dark=False)
        self.set_state(RunState.IDLE)

    def set_state(self, state: RunState) -> None:
        self.state = state
        self.train_button.setEnabled(state is RunState.IDLE)
        self.pause_button.setEnabled(state is not RunState.IDLE)
        self.stop_button.setEnabled(state is not RunState.IDLE)
        self.pause_button.setText("Resume" if state is RunState.PAUSED else "Pause")
        self._paint_icons()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        side = QFontMetrics(theme.font()).height()
        for button in (self.train_button, self.pause_button, self.stop_button):
            button.setIconSize(QSize(side, side))
        self._paint_icons()

    def _paint_icons(self) -> None:
        text, muted = self._theme.text, self._theme.muted
        self.train_button.setIcon(
            media_icon("play", "#ffffff" if self.train_button.isEnabled() else muted)
        )
        paused = self.state is RunState.PAUSED
        colour = text if self.pause_button.isEnabled() else muted
        self.pause_button.setIcon(media_icon("play" if paused else "pause", colour))
        self.stop_button.setIcon(
            media_icon("stop", text if self.stop_button.isEnabled() else muted)
        )
