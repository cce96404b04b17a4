"""The dynamic network: every task owns a block of hidden units, frozen once it is learnt.

On the CNN the blocks are the dense head's hidden units; the convolution layers are shared
feature extractors, trained with the first task and frozen from then on, so removing any task's
units leaves every other task's answers exactly as they were.
"""

from __future__ import annotations

import numpy as np

from mugui.model import Model


def unit_owners(hidden: int, n_tasks: int) -> np.ndarray:
    """Task index owning each hidden unit: equal blocks, the remainder to the last task."""
    block = hidden // n_tasks
    owners = np.minimum(np.arange(hidden) // block, n_tasks - 1)
    return owners.astype(np.int64)


def trainable_mask(model: Model, owners: np.ndarray, task: int, classes) -> np.ndarray:
    """0/1 per parameter: the task's own units (their input weights and biases, their output
    weights to the task's classes) and its classes' output biases move; all else is frozen.
    A CNN's convolution layers move with the first task only."""
    mask = np.zeros_like(model.params)
    view = Model(model.spec, mask)
    if task == 0:
        for weights, biases in shared_layers(model):
            mask[weights] = 1.0
            mask[biases] = 1.0
    (w1, b1), (w2, b2) = view.layers()
    mine = owners == task
    w1[:, mine] = 1.0
    b1[mine] = 1.0
    w2[np.ix_(mine, list(classes))] = 1.0
    b2[list(classes)] = 1.0
    return mask


def shared_layers(model: Model) -> list[tuple[slice, slice]]:
    """(weights, biases) slices of the layers before the dense head: the CNN's convolutions,
    none for an MLP."""
    n_dense = len(model.sizes) - 1
    return model.layer_slices()[:-n_dense]


def wire_task_heads(model: Model, owners: np.ndarray, tasks) -> None:
    """Each block of units connects only to its own task's outputs; units of tasks not yet
    learnt start with zero output weights, so they add nothing until their task trains."""
    _, (w2, _) = model.layers()
    for task, classes in enumerate(tasks):
        mine = owners == task
        others = [c for c in range(w2.shape[1]) if c not in classes]
        w2[np.ix_(mine, others)] = 0.0
        if task > 0:
            w2[mine, :] = 0.0


def task_heads(classes, n_outputs: int) -> np.ndarray:
    """1 for the task's own outputs: the dynamic network's loss looks only at those."""
    heads = np.zeros(n_outputs, dtype=np.float32)
    heads[list(classes)] = 1.0
    return heads


def remove_units(model: Model, owners: np.ndarray, task: int) -> int:
    """Cut a task's units out (zero every weight in and out of them); returns how many."""
    (w1, b1), (w2, _) = model.layers()
    mine = owners == task
    w1[:, mine] = 0.0
    b1[mine] = 0.0
    w2[mine, :] = 0.0
    return int(mine.sum())
