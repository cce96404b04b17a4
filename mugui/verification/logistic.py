"""Binary logistic regression in numpy, for the MIA-efficacy attack and the linear probe.

Features are standardised; the loss is class-balanced with a small L2 penalty and minimised by
Nesterov-accelerated gradient descent with step 1/L (L = the gradient's Lipschitz bound).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

GRAM_ROWS = 1024  # rows a time in the step size's Gram matrix


@dataclass(frozen=True)
class Logistic:
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: float

    def decision(self, x: np.ndarray) -> np.ndarray:
        return (
            (np.asarray(x, dtype=np.float64) - self.mean) / self.scale
        ) @ self.weights + self.bias

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """P(class 1) per row."""
        return _sigmoid(self.decision(x))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def fit_logistic(x: np.ndarray, y: np.ndarray, steps: int = 300, l2: float = 1e-3) -> Logistic:
    """Fit P(y=1 | x) on rows ``x`` and 0/1 labels ``y``, each class weighted equally."""
    x = np.asarray(x)  # float32 features stay float32: z below is the one float64 copy
    y = np.asarray(y, dtype=np.float64)
    mean = x.mean(axis=0, dtype=np.float64)
    scale = x.std(axis=0, dtype=np.float64)
    scale[scale < 1e-12] = 1.0
    z = np.empty((x.shape[0], x.shape[1] + 1))
    np.subtract(x, mean, out=z[:, :-1])
    z[:, :-1] /= scale
    z[:, -1] = 1.0
    positives = max(y.sum(), 1.0)
    negatives = max(y.size - y.sum(), 1.0)
    sample_weight = np.where(y > 0.5, 0.5 / positives, 0.5 / negatives)
    # The logistic loss has curvature at most 1/4, so L <= λmax(Zᵀ diag(w) Z) / 4 + l2.
    gram = np.zeros((z.shape[1], z.shape[1]))
    for start in range(0, z.shape[0], GRAM_ROWS):  # no weighted copy of every row
        rows = z[start : start + GRAM_ROWS]
        gram += rows.T @ (rows * sample_weight[start : start + GRAM_ROWS, None])
    step = 1.0 / (0.25 * np.linalg.eigvalsh(gram)[-1] + l2)
    penalty = np.ones(z.shape[1])
    penalty[-1] = 0.0  # the bias is not penalised
    w = previous = np.zeros(z.shape[1])
    for k in range(1, steps + 1):
        look = w + (k - 1) / (k + 2) * (w - previous)
        gradient = z.T @ (sample_weight * (_sigmoid(z @ look) - y)) + l2 * penalty * look
        previous, w = w, look - step * gradient
    return Logistic(mean, scale, w[:-1], float(w[-1]))
