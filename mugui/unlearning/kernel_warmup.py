"""Compile (or load from numba's cache) every kernel an unlearning method may call, once per process.

Timing a method's first call would otherwise measure numba compiling or loading its kernels
(seconds) rather than the method (often a fraction of a second); retraining is timed warm too.

The MLP's unlearning kernels are in no part the window's first-start helpers compile, so its
first Forget compiled them in the window's own process, and numba's compiler took it from 350
to 478 MB (issue #12). With :data:`COMPILE_APART` set (the window sets it), kernels missing from
the cache are compiled by a child process (``python -m mugui.unlearning.kernel_warmup``) and
this process only loads them; should the child fail, they are compiled here as before.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import numpy as np

from mugui.model import Model

COMPILE_APART = False  # True in the window's process: compile missing kernels in a child
_lock = threading.Lock()
_warm = False
_warm_cnn = False


def _unlearning_kernels_cached() -> bool:
    from mugui.training.kernel_compilation import kernels_cached
    from mugui_kernels import unlearning_fisher, unlearning_input_gradient, unlearning_saliency

    modules = (unlearning_fisher, unlearning_input_gradient, unlearning_saliency)
    return all(kernels_cached(module) for module in modules)


def compile_in_a_child() -> None:
    """Have a child process compile the unlearning kernels into numba's cache (output dropped)."""
    subprocess.run(
        [sys.executable, "-m", __name__],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )


def warm_unlearning_kernels(cnn: bool = False) -> float:
    """Run each kernel once with production argument types (with ``cnn``, the CNN's too);
    seconds taken (0 when already warm)."""
    # the kernels (numba) are imported here, on first use, not when a pipeline module is
    from mugui.training.cnn_warmup import warm_up_cnn
    from mugui.training.warmup import warm_up
    from mugui_kernels.unlearning_fisher import fisher_diagonal
    from mugui_kernels.unlearning_input_gradient import input_gradient
    from mugui_kernels.unlearning_saliency import loss_gradient

    global _warm, _warm_cnn
    with _lock:
        started = time.perf_counter()
        if cnn and not _warm_cnn:
            warm_up_cnn()
            _warm_cnn = True
        if _warm:
            return time.perf_counter() - started
        if COMPILE_APART and not _unlearning_kernels_cached():
            compile_in_a_child()
        warm_up()
        model = Model.init((784, 16, 10), seed=0)
        inputs = np.zeros((4, 784), dtype=np.float32)
        targets = np.full((4, 10), 0.1, dtype=np.float32)
        loss_gradient(model.params, model.sizes_array, inputs, targets)
        input_gradient(model.params, model.sizes_array, inputs, targets)
        for expected in (0, 1):
            fisher_diagonal(model.params, model.sizes_array, inputs, targets, np.int64(expected))
        model.predict_proba(inputs)
        _warm = True
        return time.perf_counter() - started


def kernels_warm() -> bool:
    """Whether ``warm_unlearning_kernels`` has run in this process."""
    return _warm


if __name__ == "__main__":
    warm_unlearning_kernels()
