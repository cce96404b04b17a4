"""SnapshotTimeline: the models of this session in order, kept automatically; click one to use it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mugui.experiment import Snapshot
from mugui.gui.controls import push_button

RESERVED_NAME = "retrained reference"  # the comparison's name for the Verify reference


class SnapshotTimeline(QWidget):
    """``snapshotList``: one row per snapshot (double-click or F2 renames it), Delete removes it.

    ``chosen(Snapshot)`` fires when the user clicks a snapshot to make it the current model.
    """

    chosen = Signal(object)
    renamed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.snapshots: list[Snapshot] = []
        self.list = QListWidget(self)
        self.list.setObjectName("snapshotList")
        self.list.setToolTip("Click a snapshot to make it the current model; double-click renames")
        self.list.setEditTriggers(
            QListWidget.EditTrigger.DoubleClicked | QListWidget.EditTrigger.EditKeyPressed
        )
        self.delete_button = push_button(
            self, "Delete", "deleteSnapshotButton", "Remove the selected snapshot from the timeline"
        )
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.list.itemClicked.connect(self._on_clicked)
        self.list.itemChanged.connect(self._on_renamed)
        self.delete_button.clicked.connect(self.delete_selected)

    def add(self, snapshot: Snapshot) -> None:
        """Append ``snapshot`` and mark it as the current one."""
        self.snapshots.append(snapshot)
        item = QListWidgetItem(snapshot.name)
        item.setData(Qt.ItemDataRole.UserRole, snapshot.name)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.list.blockSignals(True)
        self.list.addItem(item)
        self.list.setCurrentItem(item)
        self.list.blockSignals(False)

    def set_snapshots(self, snapshots: list[Snapshot]) -> None:
        self.list.clear()
        self.snapshots = []
        for snapshot in snapshots:
            self.add(snapshot)

    def names(self) -> list[str]:
        return [s.name for s in self.snapshots]

    def find(self, name: str) -> Snapshot | None:
        return next((s for s in reversed(self.snapshots) if s.name == name), None)

    def choose(self, row: int) -> None:
        """Make the snapshot at ``row`` current, as a click does."""
        self.list.setCurrentRow(row)
        self.chosen.emit(self.snapshots[row])

    def rename(self, row: int, name: str) -> None:
        self.list.item(row).setText(name)

    @Slot()
    def delete_selected(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        self.list.takeItem(row)
        del self.snapshots[row]

    @Slot(QListWidgetItem)
    def _on_clicked(self, item: QListWidgetItem) -> None:
        self.chosen.emit(self.snapshots[self.list.row(item)])

    @Slot(QListWidgetItem)
    def _on_renamed(self, item: QListWidgetItem) -> None:
        """Keep the new name, made unique: the comparison under the canvas finds models by name,
        so a second "trained: Healthy default, test 95%" (or a snapshot named "retrained
        reference") hid a model from its list and compared with the wrong one."""
        row = self.list.row(item)
        name = item.text().strip()
        if name:
            taken = {s.name for i, s in enumerate(self.snapshots) if i != row} | {RESERVED_NAME}
            unique, k = name, 2
            while unique in taken:
                unique, k = f"{name} ({k})", k + 1
            name = unique
        else:
            name = self.snapshots[row].name
        if item.text() != name:
            self.list.blockSignals(True)
            item.setText(name)
            self.list.blockSignals(False)
        self.snapshots[row].name = name
        self.renamed.emit()
