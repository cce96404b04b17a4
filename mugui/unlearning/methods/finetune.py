"""Fine-tuning: keep training on the retain set only and let the forget set fade."""

from __future__ import annotations

from mugui.training.kernel_args import step_settings
from mugui.unlearning.blocks import params as shared
from mugui.unlearning.blocks.batch_loop import BatchLoop
from mugui.unlearning.registry import Method, UnlearnRequest, UnlearnResult, register
from mugui.unlearning.stepper import Stepper, one_hot


def finetune(request: UnlearnRequest) -> UnlearnResult:
    """``epochs`` passes of momentum SGD over the retain set, starting from the original model.

    Nothing pushes the forget set away: it is forgotten only as far as catastrophic forgetting
    erodes it, which for a whole class takes many epochs and for random samples barely matters.
    """
    p = request.params
    model = request.model
    data = request.dataset
    retain = request.forget.retain_indices()
    stepper = Stepper(model, step_settings(p["lr"], p["momentum"]))
    loop = BatchLoop(request, retain, p["batch_size"], p["epochs"], request.rng(1), "fine-tuning")
    for batch in loop:
        stepper.step(data.train_x[batch], one_hot(data.train_y[batch]))
    return UnlearnResult(model, loop.info())


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
            shared.epochs(1, "Passes over the retain set; each costs 1/E of a retraining."),
            shared.learning_rate(
                0.02,
                "SGD learning rate. Larger rates forget faster, because they overwrite more of the "
                "original weights, but also lose more of what the retain set taught.",
                low=1e-5,
            ),
            *shared.sgd("Retain samples per step."),
        ),
        func=finetune,
    )
)
