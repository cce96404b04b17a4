"""The window opens a sweep's results file and shows its summary; a bad file gives a dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from mugui.gui.sweep_results_dialog import SweepResultsDialog, open_sweep_results
from mugui.sweep.results import write_results
from tests.sweep.test_results_and_summary import ROWS


def _cell(dialog: SweepResultsDialog, row: int, title: str) -> str:
    table = dialog.table
    columns = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    return table.item(row, columns.index(title)).text()


def test_a_results_file_opens_as_the_summary_table(qtbot, tmp_path):
    write_results(ROWS, tmp_path)
    parent = QWidget()
    qtbot.addWidget(parent)
    for name in ("results.parquet", "results.csv"):
        dialog = open_sweep_results(parent, tmp_path / name)
        assert isinstance(dialog, SweepResultsDialog)
        assert dialog.table.rowCount() == 5
        methods = [dialog.table.item(r, 1).text() for r in range(5)]
        assert methods[:2] == ["retrain (reference)", "do nothing (original)"]
        assert _cell(dialog, 2, "parameters") == "epochs=1"
        assert _cell(dialog, 2, "forget acc") == "0.200 ± 0.141"
        assert _cell(dialog, 4, "failed") == "1"
        errors = dialog.findChildren(QLabel)
        assert any("it broke" in label.text() for label in errors)
        dialog.grab().save(str(tmp_path / "sweep_results_dialog.png"))
        dialog.close()


def test_a_file_that_is_not_results_gives_an_error_dialog(qtbot, tmp_path):
    (tmp_path / "other.csv").write_text("a,b\n1,2\n")
    parent = QWidget()
    qtbot.addWidget(parent)
    assert open_sweep_results(parent, tmp_path / "other.csv") is None
    box = parent.findChild(QMessageBox, "errorDialog")
    assert box is not None and "does not hold sweep results" in box.text()


def test_the_file_menu_offers_sweep_results(qtbot):
    from mugui.gui import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    file_menu = window.menuBar().actions()[0].menu()
    assert "Open sweep results…" in [a.text() for a in file_menu.actions()]
