"""Amnesiac unlearning (Graves et al. 2021): subtract the recorded updates of the forget batches.

Training with recording on (``mugui train --record-updates``) keeps, per *record group* (one per
class plus "my data" by default), the sum of the parameter updates of every batch holding a
sample of that group (see :mod:`mugui.training.recording`). They reach this method through
``request.extras``: ``record`` (groups × params), ``record_sample_groups`` (a bit mask per
training sample) and ``record_groups`` (the group names).
"""

from __future__ import annotations

import numpy as np

from mugui.bugs import bug_flags
from mugui.errors import UnlearningError
from mugui.training.config import TrainConfig
from mugui.unlearning.blocks import params as shared
from mugui.unlearning.blocks.batch_loop import steps_per_epoch
from mugui.unlearning.blocks.retain_training import retain_training
from mugui.unlearning.registry import Method, Param, UnlearnRequest, UnlearnResult, register

NO_RECORDING = (
    "amnesiac needs the parameter updates recorded while the model was trained, and this model "
    "has none: train it again with recording switched on (`mugui train --record-updates`, "
    "'Record updates' in the window, or TrainConfig(record_updates=True)) and unlearn from that "
    "model file"
)


def _recording(request: UnlearnRequest) -> tuple[np.ndarray, np.ndarray, list[str]]:
    extras = request.extras
    record = extras.get("record")
    if record is None or record.ndim != 2 or record.shape[0] == 0:
        raise UnlearningError(NO_RECORDING)
    groups = extras.get("record_sample_groups")
    if groups is None or groups.shape != (request.dataset.n_train,):
        raise UnlearningError(
            "the recorded updates belong to another training set (their sample count differs); "
            "retrain with --record-updates on this data"
        )
    if record.shape[1] != request.model.params.size:
        raise UnlearningError("the recorded updates belong to a model of another size")
    names = [str(n) for n in extras.get("record_groups", [])] or [
        f"group {g}" for g in range(record.shape[0])
    ]
    return record, groups.astype(np.int64), names


def covering_group(request: UnlearnRequest, groups: np.ndarray, names: list[str]) -> int:
    """The smallest recorded group that holds every forget sample, or a clear error."""
    bits = groups[request.forget.indices]
    uncovered = int((bits == 0).sum())
    if uncovered:
        raise UnlearningError(
            f"{uncovered} of the {bits.size} samples to forget were in no recorded group, so no "
            "update of theirs was kept; amnesiac can only forget what was recorded"
        )
    common = np.bitwise_and.reduce(bits)
    candidates = [g for g in range(len(names)) if common & (np.int64(1) << g)]
    if not candidates:
        raise UnlearningError(
            f"the forget set spans several recorded groups; their sums overlap (a batch holding "
            f"samples of two groups was added to both), so they cannot be subtracted together. "
            f"Amnesiac forgets one recorded group (or part of one): {', '.join(names)}"
        )
    sizes = [int(((groups >> g) & 1).sum()) for g in candidates]
    return candidates[int(np.argmin(sizes))]


def recorded_batches(config: TrainConfig, groups: np.ndarray, group: int) -> tuple[int, int]:
    """(batches that touched ``group``, all batches), replaying the trainer's shuffles."""
    from mugui_kernels.epoch import shuffle_order  # numba, imported on first use

    n = groups.size
    member = ((groups >> group) & 1).astype(bool)
    flags = bug_flags(config.bugs)
    touched = 0
    for epoch in range(1, config.epochs + 1):
        order = np.arange(n, dtype=np.int64)
        if config.shuffle != "never":
            seed = config.seed if config.shuffle == "once" else config.seed * 1_000_003 + epoch
            shuffle_order(order, np.int64(seed), np.int64(flags))
        starts = np.arange(0, n, config.batch_size)
        touched += int(np.logical_or.reduceat(member[order], starts).sum())
    return touched, config.epochs * steps_per_epoch(n, config.batch_size)


def amnesiac(request: UnlearnRequest) -> UnlearnResult:
    """θ ← θ − Σ(updates of the covering group's batches), then a short retain fine-tune."""
    p = request.params
    model = request.model
    record, groups, names = _recording(request)
    group = covering_group(request, groups, names)
    group_size = int(((groups >> group) & 1).sum())
    touched, all_batches = recorded_batches(request.config, groups, group)
    model.params -= record[group]
    request.report(0.2, f"subtracted the updates of group '{names[group]}'", model)
    info = {
        "group_subtracted": names[group],
        "group_samples": group_size,
        "forget_samples": int(request.forget.indices.size),
        "batches_subtracted": touched,
        "batches_total": all_batches,
        "batches_subtracted_fraction": touched / all_batches if all_batches else 0.0,
        "update_norm_subtracted": float(np.linalg.norm(record[group])),
        "recording_bytes": int(record.nbytes + groups.nbytes),
        "recorded_groups": names,
    }
    if p["epochs"] > 0:
        info.update(
            retain_training(
                request, model, p["epochs"], p["lr"], p["batch_size"], progress=(0.2, 0.8)
            )
        )
    if touched > 0.9 * all_batches:
        info["note"] = (
            f"{touched} of {all_batches} batches held a sample of '{names[group]}': with batches of "
            f"{request.config.batch_size} nearly every batch holds every class, so subtracting them "
            "undoes almost all training and the fine-tune is nearly a retraining"
        )
    return UnlearnResult(model, info)


register(
    Method(
        name="amnesiac",
        title="Amnesiac unlearning",
        summary="Subtract the recorded updates of every batch that held a forget sample, then fine-tune.",
        algorithm=(
            "While training, for each record group (a class, or the user's samples) the parameter "
            "change of every batch containing a member is added to that group's running sum; the "
            "memory is one parameter vector per group, not one per batch. To forget, find the "
            "smallest group that holds the whole forget set, subtract its sum from the weights "
            "(undoing every batch that saw it, together with what the rest of those batches taught), "
            "then fine-tune on the retain set for a fraction of an epoch to repair the collateral "
            "damage. Momentum carries a little of each update into later batches, which are not "
            "subtracted. Cheap when the forget data sat in few batches; a whole class sits in "
            "nearly every batch, so there it amounts to a restart."
        ),
        source="Graves, Nagisetty & Ganesh, 'Amnesiac Machine Learning', AAAI 2021 (arXiv:2010.10981).",
        params=(
            Param(
                "epochs",
                2.0,
                0.0,
                20.0,
                "Retain fine-tune after the subtraction, in passes over the retain set (fractions "
                "allowed; Graves et al. use a few batches up to one epoch). 0 shows the bare "
                "subtraction.",
            ),
            shared.learning_rate(
                0.05,
                "Learning rate of the repair fine-tune. After subtracting a whole class the model "
                "is close to its initialisation, so it needs a training-sized rate, not a gentle one.",
                low=1e-5,
            ),
            shared.batch_size("Retain samples per fine-tune step."),
        ),
        func=amnesiac,
        needs_recording=True,
    )
)
