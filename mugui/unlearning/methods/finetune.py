"""Fine-tuning: keep training on the retain set only and let the forget set fade."""

from __future__ import annotations

from mugui.unlearning.registry import Method, Param, UnlearnRequest, UnlearnResult, register
from mugui.unlearning.stepper import Stepper, batches, one_hot


def finetune(request: UnlearnRequest) -> UnlearnResult:
    """``epochs`` passes of momentum SGD over the retain set, starting from the original model.

    Nothing pushes the forget set away: it is forgotten only as far as catastrophic forgetting
    erodes it, which for a whole class takes many epochs and for random samples barely matters.
    """
    p = request.params
    model = request.model
    data = request.dataset
    retain = request.forget.retain_indices()
    rng = request.rng(1)
    stepper = Stepper(model, p["lr"], p["momentum"])
    per_epoch = -(-retain.size // p["batch_size"])
    total = p["epochs"] * per_epoch
    step = 0
    for epoch in range(1, p["epochs"] + 1):
        for batch in batches(retain, p["batch_size"], rng):
            stepper.step(data.train_x[batch], one_hot(data.train_y[batch]))
            step += 1
            request.report(step / total, f"fine-tuning, epoch {epoch}/{p['epochs']}")
        request.report(step / total, f"epoch {epoch} done", model)
    info = {
        "epochs": p["epochs"],
        "steps": step,
        "samples_seen": p["epochs"] * int(retain.size),
    }
    return UnlearnResult(model, info)


register(
    Method(
        name="finetune",
        title="Fine-tune on the retain set",
        summary="Train on the retain data only, for a few epochs.",
        algorithm=(
            "Starting from the original model, run E epochs of momentum SGD with cross-entropy on the "
            "retain set only. The forget set is never shown again, so whatever the model knew about it "
            "is only overwritten indirectly (catastrophic forgetting). Cheap, gentle, and usually too "
            "weak to forget a whole class: it is the baseline every targeted method must beat."
        ),
        source="The 'fine-tune' baseline of Golatkar et al. 2020 and Warnecke et al. 2023.",
        params=(
            Param(
                "epochs", 1, 1, 50, "Passes over the retain set; each costs 1/E of a retraining."
            ),
            Param(
                "lr",
                0.02,
                1e-5,
                1.0,
                "SGD learning rate. Larger rates forget faster, because they overwrite more of the "
                "original weights, but also lose more of what the retain set taught.",
            ),
            Param("momentum", 0.9, 0.0, 0.999, "SGD momentum."),
            Param("batch_size", 64, 1, 4096, "Retain samples per step."),
        ),
        func=finetune,
    )
)
