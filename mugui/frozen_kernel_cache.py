"""Where the packaged (frozen) app caches compiled kernels: a per-user folder, seeded from the bundle.

numba's own cache locators key a cache on the kernel's source file, which a frozen app does not
have: they ignored NUMBA_CACHE_DIR and cached under ~/.cache/numba in a folder named after the
install path. :class:`FrozenKernelLocator` keys the cache on the build (a digest of the executable)
and the module instead, so kernels compiled while building ship inside the bundle and stay valid
wherever it is unpacked; a new build starts a new folder rather than reusing stale machine code.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import sys
from pathlib import Path

from numba.core import config
from numba.core.caching import _CacheLocator

BUNDLED_CACHE = "numba_cache"  # folder inside the bundle: the kernels compiled at build time


@functools.cache
def build_id() -> str:
    """A digest of the running executable: equal for copies of one bundle, new for every build."""
    digest = hashlib.sha256()
    with open(sys.executable, "rb") as executable:
        for block in iter(lambda: executable.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def build_cache_dir(cache_dir: str | os.PathLike) -> Path:
    """The folder of this build's kernels inside a cache folder."""
    return Path(cache_dir) / build_id()


class FrozenKernelLocator(_CacheLocator):
    """Cache a frozen app's kernel in CACHE_DIR/<build id>/<module>, whatever the install path."""

    def __init__(self, py_func) -> None:
        self._lineno = py_func.__code__.co_firstlineno
        self._cache_path = str(build_cache_dir(config.CACHE_DIR) / py_func.__module__)

    def get_cache_path(self) -> str:
        return self._cache_path

    def get_source_stamp(self) -> str:
        return build_id()

    def get_disambiguator(self) -> str:
        return str(self._lineno)

    @classmethod
    def from_function(cls, py_func, py_file) -> FrozenKernelLocator | None:
        """This locator when frozen with a writable CACHE_DIR, else None (numba tries the next)."""
        if not (getattr(sys, "frozen", False) and config.CACHE_DIR):
            return None
        locator = cls(py_func)
        try:
            locator.ensure_cache_path()
        except OSError:
            return None
        return locator


def seed_from_bundle(bundle_cache: Path, cache_dir: str | os.PathLike) -> int:
    """Copy the bundle's compiled kernels into this build's cache folder where missing; return how many."""
    if not bundle_cache.is_dir():
        return 0
    target_root = build_cache_dir(cache_dir)
    copied = 0
    for source in bundle_cache.rglob("*.nb[ic]"):
        target = target_root / source.relative_to(bundle_cache)
        if target.exists():
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        except OSError:
            return copied  # a read-only or full cache: numba compiles instead
        copied += 1
    return copied


def bundled_cache() -> Path:
    """The folder of kernels shipped inside the running bundle."""
    return Path(getattr(sys, "_MEIPASS", os.path.dirname(sys.executable))) / BUNDLED_CACHE
