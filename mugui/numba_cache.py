"""Where numba caches compiled kernels: beside the sources, or a per-user folder when frozen.

A frozen (packaged) app has no kernel sources to cache beside, so without this every start
would compile the kernels again (seconds each); it caches per build in the per-user folder,
starting from the kernels compiled when the bundle was built (:mod:`mugui.frozen_kernel_cache`).
"""

from __future__ import annotations

import os
import sys

from mugui.kernel_cache_health import heal_kernel_cache


def configure_numba_cache() -> None:
    """Point NUMBA_CACHE_DIR at the per-user cache when running frozen; respect a user's setting."""
    if getattr(sys, "frozen", False) and "NUMBA_CACHE_DIR" not in os.environ:
        from platformdirs import user_cache_dir

        os.environ["NUMBA_CACHE_DIR"] = os.path.join(user_cache_dir("mugui"), "numba")
    if getattr(sys, "frozen", False):
        use_frozen_kernel_cache()
    heal_kernel_cache()  # a damaged or unwritable cache must never stop mugui


FROZEN_LOCATORS = "mugui.frozen_kernel_cache.FrozenKernelLocator,UserWideCacheLocator"


def use_frozen_kernel_cache() -> None:
    """Cache by build and module (numba's locators need sources), seeded from the bundle's kernels."""
    os.environ.setdefault("NUMBA_CACHE_LOCATOR_CLASSES", FROZEN_LOCATORS)
    from mugui.frozen_kernel_cache import bundled_cache, seed_from_bundle

    seed_from_bundle(bundled_cache(), os.environ["NUMBA_CACHE_DIR"])
