"""`mugui predict`: the digit a model sees in each image file, preprocessed as the canvas is."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from mugui.atomic_write import write_atomically
from mugui.drawing.image_file import load_model_input
from mugui.model_file import load_model


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `mugui predict --model MODEL.npz IMAGE... [--metrics FILE.json]`."""
    parser = subparsers.add_parser(
        "predict",
        help="recognise digits in image files",
        description="Print the digit and its probability for each image (PNG, JPEG..., any size, "
        "dark ink on light or light on dark), preprocessed exactly as the drawing canvas is.",
    )
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
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Read every image first (so a bad file fails before any output), then predict them all."""
    model = load_model(args.model)
    inputs = np.stack([load_model_input(path).reshape(-1) for path in args.images])
    probabilities = model.predict_proba(inputs)
    predictions = []
    for path, probs in zip(args.images, probabilities, strict=True):
        digit = int(np.argmax(probs))
        print(f"{path}\t{digit}\t{probs[digit]:.3f}")
        predictions.append(
            {
                "file": str(path),
                "digit": digit,
                "probabilities": [round(float(p), 6) for p in probs],
            }
        )
    if args.metrics:
        payload = json.dumps({"predictions": predictions}, indent=2).encode()
        write_atomically(args.metrics, lambda handle: handle.write(payload))
    return 0
