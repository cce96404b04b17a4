"""Atomic file writes: a temporary file in the same folder, then a rename.

The file that ends up at the path keeps the mode of the one it replaces (new files get the
user's umask); a symlink at the path is followed, so the link stays and its target is replaced;
a FIFO, device or socket at the path is refused rather than turned into a regular file. Temporary
files left by a save that was killed are removed by the next save of the same file.
"""

from __future__ import annotations

import contextlib
import glob
import os
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from mugui.errors import MuguiError

STALE_SECONDS = 60  # a save takes milliseconds: an older temporary file is left from a crash


def write_atomically(path: str | os.PathLike, write: Callable[[BinaryIO], object]) -> Path:
    """Call ``write(file)`` on a temporary file beside ``path`` and rename it into place.

    Nothing half-written is ever left at ``path``; an existing file there stays intact when
    writing fails (full or read-only disk), and the error names the path.
    """
    path = Path(path)
    target = _target(path)
    mode = _mode_for(target)
    _remove_stale_temporaries(target)
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or "."
        )
    except OSError as exc:
        raise MuguiError(f"cannot write {path}: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise MuguiError(f"cannot write {path}: {exc.strerror or exc}") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def unwritable_reason(path: str | os.PathLike) -> str:
    """Why :func:`write_atomically` could not write ``path`` (checked before long work), or ``""``."""
    target = _target(Path(path))
    if target.exists() and not target.is_file():
        return f"{path} is a folder or a special file; give a file name"
    folder = target.parent.resolve()
    if not folder.is_dir():
        return f"{path}: the folder {target.parent} does not exist"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"{path}: the folder {target.parent} is not writable"
    return ""


def _target(path: Path) -> Path:
    """The file to replace: ``path``, or where a symlink at ``path`` points."""
    if path.is_symlink():
        try:
            return Path(os.path.realpath(path))
        except OSError as exc:
            raise MuguiError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path


def _mode_for(target: Path) -> int:
    """The permission bits the saved file gets; refuses a target that is not a regular file."""
    try:
        info = target.stat()
    except FileNotFoundError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask
    except OSError as exc:
        raise MuguiError(f"cannot write {target}: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise MuguiError(f"cannot write {target}: it is {kind}; choose another name")
    return stat.S_IMODE(info.st_mode)


def _remove_stale_temporaries(target: Path) -> None:
    """Delete ``.NAME.*.tmp`` files beside ``target`` older than a save can take."""
    now = time.time()
    with contextlib.suppress(OSError):
        for leftover in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
            with contextlib.suppress(OSError):
                info = leftover.lstat()
                if stat.S_ISREG(info.st_mode) and now - info.st_mtime > STALE_SECONDS:
                    leftover.unlink()
