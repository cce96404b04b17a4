"""DataPanel: which digits the model learns from, and how many there are."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from mugui.data.dataset import Dataset
from mugui.data.mnist_folder import default_cache_dir
from mugui.gui.column_layout import column
from mugui.gui.controls import combo_box, push_button, wrapping_label

BUNDLED = "bundled"
KNOWN_FOLDERS = (
    ("Full MNIST (from mugui data fetch)", default_cache_dir()),
    ("Fashion-MNIST (Debian)", Path("/usr/share/datasets/fashion-mnist")),
)


class DataPanel(QWidget):
    """A source list (bundled digits, known folders, folders the user opened) and a summary.

    Loading is the window's job: the panel emits ``source_requested`` with ``"bundled"`` or a path.
    """

    source_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.combo = combo_box(
            self,
            "dataSourceCombo",
            "Where the training and test digits come from. The bundled set holds 10,000 real MNIST "
            "digits (8,000 train / 2,000 test); a folder of the four IDX files loads full MNIST or "
            "any MNIST-format set such as Fashion-MNIST.",
        )
        self.combo.addItem("Bundled MNIST digits (10,000)", BUNDLED)
        for title, folder in KNOWN_FOLDERS:
            if folder.is_dir():
                self.combo.addItem(title, str(folder))
        self.open_button = push_button(
            self,
            "Open data folder…",
            "openDataButton",
            "Choose a folder holding MNIST-format IDX files (optionally .gz)",
        )
        self.summary = wrapping_label(self, "dataSummary")  # folder names are the user's
        column(self, self.combo, self.open_button, self.summary, margins=(4, 0, 4, 0))
        self.combo.activated.connect(
            lambda index: self.source_requested.emit(self.combo.itemData(index))
        )
        self.open_button.clicked.connect(self.choose_folder)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Open a folder of MNIST-format IDX files")
        if folder:
            self.source_requested.emit(folder)

    def show_loading(self, source: str) -> None:
        self.summary.setText(
            f"Loading {Path(source).name if source != BUNDLED else 'bundled digits'}…"
        )

    def show_dataset(self, source: str, dataset: Dataset) -> None:
        """Select ``source`` in the list (adding it if new) and summarise ``dataset``."""
        index = self.combo.findData(source)
        if index < 0:
            self.combo.addItem(Path(source).name, source)
            index = self.combo.count() - 1
        self.combo.setCurrentIndex(index)
        # Tooltips are rich text when they look like it: escape the user's path.
        tooltip = f"<p>{html.escape(dataset.source or source)}</p>"
        self.combo.setItemData(index, tooltip, Qt.ItemDataRole.ToolTipRole)
        self.summary.setText(
            f"{dataset.name}\n{dataset.n_train:,} training · {dataset.n_test:,} test images"
        )
