"""Output zeroing: cut the forgotten class's output unit off (seed: the Keras unlearning notebook)."""

from __future__ import annotations

import numpy as np

from mugui.errors import UnlearningError
from mugui.unlearning.registry import Method, Param, UnlearnRequest, UnlearnResult, register


def output_zero(request: UnlearnRequest) -> UnlearnResult:
    """Set the last layer's weight column and bias of each forgotten class to zero (or to
    ``bias`` for the bias), leaving every hidden layer as it was."""
    forget = request.forget
    if not forget.classes:
        raise UnlearningError(
            f"output_zero forgets whole classes only; the forget set ({forget.description}) is "
            "not a class. Choose a class to forget, or a method that works on samples."
        )
    model = request.model
    weights, biases = model.layers()[-1]
    classes = list(forget.classes)
    removed = float(np.abs(weights[:, classes]).sum() + np.abs(biases[classes]).sum())
    weights[:, classes] = 0.0
    biases[classes] = request.params["bias"]
    request.report(1.0, "output unit zeroed", model)
    info = {
        "classes": classes,
        "weights_zeroed": int(weights.shape[0] * len(classes)),
        "bias_set_to": request.params["bias"],
        "abs_weight_removed": removed,
        "hidden_layers_changed": 0,
        "note": "the hidden layers still encode the class: see the linear probe and relearn time",
    }
    return UnlearnResult(model, info)


register(
    Method(
        name="output_zero",
        title="Zero the output unit",
        summary="Zero the forgotten class's output weights and bias; the hidden layers stay intact.",
        algorithm=(
            "For each forgotten class c, set column c of the last layer's weights and the bias b_c to "
            "zero, so that the class's logit is constant (0) for every input. The class then wins only "
            "when all other logits are negative, which after training is rare. Instant, and shallow: "
            "the hidden features that recognise the class are untouched, so a linear probe on the "
            "hidden layer still finds it and a few steps of training bring it back."
        ),
        source=(
            "The Keras 'machine unlearning' notebook that seeded mugui (zeroing the output neuron "
            "of the digit to forget)."
        ),
        params=(
            Param(
                "bias",
                0.0,
                -100.0,
                100.0,
                "Value given to the class's output bias. 0 is the notebook's recipe; a negative "
                "value also suppresses the class where every other logit is negative.",
            ),
        ),
        func=output_zero,
    )
)
