"""Exact unlearning: train from scratch on the retain set (the gold standard every method is measured against)."""

from __future__ import annotations

import numpy as np

from mugui.evaluation import accuracy
from mugui.training.events import EpochEnd, Progress
from mugui.unlearning.blocks.batch_loop import steps_per_epoch
from mugui.unlearning.reference_cache import DEFAULT_CACHE
from mugui.unlearning.registry import Method, Param, UnlearnRequest, UnlearnResult, register


def retrain(request: UnlearnRequest) -> UnlearnResult:
    """Train fresh models on the retain set with the original configuration, one per seed.

    The model of the original seed is returned (bit-identical to training on the retain set by
    hand); with ``seeds`` > 1 the info holds each seed's accuracies and their mean ± sd. The
    training always runs, so its wall time is the honest cost of exact unlearning, and each
    model is stored in the reference cache so that verification afterwards is instant.
    """
    seeds = request.params["seeds"]
    config = request.config
    data = request.dataset
    forget = request.forget
    test_forget = np.isin(data.test_y, forget.classes)
    models = []
    for i in range(seeds):

        def on_event(event, i=i) -> None:
            if isinstance(event, Progress):
                epochs_done = event.epoch - 1 + event.fraction
            elif isinstance(event, EpochEnd):
                epochs_done = event.epoch
            else:
                return
            request.report(
                (i + epochs_done / config.epochs) / seeds,
                f"retraining seed {config.seed + i}, epoch {event.epoch}/{config.epochs}",
            )

        models.append(
            DEFAULT_CACHE.reference(
                data,
                config,
                forget,
                config.seed + i,
                refresh=True,
                control=request.control,
                on_event=on_event,
            )
        )
    request.report(1.0, "retrained", models[0])
    retained = int(forget.retain_indices().size)
    test_acc = [accuracy(m, data.test_x, data.test_y) for m in models]
    info = {
        "seeds": [config.seed + i for i in range(seeds)],
        "epochs": config.epochs * seeds,
        "steps": seeds * config.epochs * steps_per_epoch(retained, config.batch_size),
        "samples_seen": seeds * config.epochs * retained,
        "test_accuracy_per_seed": test_acc,
        "test_accuracy_mean": float(np.mean(test_acc)),
        "test_accuracy_sd": float(np.std(test_acc)),
    }
    if test_forget.any():
        forgotten = [
            accuracy(m, data.test_x[test_forget], data.test_y[test_forget]) for m in models
        ]
        info["test_forget_accuracy_per_seed"] = forgotten
        info["test_forget_accuracy_mean"] = float(np.mean(forgotten))
        info["test_forget_accuracy_sd"] = float(np.std(forgotten))
    return UnlearnResult(models[0], info)


register(
    Method(
        name="retrain",
        title="Retrain from scratch",
        summary="Exact unlearning: a new model trained on the retain set only.",
        algorithm=(
            "Train a freshly initialised MLP on the retain set (the training data minus the forget "
            "set) with the original configuration and seed: same layers, learning rate, momentum, "
            "batch size, epochs and shuffling. Nothing of the forget set can remain, because the "
            "model never saw it. Every other method is judged by its gap to this model."
        ),
        source="The definition of exact unlearning (Cao & Yang 2015; Bourtoule et al. 2021).",
        params=(
            Param(
                "seeds",
                1,
                1,
                10,
                "How many models to retrain, with seeds config.seed, config.seed+1, ...; the first is "
                "returned and the info reports mean ± sd over all, because retraining itself varies "
                "from seed to seed. Each costs a full training.",
            ),
        ),
        func=retrain,
        exact=True,
    )
)
