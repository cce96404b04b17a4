"""The sweep's figures, PNG and SVG, drawn with matplotlib's Agg backend (no window, no Qt).

``tradeoff``: per target, test accuracy against forget accuracy of every method setting (mean ±
sd over seeds) with the retrain reference (the goal) and the original (do nothing). ``scores``:
the distribution over seeds and targets of each setting's forgetting quality (or, without it,
of its average gap to the reference).
"""

from __future__ import annotations

import os
from pathlib import Path

from mugui.atomic_write import write_atomically
from mugui.errors import MuguiError
from mugui.sweep.summary import DO_NOTHING, REFERENCE, SummaryRow, short_params

FORMATS = ("png", "svg")


def _pyplot():
    try:
        import matplotlib
    except ImportError:
        raise MuguiError(
            "the sweep's plots need matplotlib: pip install 'mugui[cluster]'"
        ) from None
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    return plt


def _label(method: str, params: str, model: str = "") -> str:
    return " ".join(part for part in (method, f"[{model}]" if model else "", params) if part)


def _save(fig, folder: Path, name: str) -> list[Path]:
    paths = []
    for fmt in FORMATS:
        paths.append(
            write_atomically(
                folder / f"{name}.{fmt}",
                lambda f, fmt=fmt: fig.savefig(f, format=fmt, dpi=120, bbox_inches="tight"),
            )
        )
    return paths


def tradeoff_figure(table: list[SummaryRow], folder: Path) -> list[Path]:
    plt = _pyplot()
    targets = list(dict.fromkeys(r.target for r in table))
    cols = min(3, len(targets))
    rows = (len(targets) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(4.8 * cols, 4.0 * rows), squeeze=False)
    colors = {}
    for ax, target in zip(axes.flat, targets, strict=False):
        for row in (r for r in table if r.target == target):
            x, y = row.stats["forget_accuracy"], row.stats["test_accuracy"]
            if x.mean is None or y.mean is None:
                continue
            if row.method == REFERENCE:
                style = {"marker": "*", "markersize": 14, "color": "black"}
            elif row.method == DO_NOTHING:
                style = {"marker": "X", "markersize": 10, "color": "grey"}
            else:
                label = _label(row.method, row.params, row.model)
                colors.setdefault(label, f"C{len(colors) % 10}")
                style = {"marker": "o", "markersize": 7, "color": colors[label]}
            ax.errorbar(
                x.mean, y.mean, xerr=x.sd or 0.0, yerr=y.sd or 0.0, linestyle="none",
                capsize=3, label=_label(row.method, row.params, row.model), **style,
            )  # fmt: skip
        ax.set_title(target)
        ax.set_xlabel("forget accuracy (goal: the reference's)")
        ax.set_ylabel("test accuracy")
        ax.grid(alpha=0.3)
    for ax in list(axes.flat)[len(targets) :]:
        ax.set_visible(False)
    handles, labels = axes.flat[0].get_legend_handles_labels()
    seen = dict(zip(labels, handles, strict=True))
    for ax in list(axes.flat)[1 : len(targets)]:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            seen.setdefault(label, handle)
    legend_rows = (len(seen) + 2) // 3
    fig.legend(seen.values(), seen.keys(), loc="lower center", ncol=3, fontsize="small")
    fig.suptitle("Accuracy–forgetting trade-off (mean ± sd over seeds)")
    fig.tight_layout(rect=(0, min(0.4, 0.25 * legend_rows / rows), 1, 1))
    try:
        return _save(fig, folder, "tradeoff")
    finally:
        plt.close(fig)


def scores_figure(rows: list[dict], folder: Path) -> list[Path]:
    plt = _pyplot()
    ok = [r for r in rows if r.get("status") == "ok"]
    column, title = (
        ("fq_score", "forgetting quality (NeurIPS 2023; higher is better)")
        if any(r.get("fq_score") is not None for r in ok)
        else ("gap_avg_gap", "average gap to the retrain reference (lower is better)")
    )
    labels = short_params(rows)
    groups: dict[str, list[float]] = {}
    for r in ok:
        if r.get(column) is not None:
            label = _label(
                r["method"], labels[r["method"], r.get("params") or "{}"], r.get("model") or ""
            )
            groups.setdefault(label, []).append(float(r[column]))
    fig, ax = plt.subplots(figsize=(max(5.0, 1.2 * len(groups) + 2), 4.0))
    if groups:
        ax.boxplot(list(groups.values()), showfliers=False)
        for i, values in enumerate(groups.values(), start=1):
            ax.plot([i] * len(values), values, "o", alpha=0.6, color="C0")
        ax.set_xticks(range(1, len(groups) + 1), list(groups), rotation=20, ha="right")
    ax.set_ylabel(title)
    ax.set_title("Score distribution over seeds and targets")
    ax.grid(alpha=0.3, axis="y")
    fig.tight_layout()
    try:
        return _save(fig, folder, "scores")
    finally:
        plt.close(fig)


def write_plots(rows: list[dict], table: list[SummaryRow], folder: str | os.PathLike) -> list[Path]:
    """Both figures, as PNG and SVG, into ``folder``."""
    folder = Path(folder)
    return tradeoff_figure(table, folder) + scores_figure(rows, folder)
