"""Where numba caches compiled kernels: beside the sources, or a per-user folder when frozen.

A frozen (packaged) app cannot write next to its read-only sources, so without this every start
would compile the kernels again (seconds each).
"""

from __future__ import annotations

import os
import sys


def configure_numba_cache() -> None:
    """Point NUMBA_CACHE_DIR at the per-user cache when running frozen; respect a user's setting."""
    if getattr(sys, "frozen", False) and "NUMBA_CACHE_DIR" not in os.environ:
        from platformdirs import user_cache_dir

        os.environ["NUMBA_CACHE_DIR"] = os.path.join(user_cache_dir("mugui"), "numba")
