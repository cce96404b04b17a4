"""Two settings of glibc's malloc that keep the window's freed memory from piling up (issue #12).

The window is a long-lived process with many threads (the GUI's, a run's, the kernel loads',
the background tasks'), and glibc's defaults make such a process hold on to memory it freed:
every thread that allocates gets an arena of its own (up to eight a core), and what one arena
freed is not reused by another; and the size from which a block gets a mapping of its own
(returned to the system when freed) grows with the largest such block freed, up to 32 MB, so
that after a few large numpy temporaries (a run's evaluation, the typicality fit, a
verification's probes) the next ones come from the arenas and stay there. With at most
``ARENAS`` arenas and a fixed ``MMAP_THRESHOLD`` the window stays under 400 MB through a run,
its check, a forget and a verification, where it reached 447 MB (README, *The window's
memory*). A setting the user gave glibc (its ``MALLOC_ARENA_MAX`` / ``MALLOC_MMAP_THRESHOLD_``
variables, or ``GLIBC_TUNABLES``) is left alone; without glibc nothing changes.
"""

from __future__ import annotations

import ctypes
import os
import sys

M_MMAP_THRESHOLD = -3  # mallopt's parameter numbers (glibc's malloc.h)
M_ARENA_MAX = -8
ARENAS = 2
MMAP_THRESHOLD = 256 * 1024  # bytes: numpy arrays of 64K float32 and more get their own mapping
USER_SETTINGS = {
    M_ARENA_MAX: "MALLOC_ARENA_MAX",
    M_MMAP_THRESHOLD: "MALLOC_MMAP_THRESHOLD_",
}


def tune_malloc() -> dict[str, int]:
    """Set the arena limit and the mapping threshold (call before the threads start); returns
    what was set, by the name of its environment variable (empty without glibc)."""
    if not sys.platform.startswith("linux") or "GLIBC_TUNABLES" in os.environ:
        return {}
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the process's own C library
    except (OSError, AttributeError):
        return {}
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    done = {}
    for parameter, value in ((M_ARENA_MAX, ARENAS), (M_MMAP_THRESHOLD, MMAP_THRESHOLD)):
        name = USER_SETTINGS[parameter]
        if name not in os.environ and mallopt(parameter, value) == 1:
            done[name] = value
    return done
