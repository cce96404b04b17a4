"""MyDataGallery: "Add to my data" under the canvas, with a confirmed label, a counter and thumbnails."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSize, Signal, Slot
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFileDialog,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from mugui.data.dataset import N_CLASSES, N_PIXELS
from mugui.errors import MuguiError
from mugui.gui.controls import check_box, push_button
from mugui.gui.dialogs import show_error
from mugui.gui.forget_target_picker import THUMB, digit_icon
from mugui.my_data import load_my_data


def ask_label(parent: QWidget, suggested: int) -> int | None:
    """Ask which digit the drawing shows (the model's guess preselected); None if cancelled."""
    digits = [str(d) for d in range(N_CLASSES)]
    text, ok = QInputDialog.getItem(
        parent, "Add to my data", "This drawing is the digit:", digits, suggested, False
    )
    return int(text) if ok else None


class MyDataGallery(QWidget):
    """The user's own drawings with their labels; they join the training set at the next training
    and can then be forgotten ("My data" in the forget picker). ``changed()`` fires on each edit.

    The widget itself is the row under the canvas (*Add to my data*); :attr:`strip` (the counter,
    thumbnails and *Clear*) is placed by the window beside the forget picker.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.add_button = push_button(
            self,
            "Add to my data",
            "addToMyDataButton",
            "Keep this drawing, with the label you confirm, as a training sample of your own",
        )
        self.clear_button = QPushButton("Clear", self)
        self.clear_button.setToolTip("Remove all your drawings (it asks first)")
        self.clear_button.setObjectName("clearMyDataButton")
        self.import_button = push_button(
            self,
            "Import…",
            "importMyDataButton",
            "Import drawings: add them from a folder with subfolders 0/ to 9/ of image files, "
            "preprocessed "
            "as the canvas is",
        )
        self.include = check_box(
            self,
            "Train on them",
            "trainOnMyDataCheck",
            "Mix your drawings into the training set at the next training (as its last rows, "
            "so they can be forgotten as 'My data'); untick to train on the data set alone",
            checked=True,
        )
        self.counter = QLabel("", self)
        self.counter.setObjectName("myDataCount")
        self.gallery = QListWidget(self)
        self.gallery.setObjectName("myDataGallery")
        self.gallery.setViewMode(QListWidget.ViewMode.IconMode)
        self.gallery.setIconSize(QSize(THUMB, THUMB))
        self.gallery.setFlow(QListWidget.Flow.LeftToRight)
        self.gallery.setWrapping(False)
        self.gallery.setFixedHeight(THUMB + 34)
        self._compact = False
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.addWidget(self.add_button)
        self.row.addWidget(self.import_button)
        self.row.addStretch(1)
        self.strip = QWidget()
        self.strip.setObjectName("myDataStrip")
        strip = QVBoxLayout(self.strip)
        strip.setContentsMargins(0, 0, 0, 0)
        strip.addWidget(self.counter)
        strip.addWidget(self.gallery)
        strip.addWidget(self.include)
        strip.addWidget(self.clear_button)
        self.images = np.zeros((0, N_PIXELS), np.uint8)
        self.labels = np.zeros(0, np.uint8)
        self.ask_label = ask_label
        self.clear_button.clicked.connect(self.ask_to_clear)
        self.import_button.clicked.connect(self.choose_import)
        self.include.toggled.connect(self.changed)
        self._show()

    def set_compact(self, compact: bool) -> None:
        """Stack the two buttons when the probe is a row under the plots (narrow windows)."""
        self._compact = compact
        self._stack_if_narrow()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._stack_if_narrow()

    def _stack_if_narrow(self) -> None:
        """Side by side where both buttons have their width, else stacked (in presentation mode
        the probe column is narrower than the two: the second was cut)."""
        side_by_side = (
            self.add_button.sizeHint().width()
            + self.row.spacing()
            + self.import_button.sizeHint().width()
        )
        stacked = self._compact or self.width() < side_by_side
        direction = (
            QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
        )
        if self.row.direction() != direction:
            self.row.setDirection(direction)

    def add(self, image: np.ndarray, suggested: int = 0) -> bool:
        """Ask for the label of ``image`` (784 uint8) and keep it; False if the user cancelled."""
        label = self.ask_label(self, suggested)
        if label is None:
            return False
        self.set_samples(
            np.vstack([self.images, np.asarray(image, np.uint8).reshape(1, N_PIXELS)]),
            np.append(self.labels, np.uint8(label)),
        )
        return True

    def set_samples(self, images: np.ndarray, labels: np.ndarray) -> None:
        self.images = np.asarray(images, np.uint8).reshape(-1, N_PIXELS)
        self.labels = np.asarray(labels, np.uint8)
        self.gallery.clear()
        for image, label in zip(self.images, self.labels, strict=True):
            self.gallery.addItem(QListWidgetItem(digit_icon(image), str(label)))
        self._show()
        self.changed.emit()

    @property
    def in_training(self) -> bool:
        """True when the drawings should join the training set."""
        return self.include.isChecked() and len(self.labels) > 0

    def import_from(self, path) -> int:
        """Append the drawings of a digit folder or an experiment file; returns how many."""
        images, labels = load_my_data(path)
        self.set_samples(np.vstack([self.images, images]), np.append(self.labels, labels))
        return len(labels)

    @Slot()
    def choose_import(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "A folder with subfolders 0 to 9 of your drawings"
        )
        if folder:
            try:
                self.import_from(folder)
            except MuguiError as exc:
                # a dialog: the counter it went to sits in the strip that is hidden while there
                # are no drawings yet, so a first import that failed said nothing at all
                show_error(self, "Cannot import the drawings", exc)

    @Slot()
    def ask_to_clear(self) -> QMessageBox:
        """Ask before removing every drawing (Clear beside them removed them at one click, with
        no way back); Cancel is the default."""
        n = len(self.labels)
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Remove your drawings",
            f"Remove all {n} of your drawings? They cannot be brought back "
            "(File → Save experiment keeps them).",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setObjectName("clearMyDataDialog")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        yes = box.button(QMessageBox.StandardButton.Yes)
        yes.setText("Remove")
        box.buttonClicked.connect(lambda button: self.clear() if button is yes else None)
        box.open()
        return box

    @Slot()
    def clear(self) -> None:
        self.set_samples(np.zeros((0, N_PIXELS), np.uint8), np.zeros(0, np.uint8))

    def _show(self) -> None:
        n = len(self.labels)
        self.counter.setText(f"{n} drawing{'s' if n != 1 else ''}" if n else "none yet")
        self.counter.setToolTip("Your drawings join the training set at the next training")
        self.clear_button.setEnabled(n > 0)
        self.strip.setVisible(n > 0)
