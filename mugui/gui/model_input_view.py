"""ModelInputView: the 28×28 image the model receives, drawn with square pixels."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

SIDE = 28


class ModelInputView(QWidget):
    """Shows exactly the 784 pixels fed to the network, without smoothing."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("modelInputView")
        self.setToolTip("The 28×28 image the model receives (after the engine's preprocessing)")
        self.setMinimumSize(84, 84)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._pixels = np.zeros((SIDE, SIDE), np.uint8)
        self._qimage = self._to_qimage(self._pixels)

    @staticmethod
    def _to_qimage(pixels: np.ndarray) -> QImage:
        return QImage(pixels.data, SIDE, SIDE, SIDE, QImage.Format.Format_Grayscale8).copy()

    def set_image(self, image: np.ndarray) -> None:
        """Show ``image``: 784 or 28×28 values, float in [0, 1] or uint8."""
        image = np.asarray(image).reshape(SIDE, SIDE)
        if image.dtype != np.uint8:
            image = np.clip(np.rint(image * 255.0), 0, 255).astype(np.uint8)
        self._pixels = np.ascontiguousarray(image)
        self._qimage = self._to_qimage(self._pixels)
        self.update()

    def pixels(self) -> np.ndarray:
        """The shown image as (28, 28) uint8."""
        return self._pixels.copy()

    def paintEvent(self, event: QPaintEvent) -> None:
        side = min(self.width(), self.height())
        square = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        painter = QPainter(self)
        painter.drawImage(square, self._qimage)
        painter.setPen(QPen(self.palette().mid().color(), 1))
        painter.drawRect(square.adjusted(0, 0, -1, -1))
        painter.end()
