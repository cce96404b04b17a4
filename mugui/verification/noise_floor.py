"""Noise floors: is a figure of the unlearned model as close to retraining as retraining is to itself?

References retrained with different seeds do not agree exactly; their spread is the noise floor.
For each figure the unlearned value is set against the references' mean and spread and against
doing nothing (the original model), and gets one verdict:

- ``indistinguishable``: within the references' band (mean ± 2 sd, or the references' own
  leave-one-out distances for a gap),
- ``between``: outside the band but closer to retraining than doing nothing is,
- ``no_better_than_nothing``: as far from retraining as the untouched original, or further,
- ``no_signal``: the original itself is inside the band, so this figure cannot tell forgetting
  from doing nothing (e.g. the accuracy on a few random samples).

With a single reference there is no spread: the band is zero and only an exact match counts.
"""

from __future__ import annotations

import numpy as np

VERDICTS = {
    "indistinguishable": "indistinguishable from retraining",
    "between": "between retraining and doing nothing",
    "no_better_than_nothing": "no better than doing nothing",
    "no_signal": "no signal: doing nothing is within the noise too",
}
BAND_SDS = 2.0
EXACT = 1e-9


def _verdict(distance: float, nothing_distance: float, band: float) -> str:
    if nothing_distance <= band + EXACT:
        return "no_signal"
    if distance <= band + EXACT:
        return "indistinguishable"
    if distance >= nothing_distance:
        return "no_better_than_nothing"
    return "between"


def figure_floor(
    unlearned: float | None, references: list[float], do_nothing: float | None
) -> dict | None:
    """Unlearned value vs the references' mean and spread, the do-nothing value, and the verdict."""
    values = [float(v) for v in references if v is not None]
    if unlearned is None or do_nothing is None or not values:
        return None
    mean, sd = float(np.mean(values)), float(np.std(values))
    band = BAND_SDS * sd
    verdict = _verdict(abs(unlearned - mean), abs(do_nothing - mean), band)
    return {
        "unlearned": float(unlearned),
        "reference_mean": mean,
        "reference_sd": sd,
        "reference_min": min(values),
        "reference_max": max(values),
        "do_nothing": float(do_nothing),
        "band": band,
        "verdict": verdict,
        "reads": VERDICTS[verdict],
    }


def distance_floor(unlearned: float, references: list[float], do_nothing: float) -> dict:
    """A distance to the references (lower is closer): the references' own distances are the floor.

    ``references`` holds each reference's distance to the others (leave one out); the band is
    their largest value.
    """
    band = max(references) if references else 0.0
    verdict = _verdict(unlearned, do_nothing, band)
    return {
        "unlearned": float(unlearned),
        "reference_mean": float(np.mean(references)) if references else None,
        "reference_max": band if references else None,
        "do_nothing": float(do_nothing),
        "band": band,
        "verdict": verdict,
        "reads": VERDICTS[verdict],
    }
