"""Compiling the kernels at launch without making anyone wait.

A helper process compiles them into numba's cache, training kernels first; the window's process
then only loads them (a fraction of a second, in a background thread). Until the training
kernels are loaded, a run trains on the engine's numpy stand-ins and switches to the kernels at
an epoch boundary. The status bar says what is happening, with the measured times.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QProcess, Slot

from mugui.gui.dialogs import show_error
from mugui.training.kernel_compilation import (
    compile_all_kernels,
    compile_training_kernels,
    kernels_cached,
)

if TYPE_CHECKING:
    from mugui.gui.main_window import MainWindow

COMPILER_MODULE = "mugui.training.kernel_compilation"


class KernelWarmUp(QObject):
    """Starts the compiling process for ``window``; :attr:`training_ready` is set once a run can
    use the kernels, :meth:`is_running` is False once every kernel is loaded."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.training_ready = threading.Event()
        self.all_ready = False
        self.launched = False
        self._closing = False
        self._started = time.perf_counter()
        self._output = ""
        self._phases_done: set[str] = set()
        self.process = QProcess(self)
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.SeparateChannels)
        self.process.setStandardErrorFile(QProcess.nullDevice())
        self.process.readyReadStandardOutput.connect(self._read_output)
        self.process.finished.connect(self._on_process_finished)
        self.process.errorOccurred.connect(self._on_process_error)

    def start(self) -> None:
        """Load cached kernels in a background thread, or compile them in a helper process."""
        self.window.probe.set_ready(False)
        self.launched = True
        self._started = time.perf_counter()
        if kernels_cached():
            self._say("Loading the compiled kernels from the cache…")
            self._load("training")
            self._phases_done.add("training")
            return
        self._say(
            "Compiling the training kernels in a helper process (first launch: about 15 s; "
            "a run meanwhile trains on the numpy reference)…"
        )
        self.process.start(sys.executable, ["-m", COMPILER_MODULE])

    def is_running(self) -> bool:
        return self.launched and not self.all_ready

    def kernels_ready(self):
        """What a :class:`Trainer` asks before each epoch (None: use the kernels at once)."""
        return self.training_ready.is_set if self.launched else None

    def seconds(self) -> float:
        return time.perf_counter() - self._started

    def shut_down(self) -> None:
        """End the helper process (closing the window); cached kernels stay cached."""
        self._closing = True
        if self.process.state() != QProcess.ProcessState.NotRunning:
            self.process.kill()
            self.process.waitForFinished(3000)

    def _say(self, text: str, timeout: int = 0) -> None:
        self.window.statusBar().showMessage(text, timeout)

    @Slot()
    def _read_output(self) -> None:
        self._output += bytes(self.process.readAllStandardOutput().data()).decode(errors="replace")
        for line in self._output.splitlines():
            phase = line.split(" ")[0]
            if phase in ("training", "all") and phase not in self._phases_done:
                self._phases_done.add(phase)
                self._load(phase)

    def _load(self, phase: str) -> None:
        """Load one phase's kernels from the cache in a background thread of this process."""
        if phase == "training":
            self.window.tasks.run(
                compile_training_kernels, "load-training-kernels", self._on_training, self._failed
            )
        else:
            self.window.tasks.run(compile_all_kernels, "load-kernels", self._on_all, self._failed)

    def _on_training(self, _seconds: float) -> None:
        self.training_ready.set()
        if (
            self.process.state() == QProcess.ProcessState.NotRunning
            and "all" not in self._phases_done
        ):
            self._phases_done.add("all")
            self._load("all")
        elif not self.all_ready:
            self._say(
                f"Training kernels ready after {self.seconds():.1f} s (a running training "
                "switches to them at the next epoch); compiling the drawing kernels…"
            )

    def _on_all(self, _seconds: float) -> None:
        self.training_ready.set()
        self.all_ready = True
        self.window.probe.set_ready(True)
        self._say(f"Ready: all kernels compiled in {self.seconds():.1f} s", 8000)

    def _failed(self, error: Exception) -> None:
        self.training_ready.set()
        self.all_ready = True
        self.window.probe.set_ready(True)
        show_error(self.window, "Compiling the kernels failed", error)

    @Slot()
    def _on_process_finished(self) -> None:
        """A helper that ended without reporting leaves the compiling to this process."""
        if self._closing:
            return
        for phase in ("training", "all"):
            if phase not in self._phases_done:
                self._phases_done.add(phase)
                self._load(phase)

    @Slot(QProcess.ProcessError)
    def _on_process_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._on_process_finished()
