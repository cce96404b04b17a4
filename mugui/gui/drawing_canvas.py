"""DrawingCanvas: a square black pad on which the left mouse button draws white ink, like MNIST."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

CANVAS_PIXELS = 280
DEFAULT_BRUSH = 22


@dataclass
class Stroke:
    """One press-move-release of the mouse, in canvas pixels."""

    brush: float
    points: list[QPointF] = field(default_factory=list)


class DrawingCanvas(QWidget):
    """Draw digits with the mouse; emits the ink as a (280, 280) float32 array in [0, 1] on change.

    Ink is bright on dark, as in MNIST, so the engine's preprocessing sees what the user sees. Strokes
    are kept so that the last one can be undone.
    """

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("drawingCanvas")
        self.setToolTip("Draw a digit with the left mouse button")
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setMinimumSize(160, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._image = QImage(CANVAS_PIXELS, CANVAS_PIXELS, QImage.Format.Format_RGB32)
        self._image.fill(QColor("black"))
        self._strokes: list[Stroke] = []
        self._background: QImage | None = None
        self._drawing = False
        self._brush = float(DEFAULT_BRUSH)

    @property
    def brush_size(self) -> float:
        """Pen width in canvas pixels (the canvas is 280 pixels wide, ten per model pixel)."""
        return self._brush

    def set_brush_size(self, pixels: float) -> None:
        self._brush = float(pixels)

    @property
    def stroke_count(self) -> int:
        return len(self._strokes)

    def is_empty(self) -> bool:
        return not self._strokes and self._background is None

    def set_image(self, image: np.ndarray) -> None:
        """Start again from a 28×28 digit (uint8, bright on dark), scaled up to fill the canvas."""
        pixels = np.ascontiguousarray(np.asarray(image, np.uint8).reshape(28, 28))
        small = QImage(pixels.data, 28, 28, 28, QImage.Format.Format_Grayscale8).copy()
        self._background = small.scaled(
            CANVAS_PIXELS,
            CANVAS_PIXELS,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        ).convertToFormat(QImage.Format.Format_RGB32)
        self._strokes.clear()
        self._drawing = False
        self._render()

    def array(self) -> np.ndarray:
        """The ink as a (280, 280) float32 array in [0, 1], bright on dark."""
        view = np.frombuffer(self._image.constBits(), np.uint8)
        rows = view.reshape(CANVAS_PIXELS, self._image.bytesPerLine())
        return rows[:, 0 : 4 * CANVAS_PIXELS : 4].astype(np.float32) / 255.0

    def clear(self) -> None:
        self._strokes.clear()
        self._background = None
        self._drawing = False
        self._render()

    def undo_stroke(self) -> None:
        if self._strokes:
            self._strokes.pop()
            self._drawing = False
            self._render()

    def _square(self) -> QRectF:
        side = min(self.width(), self.height())
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    def _to_canvas(self, position: QPointF) -> QPointF:
        square = self._square()
        scale = CANVAS_PIXELS / square.width()
        return (position - square.topLeft()) * scale

    def _pen(self, brush: float) -> QPen:
        pen = QPen(QColor("white"), brush)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        return pen

    def _paint_stroke(self, painter: QPainter, stroke: Stroke) -> None:
        painter.setPen(self._pen(stroke.brush))
        if len(stroke.points) == 1:
            painter.drawPoint(stroke.points[0])
        else:
            painter.drawPolyline(QPolygonF(stroke.points))

    def _render(self) -> None:
        self._image.fill(QColor("black"))
        painter = QPainter(self._image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._background is not None:
            painter.drawImage(0, 0, self._background)
        for stroke in self._strokes:
            self._paint_stroke(painter, stroke)
        painter.end()
        self.update()
        self.changed.emit(self.array())

    def _extend(self, point: QPointF) -> None:
        stroke = self._strokes[-1]
        painter = QPainter(self._image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(self._pen(stroke.brush))
        if stroke.points:
            painter.drawLine(stroke.points[-1], point)
        else:
            painter.drawPoint(point)
        painter.end()
        stroke.points.append(point)
        self.update()
        self.changed.emit(self.array())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        self._drawing = True
        self._strokes.append(Stroke(self._brush))
        self._extend(self._to_canvas(event.position()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drawing and event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(self._to_canvas(event.position()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._drawing = False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        square = self._square()
        painter.drawImage(square, self._image)
        painter.setPen(QPen(self.palette().mid().color(), 1))
        painter.drawRect(square.adjusted(0, 0, -1, -1))
        if self.is_empty():
            painter.setPen(QColor("#9e9e9e"))
            # on two lines where one does not fit (a 160 px canvas in presentation mode)
            flags = Qt.AlignmentFlag.AlignCenter.value | Qt.TextFlag.TextWordWrap.value
            painter.drawText(square, flags, "draw a digit here")
        painter.end()
