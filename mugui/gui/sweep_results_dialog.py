"""A dialog showing the summary of a `mugui sweep` results file (Parquet or CSV).

The table is the engine's summary (mean ± sd over seeds, beside the retrain reference and the
do-nothing baseline), so it matches ``summary.md`` and ``mugui sweep --report``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mugui.errors import MuguiError
from mugui.gui.dialogs import show_error
from mugui.sweep.results import read_results
from mugui.sweep.summary import COLUMNS, TITLES, identity_cells, summarize

MAX_ERRORS = 5


class SweepResultsDialog(QDialog):
    """The summary table of ``rows`` (as read from ``path``), with the first failures listed."""

    def __init__(self, rows: list[dict], path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sweepResultsDialog")
        self.setWindowTitle(f"Sweep results: {path.name}")
        table = summarize(rows)
        columns = [c for c in COLUMNS if any(r.stats[c].mean is not None for r in table)]
        done = sum(r.get("status") == "ok" for r in rows)
        failed = [r for r in rows if r.get("status") != "ok"]
        studies = sorted({str(r.get("study")) for r in rows if r.get("study")})
        header = QLabel(
            f"{', '.join(studies) or 'study'}: {len(rows)} rows, {done} finished, "
            f"{len(failed)} failed. Mean ± sd over seeds; avg gap is the distance to the "
            "retrain reference (0 is ideal)."
        )
        header.setTextFormat(Qt.TextFormat.PlainText)
        header.setWordWrap(True)
        titles, names = identity_cells(table)
        self.table = QTableWidget(len(table), len(titles) + len(columns))
        self.table.setHorizontalHeaderLabels([*titles, *(TITLES[c] for c in columns)])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        for i, (row, named) in enumerate(zip(table, names, strict=True)):
            cells = named + [row.stats[c].text(2 if c == "seconds" else 3) for c in columns]
            for j, text in enumerate(cells):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.table)
        if failed:
            self.errors = QLabel(
                "Failed:\n"
                + "\n".join(
                    f"{r.get('method')} on {r.get('target')}, seed {r.get('seed')}: {r.get('error')}"
                    for r in failed[:MAX_ERRORS]
                )
                + (f"\n… and {len(failed) - MAX_ERRORS} more" if len(failed) > MAX_ERRORS else "")
            )
            self.errors.setTextFormat(Qt.TextFormat.PlainText)
            self.errors.setWordWrap(True)
            layout.addWidget(self.errors)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(1100, 420)


def open_sweep_results(parent: QWidget, path: str | Path | None = None) -> QDialog | None:
    """Ask for a results file (unless given), then show its summary; a bad file gives a dialog."""
    if path is None:
        path, _ = QFileDialog.getOpenFileName(
            parent, "Open sweep results", "", "Sweep results (*.parquet *.csv)"
        )
        if not path:
            return None
    path = Path(path)
    try:
        rows = read_results(path)
        if not rows:
            raise MuguiError(f"{path} holds no rows")
    except MuguiError as exc:
        show_error(parent, "Cannot open sweep results", exc)
        return None
    dialog = SweepResultsDialog(rows, path, parent)
    dialog.open()
    return dialog
