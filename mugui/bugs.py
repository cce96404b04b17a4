"""The bug catalogue: every training bug mugui can switch on, with what it does and where it came from.

The maths of each bug lives in the kernels (``mugui_kernels.flags``); this module is the one
place that explains them, for tooltips, ``mugui train --list-bugs`` and the README.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mugui.errors import ConfigError
from mugui_kernels import flags as kflags


@dataclass(frozen=True)
class Bug:
    name: str
    flag: int
    summary: str
    explanation: str
    provenance: str


BUGS: dict[str, Bug] = {
    bug.name: bug
    for bug in (
        Bug(
            "batch_image_index",
            kflags.BATCH_IMAGE_INDEX,
            "Every slot of a group of 5 gets the same image, with 5 different labels.",
            "nn.c reads data.images[i * INPUT_SIZE + k] where it meant [(i + j) * INPUT_SIZE + k]: "
            "each mini-batch of 5 trains one image against the labels of 5 samples. The network "
            "memorises this fixed label noise, so held-out accuracy peaks early and then falls "
            "epoch after epoch. Fixing only this line makes nn.c learn normally.",
            "the unlearning nn.c (the real cause of its decline)",
        ),
        Bug(
            "no_shuffle",
            kflags.NO_SHUFFLE,
            "The shuffle loop never runs: data stays in file order.",
            "nn.c's shuffle is written for (i = 0; i > n; i++), a loop whose condition is false from "
            "the start. Training sees the samples in file order every epoch.",
            "nn.c",
        ),
        Bug(
            "output_relu",
            kflags.OUTPUT_RELU,
            "ReLU on the output logits before softmax; backward ignores it.",
            "The C forward() applies ReLU to every layer, the output layer included, so negative "
            "logits are clipped to 0 before softmax; backward() still treats the logits as linear.",
            "nn.c and miniMNIST-c",
        ),
        Bug(
            "double_hidden_grad",
            kflags.DOUBLE_HIDDEN_GRAD,
            "The hidden-layer gradient is accumulated twice (old and updated weights).",
            "The C backward() updates each output weight and accumulates the gradient for the "
            "hidden layer in the same loop, so the hidden gradient also flows through weights that "
            "were already updated: it is summed through the old and the new output weights.",
            "nn.c and miniMNIST-c",
        ),
        Bug(
            "eval_on_train",
            kflags.EVAL_ON_TRAIN,
            "The reported accuracy is measured on the training data.",
            "The write-up's debug.c reported 99.98% accuracy after its 'fix'; it was measured on "
            "the very samples the network trained on. mugui still computes the true test accuracy "
            "and keeps it beside the misleading figure.",
            "the write-up's debug.c (its 99.98%)",
        ),
        Bug(
            "gradient_ascent",
            kflags.GRADIENT_ASCENT,
            "The update climbs the loss (w += v): literally learning backwards.",
            "The sign of the update is flipped, so every step increases the loss. Accuracy falls to "
            "chance and below. It is the seeds' folk explanation of 'learning backwards', and the "
            "idea behind the gradient-ascent unlearning method.",
            "the seeds' folk explanation; also an unlearning method",
        ),
        Bug(
            "no_normalize",
            kflags.NO_NORMALIZE,
            "Pixels are fed as 0..255 instead of 0..1.",
            "Without dividing by 255 the first layer's activations are 255 times too large; with "
            "the usual learning rate the logits explode, softmax saturates and training stalls or "
            "blows up.",
            "a classic",
        ),
        Bug(
            "unstable_softmax",
            kflags.UNSTABLE_SOFTMAX,
            "Softmax without subtracting the max: exp overflows to Inf, then NaN.",
            "exp(z) overflows float32 once a logit passes about 88; Inf/Inf is NaN and the weights "
            "are poisoned. Harmless while logits stay small, fatal when they grow.",
            "a classic",
        ),
        Bug(
            "momentum_no_decay",
            kflags.MOMENTUM_NO_DECAY,
            "v = v + lr*g: the momentum never decays.",
            "The velocity keeps every past gradient at full weight, so steps grow without bound "
            "and training overshoots and diverges: the write-up's 'momentum mismanagement'.",
            "the write-up's 'momentum mismanagement'",
        ),
    )
}


def bug_flags(names: Iterable[str]) -> int:
    """The kernel bit mask of the named bugs; an unknown name raises ConfigError."""
    value = 0
    for name in names:
        if name not in BUGS:
            raise ConfigError("bugs", f"unknown bug {name!r}; known: {', '.join(BUGS)}")
        value |= BUGS[name].flag
    return value


def likely_culprit(names: Iterable[str]) -> str | None:
    """The active bug most likely to have made weights non-finite, for divergence messages."""
    names = set(names)
    for name in (
        "unstable_softmax",
        "no_normalize",
        "momentum_no_decay",
        "gradient_ascent",
        "double_hidden_grad",
        "output_relu",
    ):
        if name in names:
            return name
    return None
