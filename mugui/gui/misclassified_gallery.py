"""MisclassifiedGallery: the test digits of one confusion-matrix cell; click one to probe it.

Clicking a cell of the confusion matrix opens it ("true 3, predicted 5: 9 test digits"); clicking
a digit puts it on the drawing canvas, where the model's reading of it can be explored.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QListView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mugui.gui.controls import wrapping_label

SIDE = 28
MAX_SHOWN = 300
ICON_PIXELS = 56


def cell_indices(labels: np.ndarray, predicted: np.ndarray, true: int, guess: int) -> np.ndarray:
    """Indices of the samples of class ``true`` that were predicted as ``guess``."""
    return np.flatnonzero((np.asarray(labels) == true) & (np.asarray(predicted) == guess))


def digit_icon(image: np.ndarray) -> QIcon:
    pixels = np.ascontiguousarray(np.asarray(image, np.uint8).reshape(SIDE, SIDE))
    qimage = QImage(pixels.data, SIDE, SIDE, SIDE, QImage.Format.Format_Grayscale8).copy()
    return QIcon(QPixmap.fromImage(qimage).scaled(ICON_PIXELS, ICON_PIXELS))


class MisclassifiedGallery(QDialog):
    """Up to ``MAX_SHOWN`` digits of one cell; ``digit_chosen(image)`` when one is clicked."""

    digit_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("galleryDialog")
        self.setWindowTitle("Test digits")
        self.heading = wrapping_label(self, "galleryHeading")
        self.list = QListWidget(self)
        self.list.setObjectName("galleryList")
        self.list.setViewMode(QListView.ViewMode.IconMode)
        self.list.setIconSize(QSize(ICON_PIXELS, ICON_PIXELS))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setMovement(QListView.Movement.Static)
        self.list.setSpacing(4)
        self.list.setToolTip("Click a digit to put it on the drawing canvas")
        self.list.itemClicked.connect(self._on_clicked)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 1)
        self.resize(560, 420)
        self._images = np.zeros((0, SIDE * SIDE), np.uint8)

    @property
    def count(self) -> int:
        return self.list.count()

    def show_cell(self, images: np.ndarray, true_name: str, predicted_name: str) -> None:
        """Show the digits (rows of 784 uint8) of the cell true ``true_name``, predicted ``…``."""
        total = len(images)
        self._images = np.asarray(images[:MAX_SHOWN], np.uint8)
        what = "correctly classified" if true_name == predicted_name else "misclassified"
        shown = f" (the first {MAX_SHOWN})" if total > MAX_SHOWN else ""
        self.heading.setText(
            f"True {true_name}, predicted {predicted_name}: {total} {what} test digits{shown}. "
            "Click one to put it on the canvas."
        )
        self.list.clear()
        for number, image in enumerate(self._images):
            item = QListWidgetItem(digit_icon(image), "")
            item.setData(Qt.ItemDataRole.UserRole, number)
            self.list.addItem(item)

    def choose(self, row: int) -> None:
        """Act as if digit ``row`` had been clicked."""
        self._on_clicked(self.list.item(row))

    def _on_clicked(self, item: QListWidgetItem) -> None:
        number = int(item.data(Qt.ItemDataRole.UserRole))
        self.digit_chosen.emit(self._images[number].reshape(SIDE, SIDE).copy())
