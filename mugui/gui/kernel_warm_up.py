"""Compiling the kernels at launch without making anyone wait.

On a first start two helper processes compile the kernels into numba's cache, one the MLP's
training kernels and then the rest of the MLP's and the drawing's, the other the MLP's one-step
kernel and then the CNN's, so that both cores work on it; the window's process then only loads
them (a fraction of a second, in a background thread). Until the training kernels are loaded, a
run trains on the engine's numpy stand-ins and switches to the kernels at an epoch boundary. On
later starts the kernels are loaded from the cache at once. The status bar says what is
happening, with the measured times.

It starts once the window has been painted (:meth:`start_after_first_paint`), or, after a Train
click that comes sooner, once that run has shown its first progress: loading threads or compiler
processes started while the window is still being built and drawn took the CPU from it (the
window was usable about a second later). Finding the kernels imports numba (half a second of
CPU), so that happens in a background thread too: the window opens, and a run on the numpy
stand-ins trains, without numba.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QProcess, QTimer, Signal

from mugui.gui.dialogs import show_error

if TYPE_CHECKING:
    from mugui.gui.main_window import MainWindow

COMPILER_MODULE = "mugui.training.kernel_compilation"
RUN_HEAD_START_MS = 1000  # at most this long, a run started first trains before the search begins


def _compilation():
    """``mugui.training.kernel_compilation``, which imports numba: first imported by the
    background thread of :func:`kernel_state`, so the GUI thread never waits for numba."""
    from mugui.training import kernel_compilation

    return kernel_compilation


def parts_done_here() -> frozenset[str]:
    return _compilation().parts_done_here()


def all_kernels_cached() -> bool:
    return _compilation().all_kernels_cached()


def kernel_state() -> str:
    """ "here" (this process holds every kernel), "cached" (numba's cache does) or "compile"."""
    if parts_done_here() == set(_compilation().PARTS):
        return "here"
    return "cached" if all_kernels_cached() else "compile"


def training_ready_text(seconds: float, compiling: bool, training: bool) -> str:
    """The status bar's word when the training kernels are ready: what it means for a running
    training, else what comes next. One sentence for both was cut at 1024×700 ("…; loadi")."""
    if training:
        return f"Training kernels ready after {seconds:.1f} s: the run switches to them next epoch"
    doing = "compiling" if compiling else "loading"
    return f"Training kernels ready after {seconds:.1f} s; {doing} the others…"


class KernelWarmUp(QObject):
    """Gets the kernels ready for ``window``: :attr:`training_ready` is set once a run can use
    them, :meth:`is_running` is False once every kernel is loaded; :attr:`loaded` fires after
    each part is loaded (and once the compilation failed)."""

    loaded = Signal()

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.training_ready = threading.Event()
        self.all_ready = False
        self.compiling = False  # True once helper processes compile the kernels (a cold cache)
        self.launched = False
        self._closing = False
        self._started = time.perf_counter()
        self._loaded: set[str] = set()
        self._loading: set[str] = set()
        self.processes: dict[str, QProcess] = {}
        self.pending = False  # asked to start once the window has been painted
        self.head_start = False  # a run started first: the search waits for its first progress

    def start_after_first_paint(self) -> None:
        """Start as soon as the window has painted itself once (or, after a Train click that
        comes sooner, :meth:`start_after_run_starts`)."""
        self.pending = True
        self.window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.Paint:
            self.window.removeEventFilter(self)
            QTimer.singleShot(0, self, self.start_if_pending)  # after this paint has finished
        return False

    def start_if_pending(self) -> None:
        """Start now if a start after the first paint is still waiting."""
        if self.pending:
            self.window.removeEventFilter(self)
            self.start()

    def start_after_run_starts(self) -> None:
        """A Train click that came before the first paint's start: start once the run has shown
        its first progress (:meth:`end_head_start`; at most ``RUN_HEAD_START_MS`` later), so
        that its first steps on the numpy stand-ins come first (the search for the kernels
        imports numba, which slowed the run's start by half a second). The run asks
        :attr:`training_ready` from now on."""
        if self.pending:
            self.window.removeEventFilter(self)
            self.pending = False
            self.launched = True
            self.head_start = True
            QTimer.singleShot(RUN_HEAD_START_MS, self, self.end_head_start)

    def end_head_start(self) -> None:
        """The run has shown progress, or its head start is over: look for the kernels now."""
        if self.head_start:
            self.start()

    def start(self) -> None:
        """Find the kernels in a background thread (it imports numba), then :meth:`_begin`."""
        self.pending = self.head_start = False
        self.window.probe.set_ready(False)
        self.launched = True
        self._started = time.perf_counter()
        self._say("Looking for the compiled kernels…")
        self.window.tasks.run(kernel_state, "find-kernels", self._begin, self._failed)

    def _begin(self, state: object) -> None:
        """Load cached kernels in background threads, or compile them in helper processes."""
        if self._closing:
            return
        parts = _compilation().PARTS
        if state == "here":  # a later window of this process: the kernels are in memory
            for part in parts:
                self._loading.add(part)
                self._on_loaded(part)
            self._say("Ready: the kernels are already loaded in this process", 8000)
            return
        if state == "cached":
            self._say("Loading the compiled kernels from the cache…")
            for part in parts:
                self._load(part)
            return
        self.compiling = True  # the status bar says "compiled", not "loaded from the cache"
        self._say(
            "Compiling the kernels in two helper processes, on a first launch only (a run "
            "meanwhile trains on the numpy reference)…"
        )
        for parts in _compilation().HELPERS:
            process = QProcess(self)
            process.setStandardErrorFile(QProcess.nullDevice())
            process.readyReadStandardOutput.connect(self._reader(parts, process))
            process.finished.connect(lambda *_, parts=parts: self._on_process_ended(parts))
            process.errorOccurred.connect(lambda *_, parts=parts: self._on_process_ended(parts))
            self.processes[parts[0]] = process
            process.start(sys.executable, ["-m", COMPILER_MODULE, *parts])

    def mlp_ready(self) -> bool:
        """True once the MLP's kernels (training, the rest and the drawing's) are loaded."""
        return _compilation().MLP_PARTS.issubset(self._loaded)

    def is_running(self) -> bool:
        """True from the request (even one waiting for the first paint) until every kernel is in."""
        return (self.launched or self.pending) and not self.all_ready

    def kernels_ready(self) -> Callable[[], bool] | None:
        """What a :class:`Trainer` asks before each epoch (None: use the kernels at once)."""
        return self.training_ready.is_set if self.launched else None

    def seconds(self) -> float:
        return time.perf_counter() - self._started

    def shut_down(self) -> None:
        """End the helper processes (closing the window); what they cached stays cached."""
        self._closing = True
        for process in self.processes.values():
            if process.state() != QProcess.ProcessState.NotRunning:
                process.kill()
                process.waitForFinished(3000)

    def _training_runs(self) -> bool:
        return getattr(self.window, "worker", None) is not None

    def _say(self, text: str, timeout: int = 0) -> None:
        self.window.statusBar().showMessage(text, timeout)

    def _reader(self, parts: tuple[str, ...], process: QProcess) -> Callable[[], None]:
        def read() -> None:
            text = bytes(process.readAllStandardOutput().data()).decode(errors="replace")
            for line in text.splitlines():
                if line.split(" ")[0] in parts:
                    self._load(line.split(" ")[0])

        return read

    def _on_process_ended(self, parts: tuple[str, ...]) -> None:
        """A helper that ended without reporting leaves its parts to this process."""
        if not self._closing:
            for part in parts:
                self._load(part)

    def _load(self, part: str) -> None:
        """Load (or, failing the cache, compile) one part in a background thread."""
        if part in self._loading:
            return
        self._loading.add(part)
        self.window.tasks.run(
            lambda: _compilation().run_part(part),
            f"load-{part}-kernels",
            lambda _s: self._on_loaded(part),
            self._failed,
        )

    def _on_loaded(self, part: str) -> None:
        self._loaded.add(part)
        if part == "training":
            self.training_ready.set()
        if part != "cnn" and self.mlp_ready():
            self.window.probe.set_ready(True)
        done = "compiled" if self.compiling else "loaded from the cache"
        if self._loaded == set(_compilation().PARTS):
            self.all_ready = True
            self._say(f"Ready: all kernels {done} in {self.seconds():.1f} s", 8000)
        elif self.mlp_ready():
            doing = "compiling" if self.compiling else "loading"
            self._say(f"MLP kernels ready after {self.seconds():.1f} s; {doing} the CNN's kernels…")
        elif part == "training":
            self._say(training_ready_text(self.seconds(), self.compiling, self._training_runs()))
        self.loaded.emit()

    def _failed(self, error: Exception) -> None:
        self.training_ready.set()
        self.all_ready = True
        self.window.probe.set_ready(True)
        self.loaded.emit()
        show_error(self.window, "Compiling the kernels failed", error)
