"""SampleInspector: one forget sample, and what the original, unlearned and reference models make
of it (prediction, confidence in the true digit, loss)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mugui.gui.forget_target_picker import THUMB, digit_icon

GALLERY_SIZE = 40
COLUMNS = ("predicts", "confidence", "loss")
BIG = 112


class SampleInspector(QWidget):
    """``forgetGallery`` (the first forget samples; click one) beside ``sampleTable``.

    ``sample_chosen(training index)`` fires on a click in the gallery.
    """

    sample_chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.gallery = QListWidget(self)
        self.gallery.setObjectName("forgetGallery")
        self.gallery.setViewMode(QListWidget.ViewMode.IconMode)
        self.gallery.setIconSize(QSize(THUMB, THUMB))
        self.gallery.setToolTip("Forget samples: click one to inspect it")
        self.image = QLabel(self)
        self.image.setFixedSize(BIG, BIG)
        self.caption = QLabel("Click a forget sample, or a bar of the attack histogram.", self)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("sampleTable")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        detail = QVBoxLayout()
        top = QHBoxLayout()
        top.addWidget(self.image)
        top.addWidget(self.caption, 1)
        detail.addLayout(top)
        detail.addWidget(self.table, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.gallery, 1)
        layout.addLayout(detail, 1)
        self.indices = np.zeros(0, np.int64)
        self.shown_index: int | None = None
        self.gallery.itemClicked.connect(self._on_clicked)

    def set_forget_samples(self, images: np.ndarray, indices: np.ndarray) -> None:
        """Show the first forget samples (uint8 rows) with their training ``indices``."""
        self.gallery.clear()
        self.indices = np.asarray(indices[:GALLERY_SIZE], dtype=np.int64)
        for image, index in zip(images[:GALLERY_SIZE], self.indices, strict=False):
            item = QListWidgetItem(digit_icon(image), "")
            item.setToolTip(f"training sample #{index}")
            self.gallery.addItem(item)

    def show_sample(self, index: int, image: np.ndarray, label: int, rows: dict[str, dict]) -> None:
        """Training sample ``index`` (uint8 row, true ``label``) and each model's figures."""
        self.shown_index = int(index)
        pixels = np.ascontiguousarray(np.asarray(image, np.uint8).reshape(28, 28))
        qimage = QImage(pixels.data, 28, 28, 28, QImage.Format.Format_Grayscale8).copy()
        self.image.setPixmap(QPixmap.fromImage(qimage).scaled(BIG, BIG))
        self.caption.setText(f"Training sample #{index}, a {label}")
        self.table.setRowCount(len(rows))
        self.table.setVerticalHeaderLabels(list(rows))
        for r, figures in enumerate(rows.values()):
            cells = (
                str(figures["predicted"]),
                f"{figures['confidence']:.1%}",
                f"{figures['loss']:.2f}",
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(r, c, item)

    def cell(self, model: str, column: str) -> str:
        rows = [self.table.verticalHeaderItem(r).text() for r in range(self.table.rowCount())]
        return self.table.item(rows.index(model), COLUMNS.index(column)).text()

    @Slot(QListWidgetItem)
    def _on_clicked(self, item: QListWidgetItem) -> None:
        self.sample_chosen.emit(int(self.indices[self.gallery.row(item)]))
