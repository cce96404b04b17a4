"""Turn a computation that reports through callbacks into a live generator of events.

The engine's methods, retraining and scoring call a progress callback from deep inside their
loops; a generator cannot yield from there, so the computation runs on a helper thread (the
numba kernels release the GIL) and the generator yields what it emits, as it comes. Closing the
generator early stops the computation through its ``RunControl`` and waits for it.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Generator
from typing import Any, TypeVar

from mugui.training.control import RunControl

T = TypeVar("T")
_FINISHED = object()


def callback_events(
    work: Callable[[Callable[[Any], None]], T], control: RunControl
) -> Generator[Any, None, T]:
    """Run ``work(emit)`` on a helper thread, yield each emitted event, return its result.

    An exception raised by ``work`` (e.g. Cancelled) is raised here, in the caller's thread.
    """
    events: queue.SimpleQueue = queue.SimpleQueue()
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = work(events.put)
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc
        finally:
            events.put(_FINISHED)

    thread = threading.Thread(target=target, name="mugui-run", daemon=True)
    thread.start()
    finished = False
    try:
        while (event := events.get()) is not _FINISHED:
            yield event
        finished = True
    finally:
        if not finished:  # the caller gave up early: stop the work (it may still be running)
            control.stop()
        thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
