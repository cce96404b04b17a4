"""VerifyView: original / unlearned / retrained side by side, the attack, the race, the verdicts."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QProgressBar,
    QSplitter,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from mugui.gui.controls import int_spin, push_button, wrapping_label
from mugui.gui.mia_histogram import MiaHistogram
from mugui.gui.relearn_race_plot import RelearnRacePlot
from mugui.gui.theme import Theme
from mugui.gui.wrapped_name import wrapped_name
from mugui.verification.verdicts import relearn_budget, verdicts

COLUMNS = ("original", "unlearned", "reference")
# what each column's model is: the header's tooltip (a narrow tab elides the header's text)
COLUMN_TIPS = (
    "original: the model before forgetting",
    "unlearned: the model after the unlearning method",
    "reference: a model retrained from scratch without the forget set",
)
STACK_EMS = 48  # a view narrower than this many points stacks the two plots
# (report key, row label, format); accuracies are shown as percentages.
ROWS = (
    ("forget_accuracy", "Forget-set accuracy", "pct"),
    ("retain_accuracy", "Retain-set accuracy", "pct"),
    ("test_accuracy", "Test accuracy", "pct"),
    ("test_forget_accuracy", "Test accuracy, forgotten digits", "pct"),
    ("mia_auc", "Membership attack AUC", "num"),
    ("mia_efficacy", "Forget samples judged unseen", "pct"),
    ("probe_accuracy", "Hidden-layer probe accuracy", "pct"),
    ("relearn_steps", "Steps to relearn", "int"),
    ("seconds", "Seconds of work", "sec"),
)

# what each row means, for its name's tooltip (the name alone taught nothing)
ROW_TIPS = {
    "forget_accuracy": "how many of the training samples to forget the model still classifies "
    "right; retraining without them shows what is left from generalisation alone",
    "retain_accuracy": "accuracy on the training samples that were not to be forgotten",
    "test_accuracy": "accuracy on test digits the model never trained on",
    "test_forget_accuracy": "test accuracy on the forgotten digits' classes only (empty when "
    "random samples of every class were forgotten)",
    "mia_auc": "a loss-threshold membership attack telling forget samples from unseen test "
    "digits of the same classes: 0.5 means it cannot tell them apart, 1.0 always can",
    "mia_efficacy": "the share of forget samples an attack trained on retain vs test samples "
    "judges never seen; a misclassified sample looks unseen, so compare with the reference",
    "probe_accuracy": "a linear probe on the hidden layer asked to find the forgotten class "
    "(0.5: nothing found); a single digit is separable even in random features, so compare "
    "with the reference",
    "relearn_steps": "training steps on the full data until the forget-set accuracy is back "
    "at the original's level: few steps mean the knowledge was hidden, not removed "
    "(> N: not back within the race's N steps); press Relearn",
    "seconds": "wall-clock seconds the method (or retraining from scratch) took",
}


def cell_text(value, kind: str) -> str:
    if value is None:
        return "—"
    if kind == "pct":
        return f"{value:.1%}"
    if kind == "int":
        return f"{int(value)}"
    if kind == "sec":
        return f"{value:.2f} s"
    return f"{value:.3f}"


NOTHING_TO_VERIFY = "Forget something, then press Verify."
NOT_KEPT = "not kept in the experiment (forget and verify again to draw it)"
QUALITY_IDLE = "not measured yet"
QUALITY_STARTING = "starting…"
QUALITY_MEASURED = "measured over {n} runs"


class VerifyView(QWidget):
    """``verifyTable`` (rows: metrics; columns: original / unlearned / reference), the verdicts,
    ``miaPlot`` and ``relearnPlot``, and the optional forgetting-quality score with its progress.

    ``quality_requested(n)`` asks for the score with n runs; ``quality_cancelled()`` stops it.
    """

    quality_requested = Signal(int)
    quality_cancelled = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.verdict_label = wrapping_label(self, "verdictLabel", NOTHING_TO_VERIFY)
        self.table = QTableWidget(len(ROWS), len(COLUMNS), self)
        self.table.setObjectName("verifyTable")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        for column, tip in enumerate(COLUMN_TIPS):
            self.table.horizontalHeaderItem(column).setToolTip(tip)
        self.table.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setVerticalHeaderLabels([label for _, label, _ in ROWS])
        for row, (key, label, _) in enumerate(ROWS):
            # the whole name (wrapped on a narrow tab; the exports' row name) and, on hover,
            # what the figure means
            item = self.table.verticalHeaderItem(row)
            item.setData(Qt.ItemDataRole.UserRole, label)
            item.setToolTip(f"{label}: {ROW_TIPS[key]}")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.mia = MiaHistogram(self)
        self.race = RelearnRacePlot(self)
        self.quality_runs = int_spin(self, "qualityRunsSpin", 2, 64, 4)
        self.quality_runs.setPrefix("runs: ")
        self.quality_runs.setToolTip(
            "Forgetting quality (NeurIPS 2023 challenge): unlearn and retrain this many times "
            "with different seeds and compare the output distributions. Slow: n × (method + retrain)."
        )
        self.quality_button = push_button(
            self, "Forgetting quality", "qualityButton", self.quality_runs.toolTip()
        )
        self.quality_cancel = push_button(
            self, "Cancel", "cancelQualityButton", "Stop the forgetting-quality runs"
        )
        self.quality_cancel.setEnabled(False)
        self.quality_progress = QProgressBar(self)
        self.quality_progress.setObjectName("qualityProgress")
        self.quality_progress.setRange(0, 1000)
        self.quality_progress.setValue(0)
        # "0%" read as a measured score of nothing: the bar says what it is waiting for
        self.quality_progress.setFormat(QUALITY_IDLE)
        self.quality_label = wrapping_label(self, "qualityLabel")
        quality = QHBoxLayout()
        quality.addWidget(self.quality_button)
        quality.addWidget(self.quality_runs)
        quality.addWidget(self.quality_progress, 1)
        quality.addWidget(self.quality_cancel)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.verdict_label)
        top_layout.addWidget(self.table)
        top_layout.addLayout(quality)
        top_layout.addWidget(self.quality_label)
        self.plots = QSplitter(Qt.Orientation.Horizontal, self)
        self.plots.addWidget(self.mia)
        self.plots.addWidget(self.race)
        self.plots.setChildrenCollapsible(False)
        self.point_size = 10.0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(top)
        layout.addWidget(self.plots, 1)
        self.report: dict | None = None
        self.fit_table()
        self.quality_button.clicked.connect(
            lambda: self.quality_requested.emit(self.quality_runs.value())
        )
        self.quality_cancel.clicked.connect(self.quality_cancelled)

    def fit_table(self) -> None:
        """Make the table exactly as tall as its rows, so the plots get the rest."""
        self.fit_columns()
        self.table.resizeRowsToContents()
        header = self.table.horizontalHeader()
        height = max(header.height(), header.sizeHint().height()) + 2 * self.table.frameWidth()
        height += self.table.verticalHeader().length()
        self.table.setFixedHeight(height)

    def fit_columns(self) -> None:
        """The figures and the models' names stay whole, the row names give way: each column is
        as wide as its widest figure or name, and the row names take the rest of the table's
        width on as many lines as they need (a narrow tab in presentation mode elided them and
        the models' names to "Test accuracy, forgotten" and "unlea…")."""
        table = self.table
        style = table.style()
        metrics = QFontMetrics(table.font())
        names = table.verticalHeader().fontMetrics()
        margin = 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1)
        header_margin = 2 * style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, table) + 2
        texts = [table.item(r, c).text() for r in range(len(ROWS)) for c in range(len(COLUMNS))
                 if table.item(r, c) is not None]  # fmt: skip
        need = max(
            max((metrics.horizontalAdvance(t) for t in texts), default=0) + margin + 4,
            max(names.horizontalAdvance(c) for c in COLUMNS) + header_margin + 4,
        )
        room = table.width() - 2 * table.frameWidth() - need * len(COLUMNS) - header_margin
        room = max(room, 6 * names.averageCharWidth())
        for row, (_, label, _) in enumerate(ROWS):
            item = table.verticalHeaderItem(row)
            text = wrapped_name(label, names, room)
            if item.text() != text:
                item.setText(text)
        table.verticalHeader().setMaximumWidth(room + header_margin)

    def resizeEvent(self, event) -> None:
        """Side by side when there is room, the attack over the race on a narrow tab (in
        presentation mode on a 1280-px screen the two plots made the view scroll sideways)."""
        super().resizeEvent(event)
        narrow = event.size().width() < STACK_EMS * self.point_size
        orientation = Qt.Orientation.Vertical if narrow else Qt.Orientation.Horizontal
        if self.plots.orientation() != orientation:
            self.plots.setOrientation(orientation)
            self.plots.setSizes([1, 1])  # an even share, whichever way they stand
        self.plots.setMinimumHeight(540 if narrow else 220)  # stacked: 270 px a plot
        self.fit_table()

    def showEvent(self, event) -> None:
        """Row heights are final once the table is styled and shown."""
        super().showEvent(event)
        self.fit_table()

    def show_report(self, report: dict) -> None:
        """Fill the table and the verdicts from an unlearning report (the CLI's JSON keys)."""
        self.report = report
        blocks = (report["before"], report["after"], report["reference"] or {})
        budget = relearn_budget(report)
        for row, (key, _, kind) in enumerate(ROWS):
            for column, block in enumerate(blocks):
                if key == "seconds":
                    value = (None, report["seconds"], report["reference_seconds"])[column]
                else:
                    value = block.get(key)
                text = cell_text(value, kind)
                if key == "relearn_steps" and key in block and value is None and budget:
                    text = f"> {budget:,}"  # raced, and not back within the budget ("—" before)
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)
        self.fit_table()
        self.verdict_label.setText("\n".join(verdicts(report)))
        quality = report.get("forgetting_quality")
        self.quality_label.setText(
            f"Forgetting quality {quality['score']:.3f} over {quality['n']} runs" if quality else ""
        )
        self._show_quality_bar()

    def clear(self, headline: str) -> None:
        """No report: empty cells, ``headline`` instead of the verdicts, no histogram or race,
        the quality bar idle. A new Forget left the previous model's figures and verdicts
        here, under the new model's name, until Verify was pressed again."""
        self.report = None
        for row in range(len(ROWS)):
            for column in range(len(COLUMNS)):
                self.table.setItem(row, column, QTableWidgetItem(""))
        self.verdict_label.setText(headline)
        self.quality_label.setText("")
        self._show_quality_bar()
        self.mia.set_losses(np.zeros(0), np.zeros(0), "Membership attack")
        self.race.reset()

    def show_saved_report(self, report: dict) -> None:
        """A report kept in an experiment: its table and verdicts; the plots' titles say that
        their curves are not kept (empty, they sat under verdicts quoting them)."""
        self.show_report(report)
        self.mia.set_losses(np.zeros(0), np.zeros(0), f"Membership attack: {NOT_KEPT}")
        self.race.reset(title=f"Relearn race: {NOT_KEPT}")

    def _show_quality_bar(self) -> None:
        """The quality bar as the report leaves it: full with its run count once measured, else
        "not measured yet" (it kept "not measured yet" beside an opened experiment's score, and
        a finished or cancelled run's last percentage under the next model's report)."""
        quality = (self.report or {}).get("forgetting_quality")
        self.quality_progress.setValue(1000 if quality else 0)
        self.quality_progress.setFormat(
            QUALITY_MEASURED.format(n=quality["n"]) if quality else QUALITY_IDLE
        )

    def value(self, key: str, column: str) -> str:
        row = [k for k, _, _ in ROWS].index(key)
        return self.table.item(row, COLUMNS.index(column)).text()

    def set_quality_running(self, running: bool) -> None:
        self.quality_button.setEnabled(not running)
        self.quality_cancel.setEnabled(running)
        if running:
            self.quality_progress.setValue(0)
            self.quality_progress.setFormat(QUALITY_STARTING)
        else:
            self._show_quality_bar()

    def set_quality_progress(self, fraction: float, phrase: str) -> None:
        self.quality_progress.setValue(int(1000 * fraction))
        self.quality_progress.setFormat(f"{fraction:.0%} {phrase}")

    def set_theme(self, theme: Theme) -> None:
        self.point_size = theme.point_size
        self.mia.set_theme(theme)
        self.race.set_theme(theme)
        self.verdict_label.setFont(theme.font(1.1, bold=True))
        self.fit_table()
