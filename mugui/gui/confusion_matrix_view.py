"""ConfusionMatrixView: the 10×10 confusion matrix as a heatmap with the counts written in the cells.

Colours show the fraction of each true class predicted as each class, on fixed levels 0..1, so a
matrix that sharpens over the epochs looks sharper rather than being rescaled every time.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QWidget

from mugui.gui.theme import Theme, make_theme
from mugui.gui.titled_plot import StillPlotView

N_CLASSES = 10
LEVELS = (0.0, 1.0)


def _colour_map(theme: Theme) -> pg.ColorMap:
    low = "#101418" if theme.dark else "#ffffff"
    high = "#4fc3f7" if theme.dark else "#0d47a1"
    middle = "#1e5a7a" if theme.dark else "#64a6e8"
    return pg.ColorMap([0.0, 0.35, 1.0], [pg.mkColor(low), pg.mkColor(middle), pg.mkColor(high)])


TITLE = "Confusion matrix (test)"


class CellTexts(pg.GraphicsObject):
    """The count of every cell, painted in one go at a fixed screen size.

    One item drawing 100 short strings is an order of magnitude cheaper to update than 100
    separate text items, which matters because the matrix changes after every epoch.
    """

    def __init__(self):
        super().__init__()
        self.texts = [["" for _ in range(N_CLASSES)] for _ in range(N_CLASSES)]
        self.strong = np.zeros((N_CLASSES, N_CLASSES), bool)
        self.strong_colour = QColor("white")
        self.weak_colour = QColor("black")
        self.font = QFont()

    def boundingRect(self) -> QRectF:
        return QRectF(-0.5, -0.5, N_CLASSES, N_CLASSES)

    def paint(self, painter: QPainter, *_args) -> None:
        transform = painter.transform()
        font = self._fitted_font(abs(transform.m11()), abs(transform.m22()))
        if font is None:
            return  # cells too small for legible counts: the colours tell, the tooltip counts
        painter.resetTransform()
        painter.setFont(font)
        centre = Qt.AlignmentFlag.AlignCenter
        for true in range(N_CLASSES):
            for predicted in range(N_CLASSES):
                text = self.texts[true][predicted]
                if not text:
                    continue
                point = transform.map(QPointF(predicted, true))
                painter.setPen(
                    self.strong_colour if self.strong[true, predicted] else self.weak_colour
                )
                painter.drawText(QRectF(point.x() - 40, point.y() - 20, 80, 40), centre, text)

    def _fitted_font(self, cell_width: float, cell_height: float) -> QFont | None:
        """The count font: at least the theme's size, larger when the cells are big (presentation),
        None when even the theme's size would not fit in a cell (counts would overlap)."""
        longest = max((len(t) for row in self.texts for t in row), default=1) or 1
        base = QFontMetrics(self.font)
        if base.horizontalAdvance("8" * longest) > cell_width * 0.95 or base.height() > cell_height:
            return None
        digit = base.horizontalAdvance("8")
        grow = min(cell_height * 0.5 / base.height(), cell_width * 0.85 / (digit * longest), 1.6)
        font = QFont(self.font)
        font.setPointSizeF(self.font.pointSizeF() * max(1.0, grow))
        return font


class ConfusionMatrixView(StillPlotView):
    """Rows are the true class, columns the predicted class; each row is coloured by its fractions.

    Clicking a cell emits ``cell_clicked(true, predicted)``.
    """

    cell_clicked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None):
        tip = (
            "Rows: true class; columns: predicted class. Colour: fraction of the row (fixed 0–100 %).\n"
            "Click a cell to see its test digits."
        )
        super().__init__("confusionPlot", TITLE, tip, parent)
        self.plot.invertY(True)
        self.plot.setAspectLocked(True)
        self.plot.setLabel("bottom", "predicted")
        self.plot.setLabel("left", "true")
        self.plot.setRange(
            xRange=(-0.5, N_CLASSES - 0.5), yRange=(-0.5, N_CLASSES - 0.5), padding=0.01
        )
        self._counts = np.zeros((N_CLASSES, N_CLASSES), np.int64)
        self._image = pg.ImageItem(np.zeros((N_CLASSES, N_CLASSES)), levels=LEVELS)
        self._image.setRect(-0.5, -0.5, N_CLASSES, N_CLASSES)
        self.plot.addItem(self._image)
        self._texts = CellTexts()
        self.plot.addItem(self._texts)
        self.plot.scene().sigMouseClicked.connect(self._on_scene_clicked)
        self._theme = make_theme(dark=False)
        self.set_class_names(tuple(str(d) for d in range(N_CLASSES)))
        self.set_theme(self._theme)

    @property
    def counts(self) -> np.ndarray:
        return self._counts.copy()

    @property
    def levels(self) -> tuple[float, float]:
        low, high = self._image.getLevels()
        return float(low), float(high)

    def cell_text(self, true: int, predicted: int) -> str:
        return self._texts.texts[true][predicted]

    def set_class_names(self, names: tuple[str, ...]) -> None:
        short = [name if len(name) <= 4 else name[:3] + "…" for name in names]
        ticks = [list(enumerate(short))]
        self.plot.getAxis("bottom").setTicks(ticks)
        self.plot.getAxis("left").setTicks(ticks)

    def set_counts(self, confusion: np.ndarray) -> None:
        """Show a (10, 10) matrix of counts, rows true class, columns predicted class."""
        self._counts = np.asarray(confusion, dtype=np.int64).reshape(N_CLASSES, N_CLASSES)
        fractions = self._fractions()
        self._image.setImage(fractions, levels=LEVELS, autoLevels=False)
        self._texts.texts = [[str(c) if c else "" for c in row] for row in self._counts.tolist()]
        # Dark cells (light theme) and bright cells (dark theme) need the contrasting text colour.
        self._texts.strong = fractions > 0.5
        self._texts.update()

    def clear(self) -> None:
        self.set_counts(np.zeros((N_CLASSES, N_CLASSES), np.int64))

    def cell_at(self, scene_position: QPointF) -> tuple[int, int] | None:
        """The (true, predicted) cell under a scene position, None outside the matrix."""
        point = self.plot.vb.mapSceneToView(scene_position)
        column, row = int(round(point.x())), int(round(point.y()))
        if 0 <= row < N_CLASSES and 0 <= column < N_CLASSES:
            return row, column
        return None

    def _on_scene_clicked(self, event) -> None:
        cell = self.cell_at(event.scenePos())
        if cell is not None and event.button() == Qt.MouseButton.LeftButton:
            self.cell_clicked.emit(*cell)

    def _fractions(self) -> np.ndarray:
        return self._counts / np.maximum(self._counts.sum(axis=1, keepdims=True), 1)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.panel.set_theme(theme)
        self.plot.showGrid(x=False, y=False)
        self._image.setColorMap(_colour_map(theme))
        self._texts.font = theme.font(0.9)
        if theme.dark:
            self._texts.strong_colour, self._texts.weak_colour = (
                QColor("#000000"),
                QColor("#e6e6e6"),
            )
        else:
            self._texts.strong_colour, self._texts.weak_colour = (
                QColor("#ffffff"),
                QColor("#000000"),
            )
        self._texts.update()
