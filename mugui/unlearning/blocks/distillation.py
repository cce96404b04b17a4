"""Distillation targets: a teacher's softened outputs, for methods that copy or repel a model."""

from __future__ import annotations

import numpy as np

from mugui.model import Model


def teacher_probs(teacher: Model, images: np.ndarray, temperature: float) -> np.ndarray:
    """softmax(logits / T) of ``teacher`` on uint8 ``images``, as distillation targets."""
    w_out, b_out = teacher.layers()[-1]
    logits = teacher.hidden(images, len(teacher.hidden_sizes) - 1) @ w_out + b_out
    scaled = logits / np.float32(temperature)
    scaled -= scaled.max(axis=1, keepdims=True)
    e = np.exp(scaled)
    return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
