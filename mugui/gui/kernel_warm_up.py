"""Compiling the kernels in the background at launch, with the status bar saying so."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import numpy as np

from mugui.drawing.preprocess import to_model_input
from mugui.gui.dialogs import show_error
from mugui.gui.worker import BackgroundTask
from mugui.training.warmup import warm_up

if TYPE_CHECKING:
    from mugui.gui.main_window import MainWindow


def compile_kernels() -> float:
    """Compile the training and the drawing kernels (run off the GUI thread); return seconds."""
    started = time.perf_counter()
    warm_up()
    ink = np.zeros((56, 56), np.float32)
    ink[10:46, 26:30] = 1.0
    to_model_input(ink)
    return time.perf_counter() - started


def start_warm_up(window: MainWindow) -> BackgroundTask:
    """Compile in a background task; the probe waits for it, the status bar reports the time."""
    status = window.statusBar()
    status.showMessage(
        "Compiling the training kernels in the background (first launch: a few seconds)…"
    )
    window.probe.set_ready(False)

    def done(seconds: float) -> None:
        window.probe.set_ready(True)
        status.showMessage(f"Ready: training kernels compiled in {seconds:.1f} s", 5000)

    def failed(error: Exception) -> None:
        window.probe.set_ready(True)
        show_error(window, "Compiling the kernels failed", error)

    return window.tasks.run(compile_kernels, "warm-up", done, failed)
