"""The Verify table's row names wrap onto lines in a narrow view instead of being elided (an
audience sees no tooltips), and the exported table still names each row on one line."""

import csv
import io

from mugui.gui.figure_export import table_csv
from mugui.gui.theme import make_theme
from mugui.gui.verify_view import COLUMNS, ROWS, VerifyView

METRICS = {
    "forget_accuracy": 0.991, "retain_accuracy": 0.987, "test_accuracy": 0.978,
    "test_forget_accuracy": 0.969, "mia_auc": 0.512, "mia_efficacy": 0.474,
    "probe_accuracy": 0.955, "relearn_steps": 120,
}  # fmt: skip
REPORT = {
    "before": METRICS,
    "after": {**METRICS, "forget_accuracy": 0.0, "relearn_steps": 3},
    "reference": METRICS,
    "seconds": 0.0123,
    "reference_seconds": 104.56,
}


def test_row_names_wrap_whole_in_a_narrow_view_and_export_on_one_line(qtbot):
    view = VerifyView()
    qtbot.addWidget(view)
    view.set_theme(make_theme(dark=False, presentation=True))
    view.resize(340, 1200)  # narrow for its font, as the Verify tab in presentation mode
    view.show()
    view.show_report(REPORT)
    qtbot.wait(20)
    table = view.table
    names = [table.verticalHeaderItem(row).text() for row in range(len(ROWS))]
    assert any("\n" in name for name in names)
    assert [" ".join(name.split()) for name in names] == [label for _, label, _ in ROWS]
    header = table.horizontalHeader()
    for column, name in enumerate(COLUMNS):
        assert header.fontMetrics().horizontalAdvance(name) < header.sectionSize(column)
    rows = list(csv.reader(io.StringIO(table_csv(table).decode("utf-8"))))
    assert [row[0] for row in rows[1:]] == [label for _, label, _ in ROWS]
    view.resize(1200, 1200)  # room again: one line each
    qtbot.wait(20)
    assert [table.verticalHeaderItem(row).text() for row in range(len(ROWS))] == [
        label for _, label, _ in ROWS
    ]


def test_every_row_name_says_on_hover_what_its_figure_means(qtbot):
    """The rows' tooltips repeated their names ("Membership attack AUC"): nothing said what 0.5
    means or why the reference column matters."""
    view = VerifyView()
    qtbot.addWidget(view)
    for row, (_, label, _) in enumerate(ROWS):
        tip = view.table.verticalHeaderItem(row).toolTip()
        assert tip.startswith(f"{label}: ") and len(tip) > len(label) + 40, tip
    mia = [k for k, _, _ in ROWS].index("mia_auc")
    assert "0.5 means it cannot tell" in view.table.verticalHeaderItem(mia).toolTip()
