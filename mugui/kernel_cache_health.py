"""A kernel cache that heals itself: damaged numba cache files are moved aside, never fatal.

numba unpickles its cache files when a kernel is first called; a garbage, empty or truncated file
raised UnpicklingError or EOFError on every start, and a cache folder and HOME both read-only made
importing the kernels fail ("no locator available"). Before the kernels are imported,
:func:`heal_kernel_cache` checks the cache files' pickle structure without unpickling them (the
index files opcode by opcode, the data files by their first and last bytes). When one is damaged
it renames it ``*.damaged`` and points numba at a fresh per-user folder (or, failing that, a
temporary one); when no cache folder is writable it does the same. :data:`NOTICE` then holds the
one sentence to tell the user, once.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import pickletools
import sys
import tempfile
from pathlib import Path

NOTICE = ""  # set when the cache had to be healed this run; the CLI and the window show it once
_PICKLE_START = b"\x80"  # PROTO opcode: every pickle numba writes starts with it
_PICKLE_END = b"."  # STOP opcode


def heal_kernel_cache() -> str:
    """Move damaged cache files aside and use a fresh cache folder when needed; the notice or ""."""
    global NOTICE
    folders = _cache_folders()
    damaged = [path for folder in folders for path in _cache_files(folder) if not _intact(path)]
    for path in damaged:
        with contextlib.suppress(OSError):
            path.rename(path.with_name(path.name + ".damaged"))
    writable = any(_writable(folder) for folder in folders) or _user_wide_writable()
    if not damaged and writable:
        return ""
    fresh = _fresh_folder()
    os.environ["NUMBA_CACHE_DIR"] = str(fresh)
    config = sys.modules.get("numba.core.config")
    if config is not None:  # numba already imported (the frozen app): tell its config too
        config.CACHE_DIR = str(fresh)
    reason = (
        f"{len(damaged)} damaged file(s) were moved aside"
        if damaged
        else "no cache folder was writable"
    )
    NOTICE = f"The compiled-kernel cache was unusable ({reason}); compiling again into {fresh}."
    return NOTICE


def _cache_folders() -> list[Path]:
    """Where numba keeps this install's kernels: beside their sources and NUMBA_CACHE_DIR."""
    folders = []
    spec = importlib.util.find_spec("mugui_kernels")
    if spec is not None and spec.submodule_search_locations:
        folders.append(Path(next(iter(spec.submodule_search_locations))) / "__pycache__")
    if os.environ.get("NUMBA_CACHE_DIR"):
        folders.append(Path(os.environ["NUMBA_CACHE_DIR"]))
    return folders


def _cache_files(folder: Path) -> list[Path]:
    with contextlib.suppress(OSError):
        return sorted(p for p in folder.rglob("*.nb[ic]") if p.is_file())
    return []


def _intact(path: Path) -> bool:
    """True when ``path`` has a whole pickle structure (an index: two pickles; data: one)."""
    try:
        data = path.read_bytes() if path.suffix == ".nbi" else _ends(path)
    except OSError:
        return False
    if path.suffix == ".nbc":
        return data[:1] == _PICKLE_START and data[-1:] == _PICKLE_END
    stream = io.BytesIO(data)
    try:
        for _ in range(2):  # the format version, then (stamp, overloads)
            ops = list(pickletools.genops(stream))
            if not ops or ops[-1][0].name != "STOP":
                return False
    except Exception:  # noqa: BLE001 - any parse failure means a damaged file
        return False
    return stream.read(1) == b""


def _ends(path: Path) -> bytes:
    """The first and the last byte of a data file (it may be megabytes)."""
    with path.open("rb") as handle:
        first = handle.read(1)
        if not first:
            return b""
        handle.seek(-1, os.SEEK_END)
        return first + handle.read(1)


def _writable(folder: Path) -> bool:
    """True when numba could create its cache files in ``folder`` (creating it if needed)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            return True
    except OSError:
        return False


def _user_wide_writable() -> bool:
    """numba's fallback when the sources' folder is read-only: ~/.cache/numba."""
    from platformdirs import user_cache_dir

    return _writable(Path(user_cache_dir("numba", appauthor=False)))


def _fresh_folder() -> Path:
    """A new per-user cache folder, or a temporary one when the per-user one cannot be written."""
    from platformdirs import user_cache_dir

    with contextlib.suppress(OSError):
        base = Path(user_cache_dir("mugui")) / "numba-healed"
        base.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix="cache-", dir=base))
        if _writable(folder):
            return folder
    return Path(tempfile.mkdtemp(prefix="mugui-numba-"))
