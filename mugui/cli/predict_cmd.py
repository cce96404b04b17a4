"""`mugui predict`: the digit a model sees in each image file, preprocessed as the canvas is."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from mugui import typicality_file
from mugui.atomic_write import write_atomically
from mugui.calibration import calibrated_proba
from mugui.drawing.image_file import read_canvas
from mugui.drawing.ink_check import ink_problem
from mugui.drawing.preprocess import is_blank, to_model_input
from mugui.errors import ConfigError, DataError
from mugui.forgotten_answer import POLICIES, answer, forgotten_classes
from mugui.model_file import load_model
from mugui.typicality import UNLIKE_TRAINING, typicality_of

DEFAULT_ABSTAIN = 0.5  # answer "?" below 50% calibrated confidence
DAMAGED_CHECK_NOTE = (
    "{path}: its typicality check is damaged and is not used; "
    "only unsure answers and too little ink abstain"
)


HELP = "recognise digits in image files"
DESCRIPTION = (
    "Print the digit and its probability for each image (PNG, JPEG..., any size, "
    "dark ink on light or light on dark), preprocessed exactly as the drawing canvas is."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model",
        type=Path,
        required=True,
        metavar="MODEL.npz",
        help="a model saved by `mugui train` or the app",
    )
    parser.add_argument("images", type=Path, nargs="+", metavar="IMAGE", help="image files")
    parser.add_argument(
        "--metrics",
        type=Path,
        metavar="FILE.json",
        help="also write every file's digit and ten probabilities as JSON",
    )
    parser.add_argument(
        "--forgotten-answer",
        choices=POLICIES,
        default="argmax",
        help="what a model that was made to forget a class answers when it meets it: the most "
        "probable class (default), 'forgotten', or '?' (abstain)",
    )
    parser.add_argument(
        "--abstain-below",
        type=float,
        default=DEFAULT_ABSTAIN,
        metavar="P",
        help="answer '?' (or 'forgotten') when the top calibrated probability is below P, or "
        "when the image is unlike anything the model was trained on "
        f"(0..1, default {DEFAULT_ABSTAIN:g}; 0 turns both off: only too little ink abstains)",
    )


def run(args: argparse.Namespace) -> int:
    """Read every image first (so a bad file fails before any output), then predict them all."""
    if not 0.0 <= args.abstain_below <= 1.0:
        raise ConfigError("abstain_below", f"must be between 0 and 1, got {args.abstain_below}")
    model = load_model(args.model)
    if typicality_file.was_dropped(model.meta):
        sys.stderr.write(f"mugui: {DAMAGED_CHECK_NOTE.format(path=args.model)}\n")
    forgotten = forgotten_classes(model.meta)
    canvases = [read_canvas(path) for path in args.images]
    for path, canvas in zip(args.images, canvases, strict=True):
        if is_blank(canvas):
            raise DataError(f"{path} shows no ink: nothing to recognise")
    inputs = np.stack([to_model_input(canvas).reshape(-1) for canvas in canvases])
    probabilities = calibrated_proba(model, inputs)
    problems = [ink_problem(canvas) for canvas in canvases]
    stats = typicality_of(model)  # None for files without it or fitted for other weights
    unusual = stats.atypical(model, inputs) if stats is not None else np.zeros(len(canvases), bool)
    predictions = []
    for path, probs, problem, far in zip(
        args.images, probabilities, problems, unusual, strict=True
    ):
        digit = int(np.argmax(probs))
        said = answer(
            probs, forgotten, args.forgotten_answer, args.abstain_below, atypical=bool(far)
        )
        text = "?" if problem else said.text
        reason = problem
        if not reason and said.text == "?":
            reason = UNLIKE_TRAINING if far and args.abstain_below > 0 else "unsure"
        print(f"{path}\t{text}\t{probs[digit]:.3f}" + (f"\t(abstains: {reason})" if reason else ""))
        predictions.append(
            {
                "file": str(path),
                "digit": digit,
                "answer": text,
                "abstained": reason,
                "probabilities": [round(float(p), 6) for p in probs],
            }
        )
    if args.metrics:
        payload = json.dumps({"predictions": predictions}, indent=2).encode()
        write_atomically(args.metrics, lambda handle: handle.write(payload))
    return 0
