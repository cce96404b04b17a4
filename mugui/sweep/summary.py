"""The summary table: per target and method setting, mean ± sd over seeds, beside the baselines.

Two baselines are added for every target: the retrain reference (the goal: a perfect method
matches it) and "do nothing" (the original model, which every row measured before unlearning).
``avg_gap`` is the mean distance to the reference over the accuracies and the MIA AUC (0 is
ideal). The spread is the sample standard deviation over seeds (n − 1), empty for one seed.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import dataclass

import numpy as np

from mugui.verification.gap import reference_gap

FIGURES = ("forget_accuracy", "retain_accuracy", "test_accuracy", "mia_auc")
COLUMNS = (*FIGURES, "avg_gap", "fq_score", "seconds")
TITLES = {
    "forget_accuracy": "forget acc",
    "retain_accuracy": "retain acc",
    "test_accuracy": "test acc",
    "mia_auc": "MIA AUC",
    "avg_gap": "avg gap to ref",
    "fq_score": "forgetting quality",
    "seconds": "seconds",
}
REFERENCE = "retrain (reference)"
DO_NOTHING = "do nothing (original)"


@dataclass(frozen=True)
class Stat:
    mean: float | None
    sd: float | None
    n: int

    def text(self, digits: int = 3) -> str:
        if self.mean is None:
            return ""
        if self.sd is None:
            return f"{self.mean:.{digits}f}"
        return f"{self.mean:.{digits}f} ± {self.sd:.{digits}f}"


@dataclass(frozen=True)
class SummaryRow:
    target: str
    method: str
    params: str
    seeds: int  # rows that finished
    failed: int
    stats: dict[str, Stat]
    model: str = ""  # the model settings that vary in the study, if any


def _stat(values: list) -> Stat:
    values = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    if not values:
        return Stat(None, None, 0)
    sd = float(np.std(values, ddof=1)) if len(values) > 1 else None
    return Stat(float(np.mean(values)), sd, len(values))


def _figures(row: dict, block: str) -> dict:
    return {key: row.get(f"{block}_{key}") for key in FIGURES}


def _avg_gap(row: dict, block: str) -> float | None:
    if row.get("reference_forget_accuracy") is None:
        return None
    return reference_gap(_figures(row, block), _figures(row, "reference"))["avg_gap"]


def short_params(rows: list[dict]) -> dict[tuple[str, str], str]:
    """Per (method, parameters JSON), only the parameters that vary between that method's rows."""
    settings: dict[str, dict[str, dict]] = {}
    for row in rows:
        text = row.get("params") or "{}"
        settings.setdefault(row["method"], {})[text] = json.loads(text)
    labels = {}
    for method, by_text in settings.items():
        keys = {k for params in by_text.values() for k in params}
        varying = sorted(k for k in keys if len({repr(p.get(k)) for p in by_text.values()}) > 1)
        for text, params in by_text.items():
            labels[method, text] = ", ".join(f"{k}={params.get(k)}" for k in varying)
    return labels


def summarize(rows: list[dict]) -> list[SummaryRow]:
    """Per target and model setting: the reference, do nothing, then each (method, parameters).

    ``params`` shows only the parameters that vary between a method's settings.
    """
    labels = short_params(rows)
    targets: dict[tuple[str, str], dict[tuple[str, str], list[dict]]] = {}
    for row in rows:
        groups = targets.setdefault((row["target"], row.get("model") or ""), {})
        groups.setdefault((row["method"], row.get("params") or "{}"), []).append(row)
    table = []
    for (target, model), groups in targets.items():
        ok = [r for group in groups.values() for r in group if r.get("status") == "ok"]
        per_seed = list({r["seed"]: r for r in ok}.values())  # the baselines are shared by seed
        for name, block, seconds in (
            (REFERENCE, "reference", "reference_seconds"),
            (DO_NOTHING, "before", None),
        ):
            if block == "reference" and not any(
                r.get("reference_forget_accuracy") is not None for r in per_seed
            ):
                continue
            stats = {key: _stat([r.get(f"{block}_{key}") for r in per_seed]) for key in FIGURES}
            stats["avg_gap"] = _stat(
                [0.0 if block == "reference" else _avg_gap(r, block) for r in per_seed]
                if any(r.get("reference_forget_accuracy") is not None for r in per_seed)
                else []
            )
            stats["fq_score"] = _stat([])
            stats["seconds"] = _stat([r.get(seconds) for r in per_seed] if seconds else [])
            table.append(SummaryRow(target, name, "", len(per_seed), 0, stats, model))
        for (method, params), group in groups.items():
            done = [r for r in group if r.get("status") == "ok"]
            stats = {key: _stat([r.get(f"after_{key}") for r in done]) for key in FIGURES}
            stats["avg_gap"] = _stat([r.get("gap_avg_gap") for r in done])
            stats["fq_score"] = _stat([r.get("fq_score") for r in done])
            stats["seconds"] = _stat([r.get("seconds") for r in done])
            table.append(
                SummaryRow(
                    target,
                    method,
                    labels[method, params],
                    len(done),
                    len(group) - len(done),
                    stats,
                    model,
                )  # fmt: skip
            )
    return table


def _shown_columns(table: list[SummaryRow]) -> list[str]:
    return [c for c in COLUMNS if any(r.stats[c].mean is not None for r in table)]


def identity_cells(table: list[SummaryRow]) -> tuple[list[str], list[list[str]]]:
    """Titles and per row the cells naming it; the model column only when the study varies it."""
    with_model = any(row.model for row in table)
    titles = [
        "target",
        *(["model"] if with_model else []),
        "method",
        "parameters",
        "seeds",
        "failed",
    ]
    cells = [
        [row.target, *([row.model] if with_model else []), row.method, row.params]
        + [str(row.seeds), str(row.failed)]
        for row in table
    ]
    return titles, cells


def summary_markdown(table: list[SummaryRow]) -> str:
    """A Markdown table (also readable as plain text)."""
    columns = _shown_columns(table)
    titles, names = identity_cells(table)
    head = [*titles, *(TITLES[c] for c in columns)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for row, named in zip(table, names, strict=True):
        cells = list(named)
        cells += [row.stats[c].text(2 if c == "seconds" else 3) for c in columns]
        lines.append("| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |")
    return "\n".join(lines) + "\n"


def summary_csv(table: list[SummaryRow]) -> str:
    """One line per summary row, a mean and an sd column per figure."""
    columns = _shown_columns(table)
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(
        ["target", "model", "method", "params", "seeds", "failed"]
        + [f"{c}_{part}" for c in columns for part in ("mean", "sd")]
    )
    for row in table:
        cells = [row.target, row.model, row.method, row.params, row.seeds, row.failed]
        for c in columns:
            stat = row.stats[c]
            cells += ["" if stat.mean is None else stat.mean, "" if stat.sd is None else stat.sd]
        writer.writerow(cells)
    return text.getvalue()
