"""TrainingStatus: the status-bar progress of a run: epoch, fraction done, ETA and samples/s."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from mugui.training.events import Progress

PROGRESS_STEPS = 1000
WIDEST_EMS = 34  # the ETA, the rate and a readable bar; the status bar's message has the rest


def format_duration(seconds: float) -> str:
    """``1:05`` or ``1:02:03``; ``–`` when unknown."""
    if not math.isfinite(seconds) or seconds < 0:
        return "–"
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class TrainingStatus(QWidget):
    """A progress bar (``progressBar``) over the whole run, labelled with the epoch, and a rate label."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("progressBar")
        self.bar.setRange(0, PROGRESS_STEPS)
        self.bar.setValue(0)
        self.bar.setFormat("idle")
        self.rate = QLabel("", self)
        self.rate.setObjectName("rateLabel")
        self.rate.setTextFormat(Qt.TextFormat.PlainText)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.rate)
        layout.addWidget(self.bar)
        self._cap_width()

    def changeEvent(self, event: QEvent) -> None:
        """Presentation mode's larger type widens the cap with it."""
        if event.type() == QEvent.Type.FontChange:
            self._cap_width()
        super().changeEvent(event)

    def _cap_width(self) -> None:
        """At most ``WIDEST_EMS`` em wide: the progress bar would otherwise take half the status
        bar, and a status message is clipped (not wrapped) where this widget begins."""
        cap = WIDEST_EMS * self.fontMetrics().horizontalAdvance("M")
        layout = self.layout()
        least = layout.minimumSize().width() if layout is not None else 0
        self.setMaximumWidth(max(cap, least))  # never below what the rate and bar need

    def show_progress(self, progress: Progress) -> None:
        done = (progress.epoch - 1 + progress.fraction) / max(progress.epochs, 1)
        self.bar.setValue(int(round(done * PROGRESS_STEPS)))
        self.bar.setFormat(f"epoch {progress.epoch}/{progress.epochs} · {done:.0%}")
        self.rate.setText(
            f"ETA {format_duration(progress.eta_seconds)} · {progress.samples_per_second:,.0f} samples/s"
        )
        width = self.rate.fontMetrics().horizontalAdvance(self.rate.text()) + 8
        self.rate.setMinimumWidth(max(self.rate.minimumWidth(), width))
        self._cap_width()

    def show_finished(self, text: str) -> None:
        self.bar.setFormat(text)
        self.rate.setText("")

    def reset(self) -> None:
        self.bar.setValue(0)
        self.bar.setFormat("starting…")
        self.rate.setText("")
