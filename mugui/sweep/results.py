"""Result rows: one per (method, parameters, target, seed), flat, written to Parquet and CSV.

A row holds the task's identity, its status (``ok`` or ``failed`` with the error), the figures of
the original (``before_*``: the do-nothing baseline), the unlearned model (``after_*``), the mean
retrain reference (``reference_*``), their gap, each figure's noise-floor verdict (``verdict_*``),
cost, and the forgetting quality (``fq_*``).
Parquet needs pyarrow (the ``mugui[cluster]`` extra); CSV is always written beside it.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from pathlib import Path

from mugui.atomic_write import write_atomically
from mugui.errors import MuguiError

IDENTITY = ("key", "study", "method", "params", "model", "target", "seed", "status", "error")
ROW_NAME = IDENTITY[:7]  # which row: key to seed
FIGURE_BLOCKS = ("before", "after", "reference", "reference_sd", "gap")
TEXT_COLUMNS = (
    *(c for c in IDENTITY if c != "seed"),
    "forget_description",
    "worker",
    "blas_threads",
)
SCALARS = ("seconds", "reference_seconds", "speedup", "work_speedup")
PARQUET = "results.parquet"
CSV = "results.csv"
PER_EXAMPLE = "per_example"  # .parquet / .csv: one line per (row, forget sample)
PER_EXAMPLE_SAMPLES = "fq_samples"  # in a row: the forget samples' training indices
PER_EXAMPLE_EPSILONS = "fq_epsilons"  # in a row: the attack's ε for each of them


def _number(value):
    """Plain float/int/str/None for a table cell; non-finite floats become None."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def report_columns(report: dict) -> dict:
    """The figures of an unlearning report as flat columns."""
    row = {
        "forget_description": report["forget"]["description"],
        "forget_size": report["forget"]["size"],
    }
    for block in FIGURE_BLOCKS:
        for name, value in (report.get(block) or {}).items():
            if value is None or isinstance(value, int | float):
                row[f"{block}_{name}"] = _number(value)
    for name in SCALARS:
        row[name] = _number(report.get(name))
    for name, floor in (report.get("noise_floor") or {}).items():
        if floor:
            row[f"verdict_{name}"] = floor["verdict"]
    for name, value in (report.get("forgetting_quality") or {}).items():
        row[f"fq_{name}"] = _number(value)
    return row


def identity_columns(study: str, task, status: str, error: str | None) -> dict:
    """Which row: study, method, parameters (JSON and one column each), model settings, target, seed."""
    row = {
        "key": task.key,
        "study": study,
        "method": task.method,
        "params": json.dumps(task.params, sort_keys=True),
        "model": task.model,
        "target": task.target,
        "seed": task.seed,
        "status": status,
        "error": error,
    }
    row.update({f"param_{name}": _number(value) for name, value in task.params.items()})
    return row


def columns_of(rows: list[dict]) -> list[str]:
    """Identity columns first, then every other column in sorted order."""
    seen = {name for row in rows for name in row}
    return [c for c in IDENTITY if c in seen] + sorted(seen - set(IDENTITY))


def per_example_rows(rows: list[dict]) -> list[dict]:
    """The per-example attack in long form: one line per row and forget sample."""
    lines = []
    for row in rows:
        samples, epsilons = row.get(PER_EXAMPLE_SAMPLES), row.get(PER_EXAMPLE_EPSILONS)
        if samples is None or epsilons is None:
            continue
        for sample, epsilon in zip(samples, epsilons, strict=True):
            lines.append(
                {**{k: row.get(k) for k in ROW_NAME}, "sample": sample, "epsilon": epsilon}
            )
    return lines


def _write_table(rows: list[dict], folder: Path, stem: str) -> list[Path]:
    """``STEM.csv`` always, ``STEM.parquet`` too when pyarrow is installed."""
    columns = columns_of(rows)
    text = io.StringIO()
    writer = csv.DictWriter(text, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    written = [
        write_atomically(folder / f"{stem}.csv", lambda f: f.write(text.getvalue().encode()))
    ]
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        return written
    table = pa.Table.from_pylist([{c: row.get(c) for c in columns} for row in rows])
    written.append(write_atomically(folder / f"{stem}.parquet", lambda f: pq.write_table(table, f)))
    return written


def write_results(rows: list[dict], folder: str | os.PathLike) -> list[Path]:
    """``results.csv`` (and ``.parquet`` with pyarrow); ``per_example.*`` when rows carry ε."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    lists = (PER_EXAMPLE_SAMPLES, PER_EXAMPLE_EPSILONS)
    flat = [{k: v for k, v in row.items() if k not in lists} for row in rows]
    written = _write_table(flat, folder, Path(CSV).stem)
    per_example = per_example_rows(rows)
    if per_example:
        written += _write_table(per_example, folder, PER_EXAMPLE)
    return written


def read_results(path: str | os.PathLike) -> list[dict]:
    """Rows from a results file (``.parquet`` or ``.csv``) or a results folder."""
    path = Path(path)
    if path.is_dir():
        path = path / PARQUET if (path / PARQUET).is_file() else path / CSV
    if not path.is_file():
        raise MuguiError(f"no results file at {path}")
    if path.suffix.lower() == ".parquet":
        try:
            import pyarrow.parquet as pq
        except ImportError:
            raise MuguiError(
                "reading Parquet needs pyarrow: pip install 'mugui[cluster]' (or open results.csv)"
            ) from None
        try:
            rows = pq.read_table(path).to_pylist()
        except Exception as exc:  # pyarrow raises its own error types for damaged files
            raise MuguiError(f"{path} is not a readable Parquet file: {exc}") from None
    else:
        try:
            with path.open(newline="", encoding="utf-8") as handle:
                rows = [
                    {k: v or None if k in TEXT_COLUMNS else _cell(v) for k, v in row.items()}
                    for row in csv.DictReader(handle)
                ]
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise MuguiError(f"{path} is not a readable CSV file: {exc}") from None
    if rows and not {"method", "target", "status"} <= set(rows[0]):
        raise MuguiError(f"{path} does not hold sweep results (no method/target/status columns)")
    return rows


def _cell(text: str | None):
    """A CSV cell as None, a number or the text itself."""
    if text is None or text == "":
        return None
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in text and "e" not in text else number
