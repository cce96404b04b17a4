"""ShareSplitter: two widgets split in a fixed share of the length, whatever the order of resizes.

A plain QSplitter hands out its first length by its children's size hints and then keeps the
pixels it gave: a window resized before its first layout gave the per-class plot its minimum
(106 px of 683 at 1366×768), the same window resized after it a quarter; a saved state carried
either into the next session. Here the second widget always gets ``share`` of the length (within
both widgets' minimums); dragging the handle sets a new share, kept within ``SHARE_BOUNDS``.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QSplitter, QWidget

SHARE_BOUNDS = (0.2, 0.5)  # a dragged or restored share is kept within these


class ShareSplitter(QSplitter):
    """``first`` over (or beside) ``second``, which gets ``share`` of the splitter's length."""

    def __init__(self, orientation: Qt.Orientation, first: QWidget, second: QWidget, share: float):
        super().__init__(orientation)
        self.addWidget(first)
        self.addWidget(second)
        self.setChildrenCollapsible(False)
        self.share = share
        self.splitterMoved.connect(self._take_share)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.apply_share()

    def apply_share(self) -> None:
        """Give the second widget its share of the length the two have now."""
        total = sum(self.sizes())
        if total > 0:
            second = round(self.share * total)
            self.setSizes([total - second, second])

    def restoreState(self, state: QByteArray | bytes) -> bool:
        """A saved state's share (kept within bounds), not its pixels, which were another
        window's."""
        restored = super().restoreState(state)
        if restored:
            self._take_share()
            self.apply_share()
        return restored

    def _take_share(self, *_moved: int) -> None:
        total = sum(self.sizes())
        if total > 0:
            low, high = SHARE_BOUNDS
            self.share = min(high, max(low, self.sizes()[1] / total))
