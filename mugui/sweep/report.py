"""Turning rows into the study's files: results (Parquet, CSV), summary (Markdown, CSV), plots."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from mugui.atomic_write import write_atomically
from mugui.errors import MuguiError
from mugui.sweep.plots import write_plots
from mugui.sweep.results import read_results, write_results
from mugui.sweep.summary import SummaryRow, summarize, summary_csv, summary_markdown


@dataclass
class Report:
    table: list[SummaryRow]
    files: list[Path] = field(default_factory=list)
    plots_missing: str | None = None  # why there are no plots (matplotlib absent)

    @property
    def markdown(self) -> str:
        return summary_markdown(self.table)


def write_report(rows: list[dict], folder: str | os.PathLike, with_results: bool = True) -> Report:
    """Every file of a study's results in ``folder``; plots are skipped (and said so) without matplotlib."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    report = Report(summarize(rows))
    if with_results:
        report.files += write_results(rows, folder)
    for name, text in (("summary.md", report.markdown), ("summary.csv", summary_csv(report.table))):
        report.files.append(write_atomically(folder / name, lambda f, t=text: f.write(t.encode())))
    try:
        report.files += write_plots(rows, report.table, folder)
    except MuguiError as exc:
        report.plots_missing = str(exc)
    return report


def rebuild_report(results: str | os.PathLike) -> Report:
    """``mugui sweep --report``: summary and plots again, beside the results file (or in its folder)."""
    path = Path(results)
    rows = read_results(path)
    if not rows:
        raise MuguiError(f"{path} holds no rows")
    return write_report(rows, path if path.is_dir() else path.parent, with_results=False)
