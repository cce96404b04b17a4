"""Draw-to-prediction latency: a canvas through the engine's preprocessing and the model."""

from __future__ import annotations

import time

import numpy as np

from mugui.drawing.preprocess import to_model_input
from mugui.drawing.strokes import drawn_digit
from mugui.model import Model


def draw_to_prediction_ms(repeats: int = 200) -> tuple[float, float]:
    """(median, p99) milliseconds from a 280x280 canvas to the 10 probabilities."""
    model = Model.init((784, 256, 10), seed=0)
    canvas = drawn_digit(7)
    model.predict_proba(to_model_input(canvas).reshape(1, -1))
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        model.predict_proba(to_model_input(canvas).reshape(1, -1))
        times.append((time.perf_counter() - started) * 1000)
    return float(np.median(times)), float(np.percentile(times, 99))
