"""Honest confidence, measured: temperature, calibration error, and how often the answer is "?".

Trains a model on the bundled digits (the default config or, with ``--architecture cnn``, the
``cnn`` preset's, or with ``--deskew``/``--augment``,
``--style-strokes N`` and ``--outlier-exposure N``: N non-digits trained toward the uniform
target, other letters and scribbles than the ones measured here), then reports its bundled test
accuracy and stress-set score (overall, worst style), the fitted temperature, the expected calibration error (ECE, 15 bins) before and
after temperature scaling on the half of the test split it was not fitted on, and the abstain
rate — "?" from the ink check or a top calibrated probability below the threshold — on that
half of the test digits, on synthetic user drawings of digits, and on letters and scribbles
drawn by the same stroke renderer (``mugui.drawing.non_digits``) — each without and with the
typicality check (``mugui.typicality``: "?" when the input's hidden-layer features are farther
from every class than 99 % of held-out digits, for the data set's digits and for drawn ones),
and the stress set's score when a "?" counts as wrong.

    .venv/bin/python benchmarks/abstain_rates.py [--threshold 0.5] [--deskew] [--augment] \
        [--style-strokes 6000] [--outlier-exposure 2000] [--seed 0] [--architecture cnn] \
        [--drawing-seed 5]
"""

from __future__ import annotations

import argparse
import os
from collections import defaultdict

import numpy as np

from mugui.calibration import calibrated_proba
from mugui.data.load import load_dataset
from mugui.drawing.ink_check import ink_problem
from mugui.drawing.non_digits import non_digit_drawings
from mugui.drawing.preprocess import to_model_input
from mugui.drawing.stress_score import score_model, score_predictions
from mugui.drawing.stress_set import BENCHMARK_SEED, PER_STYLE, stress_set
from mugui.drawing.strokes import user_drawings
from mugui.presets import get_preset
from mugui.training.config import TrainConfig
from mugui.training.trainer import train
from mugui.typicality import typicality_of


def abstains(model, canvases: list[np.ndarray], threshold: float, typical=None) -> np.ndarray:
    """True where the canvas would show "?" (with ``typical``, the typicality check too)."""
    inputs = np.stack([to_model_input(c).reshape(-1) for c in canvases])
    unsure = calibrated_proba(model, inputs).max(axis=1) < threshold
    if typical is not None and threshold > 0:
        unsure |= typical.atypical(model, inputs)
    return unsure | np.array([bool(ink_problem(c)) for c in canvases])


def stress_with_abstaining(model, stress, threshold: float, typical) -> tuple[float, str, float]:
    """Overall, worst style and its score on the stress set when "?" counts as wrong."""
    unsure = calibrated_proba(model, stress.images).max(axis=1) < threshold
    if typical is not None:
        unsure |= typical.atypical(model, stress.images)
    score = score_predictions(np.where(unsure, -1, model.predict(stress.images)), stress)
    return score.overall, *score.worst_style


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, action="append")
    parser.add_argument("--deskew", action="store_true")
    parser.add_argument("--augment", action="store_true")
    parser.add_argument("--style-strokes", type=int, default=0)
    parser.add_argument("--outlier-exposure", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--drawing-seed", type=int, default=5, help="seed of the drawn digits, letters, scribbles"
    )
    parser.add_argument(
        "--architecture", choices=("mlp", "cnn"), default="mlp", help="cnn: the cnn preset's"
    )
    args = parser.parse_args()
    data = load_dataset("bundled")
    base = get_preset("cnn").config if args.architecture == "cnn" else TrainConfig()
    config = base.replace(
        seed=args.seed,
        deskew=args.deskew,
        augment=args.augment,
        style_strokes=args.style_strokes,
        outlier_exposure=args.outlier_exposure,
    )
    print(f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    started = os.times()
    model, _ = train(data, config, fit_typicality=True)
    spent = os.times()
    print(
        f"training + fitting: {spent.user - started.user + spent.system - started.system:.1f} CPU s"
    )
    record = model.meta["calibration"]
    stress = score_model(model, stress_set(PER_STYLE, BENCHMARK_SEED))
    worst = stress.worst_style
    print(
        f"{args.architecture}, style strokes {args.style_strokes}, outlier exposure {args.outlier_exposure}, "
        f"seed {args.seed}: bundled test {(model.predict(data.test_x) == data.test_y).mean():.4f}, "
        f"stress set {stress.overall:.4f} (worst {worst[0]} {worst[1]:.3f})"
    )
    print(
        f"deskew={args.deskew} augment={args.augment}: T = {record['temperature']:.3f}; "
        f"ECE on {record['measured_on']}: {record['ece_before']:.4f} before, "
        f"{record['ece_after']:.4f} after"
    )
    digits = [canvas for _, _, canvas in user_drawings(2, seed=args.drawing_seed)]
    others: dict[str, list[np.ndarray]] = defaultdict(list)
    for name, canvas in non_digit_drawings(2, seed=args.drawing_seed):
        others["scribble" if name == "scribble" else "letters"].append(canvas)
        if name != "scribble":
            others[name].append(canvas)
    typical = typicality_of(model)
    for component in typical.components if typical is not None else ():
        print(f"typicality: {component.name}, threshold {component.threshold:.1f}")
    held_x = data.test_x[1::2]
    held_out = calibrated_proba(model, held_x).max(axis=1)
    far = (
        typical.atypical(model, held_x) if typical is not None else np.zeros(held_x.shape[0], bool)
    )
    stress_set_ = stress_set(PER_STYLE, BENCHMARK_SEED)
    for threshold in args.threshold or [0.5]:
        print(f"abstain below {threshold:.2f} (without / with the typicality check):")
        print(
            f"  test digits (odd half)   {np.mean(held_out < threshold):6.1%} / "
            f"{np.mean((held_out < threshold) | far):6.1%} of {held_out.size}"
        )
        rows = {"drawn digits": digits, **others}
        for name, canvases in rows.items():
            before = abstains(model, canvases, threshold).mean()
            after = abstains(model, canvases, threshold, typical).mean()
            print(f"  {name:24s} {before:6.1%} / {after:6.1%} of {len(canvases)}")
        for label, check in (("without", None), ("with", typical)):
            overall, worst, worst_score = stress_with_abstaining(
                model, stress_set_, threshold, check
            )
            print(
                f"  stress set, '?' wrong, {label} the check: {overall:.4f} "
                f"(worst {worst} {worst_score:.3f})"
            )
    dot = np.zeros((280, 280), np.float32)
    dot[130:150, 130:150] = 1.0
    print(f"  empty canvas: {ink_problem(np.zeros((280, 280)))!r}; a dot: {ink_problem(dot)!r}")


if __name__ == "__main__":
    main()
