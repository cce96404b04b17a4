"""ForgetTargetPicker: which training samples to forget — digits, a mode, and its amount."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QGridLayout,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from mugui.cli.indices_file import read_indices
from mugui.data.dataset import N_CLASSES, Dataset
from mugui.errors import UnlearningError
from mugui.gui.controls import combo_box, int_spin, push_button
from mugui.model import Model
from mugui.unlearning import forget_set
from mugui.unlearning.forget_set import ForgetSet
from mugui.unlearning.forget_task import forget_task

# (key, label shown in the combo); the order is the combo's.
MODES = (
    ("class", "Whole class"),
    ("fraction", "A fraction of the class"),
    ("count", "N random samples"),
    ("user", "My data"),
    ("indices", "Indices file"),
    ("task", "A task (task-by-task model)"),
)
THUMB = 28


def digit_icon(image: np.ndarray) -> QIcon:
    """A 28×28 uint8 image as an icon (white ink on black, as the model sees it)."""
    pixels = np.ascontiguousarray(np.asarray(image, dtype=np.uint8).reshape(28, 28))
    qimage = QImage(pixels.data, 28, 28, 28, QImage.Format.Format_Grayscale8).copy()
    return QIcon(QPixmap.fromImage(qimage).scaled(THUMB, THUMB))


class ForgetTargetPicker(QWidget):
    """Ten digit buttons, each with a real sample, and how much of the picked digits to forget.

    :meth:`forget_set` turns the choice into the engine's ForgetSet (UnlearningError if the choice
    is incomplete). ``changed()`` fires on every edit.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        grid = QGridLayout()
        grid.setSpacing(2)
        self.digit_buttons: list[QToolButton] = []
        for digit in range(N_CLASSES):
            button = QToolButton(self)
            button.setObjectName(f"forgetDigitButton_{digit}")
            button.setCheckable(True)
            button.setText(str(digit))
            button.setIconSize(QSize(THUMB, THUMB))
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            button.setMinimumWidth(THUMB + 6)
            button.setToolTip(f"Forget digit {digit} (several digits may be picked)")
            button.toggled.connect(self.changed)
            grid.addWidget(button, digit // 5, digit % 5)
            self.digit_buttons.append(button)
        self.mode_combo = combo_box(self, "forgetModeCombo")
        # as wide as its longest mode, on a row of its own under the digits: never elided
        self.mode_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for key, label in MODES:
            self.mode_combo.addItem(label, key)
        self.mode_combo.setToolTip("Forget: how much of the picked digits")
        self.mode_combo.setAccessibleName("Forget")
        self.fraction = QDoubleSpinBox(self)
        self.fraction.setObjectName("forgetFractionSpin")
        self.fraction.setRange(1.0, 100.0)
        self.fraction.setValue(50.0)
        self.fraction.setSuffix(" %")
        self.fraction.setDecimals(0)
        self.fraction.setToolTip("The share of each picked digit's training samples to forget")
        self.count = int_spin(
            self,
            "forgetCountSpin",
            1,
            100_000,
            100,
            "Samples drawn at random from the picked digits (any digit if none)",
        )
        self.indices_button = push_button(
            self,
            "Choose file…",
            "forgetIndicesButton",
            "A text file of training indices, or a .npy integer array",
        )
        self.task = QSpinBox(self)
        self.task.setObjectName("forgetTaskSpin")
        self.task.setRange(1, N_CLASSES)
        self.task.setPrefix("task ")
        self.task.setToolTip(
            "Forget a whole task of a model learnt task by task (Training → Learn task by task…):\n"
            "use si_forget or, for the dynamic network, unit_removal"
        )
        self.user_label = QLabel("", self)
        self.user_label.setWordWrap(True)
        self.amount = QStackedWidget(self)
        self._pages = {
            "class": QLabel("every training sample of the picked digits", self),
            "fraction": self.fraction,
            "count": self.count,
            "user": self.user_label,
            "indices": self.indices_button,
            "task": self.task,
        }
        for page in self._pages.values():
            self.amount.addWidget(page)
        self._pages["class"].setWordWrap(True)
        self.amount.setMaximumHeight(self.count.sizeHint().height() * 2)
        self.indices_path: Path | None = None
        self._dataset: Dataset | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.mode_combo)
        layout.addWidget(self.amount)
        self.mode_combo.currentIndexChanged.connect(self._on_mode)
        self.fraction.valueChanged.connect(self.changed)
        self.count.valueChanged.connect(self.changed)
        self.task.valueChanged.connect(self.changed)
        self.indices_button.clicked.connect(self.choose_indices_file)
        self._on_mode()

    @property
    def mode(self) -> str:
        return self.mode_combo.currentData()

    def set_mode(self, key: str) -> None:
        self.mode_combo.setCurrentIndex(self.mode_combo.findData(key))

    def digits(self) -> list[int]:
        return [d for d, b in enumerate(self.digit_buttons) if b.isChecked()]

    def set_digits(self, digits: list[int]) -> None:
        for d, button in enumerate(self.digit_buttons):
            button.setChecked(d in digits)

    def set_dataset(self, dataset: Dataset) -> None:
        """Show a real training sample of each digit, and how many drawings "my data" holds."""
        self._dataset = dataset
        for digit, button in enumerate(self.digit_buttons):
            rows = np.flatnonzero(dataset.train_y == digit)
            button.setIcon(digit_icon(dataset.train_x[rows[0]]) if rows.size else QIcon())
        self.user_label.setText(
            f"the {dataset.n_user} drawings you added"
            if dataset.n_user
            else "no drawings added yet"
        )

    @Slot()
    def choose_indices_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Indices to forget", "", "Indices (*.txt *.npy);;All files (*)"
        )
        if path:
            self.set_indices_file(Path(path))

    def set_indices_file(self, path: Path) -> None:
        self.indices_path = path
        self.indices_button.setText(path.name)
        self.changed.emit()

    def forget_set(self, dataset: Dataset, model: Model | None = None) -> ForgetSet:
        """The engine's forget set for the current choice (a task needs the ``model``)."""
        mode, digits = self.mode, self.digits()
        if mode == "task":
            if model is None:
                raise UnlearningError("train a model task by task first")
            return forget_task(dataset, model, self.task.value())
        if mode == "user":
            return forget_set.forget_user_data(dataset)
        if mode == "indices":
            if self.indices_path is None:
                raise UnlearningError("choose a file of training indices to forget")
            return forget_set.forget_indices(dataset, read_indices(self.indices_path))
        if mode == "count" and not digits:
            return forget_set.forget_random(dataset, self.count.value())
        if not digits:
            raise UnlearningError("pick at least one digit to forget")
        if mode == "class":
            return forget_set.merge([forget_set.forget_class(dataset, d) for d in digits])
        if mode == "fraction":
            share = self.fraction.value() / 100
            return forget_set.merge([forget_set.forget_fraction(dataset, d, share) for d in digits])
        per_digit = max(1, self.count.value() // len(digits))
        return forget_set.merge([forget_set.forget_count(dataset, d, per_digit) for d in digits])

    @Slot()
    def _on_mode(self) -> None:
        self.amount.setCurrentWidget(self._pages[self.mode])
        uses_digits = self.mode in ("class", "fraction", "count")
        for button in self.digit_buttons:
            button.setEnabled(uses_digits)
        self.changed.emit()
