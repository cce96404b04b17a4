"""Thread-safe control of a running training: stop, pause, resume, switch bugs."""

from __future__ import annotations

import threading
from collections.abc import Iterable

import numpy as np

from mugui.bugs import bug_flags

POLL_SECONDS = 0.02


class RunControl:
    """Shared between the thread that trains and the one that steers (e.g. the GUI).

    ``halt`` is the training kernel's flag: stop and pause set it, so that a kernel in the
    middle of a long batch returns within one sample (see ``Trainer``); resume clears it.
    """

    def __init__(self) -> None:
        self._stopped = threading.Event()
        self._running = threading.Event()
        self._running.set()
        self._holding = threading.Event()
        self._lock = threading.Lock()
        self._pending_bugs: tuple[str, ...] | None = None
        self.halt = np.zeros(1, dtype=np.int64)

    def stop(self) -> None:
        with self._lock:
            self._stopped.set()
            self.halt[0] = 1
        self._running.set()

    def pause(self) -> None:
        self._running.clear()
        self.halt[0] = 1

    def resume(self) -> None:
        with self._lock:
            if not self._stopped.is_set():
                self.halt[0] = 0
        self._running.set()

    @property
    def is_stopped(self) -> bool:
        return self._stopped.is_set()

    @property
    def is_paused(self) -> bool:
        return not self._running.is_set()

    def set_bugs(self, names: Iterable[str]) -> None:
        """Switch bugs; they take effect when the next epoch begins."""
        names = tuple(names)
        bug_flags(names)
        with self._lock:
            self._pending_bugs = names

    def take_pending_bugs(self) -> tuple[str, ...] | None:
        with self._lock:
            pending, self._pending_bugs = self._pending_bugs, None
        return pending

    @property
    def is_holding(self) -> bool:
        """True while the training thread waits at a pause: every report it made before has been
        sent, and it makes none until resumed (a pause takes effect at the next sample)."""
        return self._holding.is_set()

    def wait_while_paused(self) -> bool:
        """Block while paused; return False when the run has been stopped."""
        if not self._running.is_set():
            self._holding.set()
            try:
                while not self._running.wait(POLL_SECONDS):
                    if self._stopped.is_set():
                        break
            finally:
                self._holding.clear()
        return not self._stopped.is_set()
