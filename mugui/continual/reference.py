"""A pure-numpy reference of the synaptic-intelligence kernels, for tests.

Same maths as ``mugui_kernels.synaptic`` written plainly: mean-gradient momentum SGD with the SI
penalty, the path integral omega and the end-of-task importance. ``cnn_gradient`` gives the CNN's
gradient (from ``mugui.training.cnn_reference``) for checking ``gradient_steps`` the same way.
"""

from __future__ import annotations

import numpy as np

from mugui.training import cnn_reference
from mugui.training.reference import forward, softmax, unpack


def gradient(params, sizes, x, onehot, heads=None) -> np.ndarray:
    """Flat gradient of the mean cross-entropy (softmax over ``heads`` outputs when given)."""
    acts = forward(params, sizes, x)
    logits = acts[-1]
    if heads is not None:
        logits = np.where(heads > 0, logits, -np.inf).astype(np.float32)
    delta = (softmax(logits) - onehot) / np.float32(x.shape[0])
    grad = np.zeros_like(params)
    layers, glayers = unpack(params, sizes), unpack(grad, sizes)
    for l in range(len(layers) - 1, -1, -1):
        glayers[l][0][...] = acts[l].T @ delta
        glayers[l][1][...] = delta.sum(axis=0)
        if l > 0:
            delta = (delta @ layers[l][0].T) * (acts[l] > 0)
    return grad


def cnn_gradient(params, shape, x, onehot, heads=None) -> np.ndarray:
    """The CNN's flat gradient of the mean cross-entropy (softmax over ``heads`` when given)."""
    logits = cnn_reference.forward(params, shape, x)["logits"]
    if heads is not None:
        logits = np.where(heads > 0, logits, -np.inf).astype(np.float32)
    delta = ((softmax(logits) - onehot) / x.shape[0]).astype(np.float32)
    return cnn_reference.gradients(params, shape, x, delta)[0]


def si_step(
    params, velocity, sizes, x, onehot, lr, momentum, si, strength, mask=None, heads=None,
    gradient_of=gradient,
):  # fmt: skip
    """One step in place: params, velocity and si[0] (omega) change, as the kernel does
    (``gradient_of``: ``gradient`` for the MLP, ``cnn_gradient`` for the CNN)."""
    task_grad = gradient_of(params, sizes, x, onehot, heads)
    stiffness = np.minimum(np.float32(2.0 * strength) * si[1], np.float32(1.0 / lr))
    grad = task_grad + stiffness * (params - si[2])
    if mask is not None:
        grad = grad * mask
    new_velocity = np.float32(momentum) * velocity + np.float32(lr) * grad
    if mask is not None:
        new_velocity = np.where(mask > 0, new_velocity, velocity)
    before = params.copy()
    velocity[...] = new_velocity
    params -= velocity
    si[0] -= task_grad * (params - before)


def importance_of_task(si, params, damping) -> np.ndarray:
    """omega / ((theta_end - theta_start)^2 + xi), clamped at zero."""
    moved = params - si[2]
    return np.maximum(si[0] / (moved * moved + np.float32(damping)), 0).astype(np.float32)
