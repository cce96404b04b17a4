"""Random labels: teach the forget samples a wrong class while retain batches hold the rest."""

from __future__ import annotations

from mugui.unlearning.blocks.relabelling import RELABEL_PARAMS, relabel_steps
from mugui.unlearning.registry import Method, UnlearnRequest, UnlearnResult, register


def random_labels(request: UnlearnRequest) -> UnlearnResult:
    """Descend on forget samples relabelled with random other classes, mixed with retain batches."""
    info = relabel_steps(request, "training on random labels", request.rng(5))
    return UnlearnResult(request.model, info)


register(
    Method(
        name="random_labels",
        title="Random labels",
        summary="Relabel forget samples with random wrong classes and train on them with retain data.",
        algorithm=(
            "For E passes over the forget set: give each forget sample of a batch a random class "
            "other than its own (drawn afresh every pass), stack a random retain batch with its true "
            "labels, and take one momentum-SGD cross-entropy step. The wrong labels disagree with "
            "each other, so the model cannot learn them; it only unlearns the true one, while the "
            "retain half keeps the other classes where they were."
        ),
        source=(
            "Graves et al. 2021 ('unlearning by relabelling'); Golatkar et al. 2020; used as RL in "
            "SalUn (Fan et al. 2024). Tuned for this MLP: 1 epoch, lr 0.01, 32 forget + 128 retain per step."
        ),
        params=RELABEL_PARAMS,
        func=random_labels,
    )
)
