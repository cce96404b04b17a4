"""Every per-model verification figure in one dict (the unlearn report's ``before``/``after``/``reference``)."""

from __future__ import annotations

from mugui.data.dataset import Dataset
from mugui.unlearning.forget_set import ForgetSet
from mugui.verification.accuracy import ACCURACY_KEYS, accuracies
from mugui.verification.membership import mia_auc, mia_efficacy
from mugui.verification.outputs import Outputs, Predictor
from mugui.verification.probe import probe_accuracy

FIGURE_KEYS = (*ACCURACY_KEYS, "mia_auc", "probe_accuracy")


def model_figures(
    predictor: Predictor, dataset: Dataset, forget: ForgetSet, outputs: Outputs | None = None
) -> dict[str, float | None]:
    """Accuracies, MIA AUC, linear probe and MIA-efficacy of one model; None where undefined."""
    outputs = outputs if outputs is not None else Outputs.of(predictor, dataset)
    return {
        **accuracies(outputs, dataset, forget),
        "mia_auc": mia_auc(outputs, dataset, forget),
        "probe_accuracy": probe_accuracy(
            predictor, dataset, forget.target_classes(dataset.train_y)
        ),
        "mia_efficacy": mia_efficacy(outputs, dataset, forget),
    }
