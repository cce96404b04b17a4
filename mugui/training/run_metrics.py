"""The metrics of a training run, one schema for `mugui train --metrics` and the window's export.

Both write the same JSON keys (``config``, ``data``, ``epochs``, ``bug_changes``, ``finished``,
``message``, ``final``, ``seconds``, ``samples_per_second``); ``final`` evaluates the model on the
test set and repeats the last epoch's reported accuracy and where it was measured.
"""

from __future__ import annotations

import csv
import io

from mugui.data.dataset import Dataset
from mugui.evaluation import evaluate
from mugui.model import Model
from mugui.training.trainer import History
from mugui_kernels.flags import NO_NORMALIZE

CSV_FIELDS = (
    "epoch",
    "loss",
    "train_accuracy",
    "test_accuracy",
    "reported_accuracy",
    "reported_on",
    "seconds",
)


def run_metrics(
    model: Model, dataset: Dataset, history: History | None, bugs: tuple[str, ...] = ()
) -> dict:
    """The run's metrics; ``history`` None (a loaded model without one) gives empty epochs."""
    flags = NO_NORMALIZE if "no_normalize" in bugs else 0
    final = evaluate(model, dataset.test_x, dataset.test_y, flags)
    summary = history.to_dict() if history is not None else None
    epochs = summary["epochs"] if summary else []
    last = epochs[-1] if epochs else None
    return {
        "config": summary["config"] if summary else None,
        "data": dataset.describe(),
        "epochs": epochs,
        "bug_changes": summary["bug_changes"] if summary else [],
        "finished": summary["finished"] if summary else "",
        "message": summary["message"] if summary else "",
        "final": {
            "test_accuracy": final.accuracy,
            "per_class_accuracy": final.to_dict()["per_class_accuracy"],
            "confusion": final.confusion.tolist(),
            "reported_accuracy": last["reported_accuracy"] if last else final.accuracy,
            "reported_on": last["reported_on"] if last else "test",
        },
        "seconds": summary["seconds"] if summary else 0.0,
        "samples_per_second": summary["samples_per_second"] if summary else 0.0,
        "calibration": model.meta.get("calibration"),  # T and ECE, fitted when training ended
    }


def metrics_csv(metrics: dict, class_names: tuple[str, ...] | list[str]) -> str:
    """One CSV row per epoch: the epoch's figures, its bugs and its per-class accuracy."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*CSV_FIELDS, "bugs", *(f"accuracy_{name}" for name in class_names)])
    for epoch in metrics["epochs"]:
        # a model file's history keeps no wall-clock seconds per epoch: that cell stays empty
        row = [epoch.get(field, "") for field in CSV_FIELDS] + [" ".join(epoch["bugs"])]
        writer.writerow(row + list(epoch["per_class_accuracy"]))
    return out.getvalue()
