"""A model's accuracy on the stress set: overall, per handwriting style and per digit."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mugui.drawing.stress_set import StressSet
from mugui.drawing.style_catalogue import BY_NAME, STYLE_NAMES
from mugui.record_dict import record_dict

DONE_OVERALL = 0.95  # what the default drawing model must reach overall...
DONE_PER_STYLE = 0.85  # ...and on every style


@dataclass(frozen=True)
class StressScore:
    overall: float
    per_style: dict[str, float]
    per_digit: list[float]
    n: int
    seed: int
    per_style_count: int

    @property
    def worst_style(self) -> tuple[str, float]:
        name = min(self.per_style, key=lambda s: self.per_style[s])
        return name, self.per_style[name]

    @property
    def meets_target(self) -> bool:
        """≥ 95 % overall and ≥ 85 % on every style."""
        return self.overall >= DONE_OVERALL and self.worst_style[1] >= DONE_PER_STYLE

    def to_dict(self) -> dict:
        judged = {"worst_style": list(self.worst_style), "meets_target": self.meets_target}
        return {**record_dict(self), **judged}

    def table(self) -> str:
        """A plain-text table: one line per style with its digit, accuracy and description."""
        lines = [f"{'style':20s} {'digit':>5s} {'accuracy':>9s}  description"]
        for name, accuracy in self.per_style.items():
            style = BY_NAME[name]
            lines.append(f"{name:20s} {style.digit:5d} {accuracy:9.1%}  {style.description}")
        lines.append(
            f"{'overall':20s} {'':5s} {self.overall:9.1%}  {self.n} drawings "
            f"({self.per_style_count} per style, seed {self.seed})"
        )
        return "\n".join(lines)


def score_predictions(predictions: np.ndarray, stress: StressSet) -> StressScore:
    """The score of ``predictions`` (one class per stress drawing)."""
    predictions = np.asarray(predictions)
    if predictions.shape != stress.labels.shape:
        raise ValueError(f"need {len(stress)} predictions, got shape {predictions.shape}")
    correct = predictions == stress.labels
    styles = np.asarray(stress.styles)
    per_style = {
        name: float(correct[styles == name].mean())
        for name in STYLE_NAMES
        if (styles == name).any()
    }
    per_digit = [
        float(correct[stress.labels == d].mean()) if (stress.labels == d).any() else float("nan")
        for d in range(10)
    ]
    counts = {int((styles == name).sum()) for name in per_style}
    return StressScore(
        overall=float(correct.mean()),
        per_style=per_style,
        per_digit=per_digit,
        n=len(stress),
        seed=stress.seed,
        per_style_count=max(counts) if counts else 0,
    )


def score_model(model, stress: StressSet) -> StressScore:
    """``model``'s score on ``stress`` (anything with ``predict(uint8 images)``)."""
    return score_predictions(model.predict(stress.images), stress)
