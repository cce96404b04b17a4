"""Compiling the kernels in parts: what MLP training needs, its one-step kernel, the rest, the
drawing's and the CNN's.

Run as a process (``python -m mugui.training.kernel_compilation training|step|rest|drawing|cnn
...``) it fills numba's cache with the parts named, one after another, printing ``<part>
<seconds>`` as each is done. The window starts two processes (:data:`HELPERS`), so on two
cores both compile at once; its own process only loads the compiled code from the cache (a
fraction of a second) instead of compiling while it draws.
"""

from __future__ import annotations

import os
import sys
import time
from types import ModuleType

import numpy as np
from numba.core.registry import CPUDispatcher

from mugui.drawing.preprocess import to_model_input
from mugui.training.cnn_warmup import warm_up_cnn
from mugui.training.config import TrainConfig
from mugui.training.trainer import Trainer
from mugui.training.warmup import warm_up_dataset, warm_up_rest, warm_up_step
from mugui_kernels import cnn_inference, cnn_train, epoch

SAMPLES = 20


def cached_kernels(module: ModuleType) -> list[CPUDispatcher]:
    """The kernels ``module`` defines that numba compiles, and caches, on their own: not those
    inlined into their callers (``inline="always"``), which never get a cache entry, nor those
    it imports from other modules: a cached caller holds their code, so they get an entry of
    their own only when compiled alone (a change to their file, which moves their cache entry,
    left it missing for good and made every later start look like a first one)."""
    return [
        value
        for value in vars(module).values()
        if isinstance(value, CPUDispatcher)
        and value.targetoptions.get("inline") != "always"
        and value.py_func.__module__ == module.__name__
    ]


def kernels_cached(module: ModuleType = epoch) -> bool:
    """True when numba's cache holds an index for every kernel of ``module`` (a later start):
    loading them then takes a fraction of a second, so no helper process is needed."""
    kernels = cached_kernels(module)
    try:
        return bool(kernels) and all(
            os.path.exists(kernel._cache._cache_file._index_path) for kernel in kernels
        )
    except AttributeError:  # a numba without this cache layout: assume a first start
        return False


def compile_training_kernels() -> float:
    """Compile (or load) every kernel a training run calls, both schedules; return seconds."""
    started = time.perf_counter()
    tiny = warm_up_dataset(SAMPLES)
    for schedule, batch in (("mean", 4), ("sequential", 5)):
        config = TrainConfig(hidden=16, epochs=1, batch_size=batch, schedule=schedule)
        for _ in Trainer(tiny, config).run():
            pass
    return time.perf_counter() - started


def compile_all_kernels() -> float:
    """Compile (or load) every other kernel of the MLP but the drawing's and the one-step kernel:
    prediction on float inputs, hidden activations, per-sample losses; seconds. They call the
    training kernels' forward pass: compiled after the training part in the same process, they
    cost a fraction of what they cost alone."""
    started = time.perf_counter()
    warm_up_rest()
    return time.perf_counter() - started


def compile_drawing_kernels() -> float:
    """Compile (or load) the kernels that turn a drawing into a model input; seconds. They share
    nothing with the networks' kernels."""
    started = time.perf_counter()
    ink = np.zeros((56, 56), np.float32)
    ink[10:46, 26:30] = 1.0
    to_model_input(ink)
    return time.perf_counter() - started


def compile_step_kernels() -> float:
    """Compile (or load) the MLP's one-step kernel (the unlearning methods' step); seconds."""
    started = time.perf_counter()
    warm_up_step()
    return time.perf_counter() - started


PARTS = {
    "training": compile_training_kernels,
    "step": compile_step_kernels,
    "rest": compile_all_kernels,
    "drawing": compile_drawing_kernels,
    "cnn": warm_up_cnn,
}
MLP_PARTS = frozenset(("training", "step", "rest", "drawing"))  # what the canvas's prediction needs
# the helper processes of a first start (README, "The first compile"): the MLP's training kernels
# first, so a run can switch to them soon, then the rest of the MLP's (cheap after them) and the
# drawing's (they share nothing); in the other, the one-step kernel first, whose batch forward and
# update kernels the training part loads from the cache instead of compiling them too, then the
# CNN's
HELPERS = (("training", "rest", "drawing"), ("step", "cnn"))


_DONE_HERE: set[str] = set()  # the parts this process has compiled or loaded


def run_part(part: str) -> float:
    """Compile (or load) one part in this process; seconds. Remembered: its kernels now live in
    this process's memory, so a later window of the same process needs neither cache nor helper."""
    seconds = PARTS[part]()
    _DONE_HERE.add(part)
    return seconds


def parts_done_here() -> frozenset[str]:
    """The parts whose kernels this process already holds in memory."""
    return frozenset(_DONE_HERE)


def all_kernels_cached() -> bool:
    """True when the MLP's and the CNN's kernels are all in numba's cache."""
    return all(kernels_cached(module) for module in (epoch, cnn_train, cnn_inference))


def main(argv: list[str]) -> int:
    """Compile the parts named in ``argv`` (default: both), printing each when done."""
    for part in argv or list(PARTS):
        if part not in PARTS:
            print(f"unknown part {part!r}; expected one of {', '.join(PARTS)}", file=sys.stderr)
            return 2
        print(f"{part} {run_part(part):.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
