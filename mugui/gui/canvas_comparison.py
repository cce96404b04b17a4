"""CanvasComparison: the drawing on the canvas classified by the current model and chosen snapshots.

It keeps the :class:`~mugui.gui.compare_probabilities.CompareProbabilities` bars in step with the
canvas (redrawn shortly after the ink changes) and with the models there are to compare with (the
snapshots and the retrained reference); the bars replace the probe's own while one is chosen.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Slot

from mugui.drawing.preprocess import is_blank, to_model_input
from mugui.experiment import Snapshot
from mugui.gui.compare_probabilities import CompareProbabilities
from mugui.gui.digit_probe import DigitProbe
from mugui.gui.snapshot_timeline import RESERVED_NAME as REFERENCE
from mugui.model import Model

REDRAW_DELAY_MS = 40


class CanvasComparison(QObject):
    """Drives :attr:`widget` from ``probe``'s canvas."""

    def __init__(self, probe: DigitProbe, parent: QObject):
        super().__init__(parent)
        self.probe = probe
        self.widget = CompareProbabilities()
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(REDRAW_DELAY_MS)
        self._redraw.timeout.connect(self.show_drawing)
        probe.canvas.changed.connect(lambda _ink: self._redraw.start())
        for combo in self.widget.combos:
            combo.currentIndexChanged.connect(self._show_or_hide)
        self._show_or_hide()

    def set_models(self, snapshots: list[Snapshot], reference: Model | None, current) -> None:
        """Offer ``snapshots`` (and ``reference``) to compare with ``current``, the window's model."""
        candidates = {s.name: s.model for s in snapshots}
        if reference is not None:
            candidates[REFERENCE] = reference
        self.widget.set_candidates(candidates)
        name = next((s.name for s in reversed(snapshots) if s.model is current), "current")
        self.widget.set_current(current, name if name else "current")
        self.show_drawing()

    @Slot()
    def _show_or_hide(self) -> None:
        """Side-by-side bars replace the probe's own while a snapshot is chosen to compare with."""
        comparing = self.widget.comparing
        self.widget.setVisible(comparing)
        self.probe.bars.setVisible(not comparing)

    @Slot()
    def show_drawing(self) -> None:
        ink = self.probe.canvas.array()
        self.widget.show_image(None if is_blank(ink) else to_model_input(ink))
