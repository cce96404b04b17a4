"""Reading ``.npz`` files that may be hostile: limits checked from the headers before allocating.

``np.load`` allocates whatever a member's ``.npy`` header declares, so a small file can ask for
gigabytes. :class:`NpzReader` reads each header first, refuses object dtypes and arrays larger than
the caller's limit, and only then reads the array. Metadata (one JSON string) is limited in length,
nesting depth and number size, so a crafted file raises the caller's error class, not a traceback.
"""

from __future__ import annotations

import json
import math
import os
import tokenize
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

import numpy as np

from mugui.errors import MuguiError

MAX_METADATA_CHARS = 8_000_000  # a 1000-epoch history is about 3 million characters
MAX_JSON_DEPTH = 32
MAX_JSON_INT_BITS = 64


class NpzReader:
    """Open ``path`` as a zip of ``.npy`` members; every failure raises ``error`` naming ``path``."""

    def __init__(self, path: str | os.PathLike, error: type[MuguiError], what: str):
        self.path = Path(path)
        self._error = error
        self._what = what
        try:
            self._zip = zipfile.ZipFile(self.path)
            self._members = {
                info.filename[: -len(".npy")]: info
                for info in self._zip.infolist()
                if info.filename.endswith(".npy")
            }
        except FileNotFoundError:
            raise error(f"no {what} file at {self.path}") from None
        except (*_DAMAGED, NotImplementedError) as exc:
            raise error(
                f"{self.path} is not a readable {what} ({exc.__class__.__name__})"
            ) from None

    def __enter__(self) -> NpzReader:
        return self

    def __exit__(self, *exc_info) -> None:
        self._zip.close()

    @property
    def names(self) -> set[str]:
        return set(self._members)

    def array(self, name: str, max_bytes: int, kinds: str = "iuf") -> np.ndarray:
        """Member ``name``, refused unless its dtype kind is in ``kinds`` and it fits ``max_bytes``."""
        with self._open(name) as stream:
            return read_npy(
                stream, f"{self.path}: {name}", self._error, self._what, max_bytes, kinds
            )

    def metadata(self, name: str = "metadata") -> dict:
        """The JSON object stored as one string in member ``name``, within the limits above."""
        text = self.array(name, 4 * MAX_METADATA_CHARS, kinds="U")
        if text.shape != ():
            raise self._error(f"{self.path}: {name} is not one text")
        try:
            value = json.loads(str(text))
        except (ValueError, RecursionError) as exc:  # JSONDecodeError, huge ints, deep nesting
            raise self._error(f"{self.path} has unreadable metadata ({_first_line(exc)})") from None
        problem = json_problem(value)
        if problem:
            raise self._error(f"{self.path} has unusable metadata: {problem}")
        if not isinstance(value, dict):
            raise self._error(f"{self.path} is not a mugui {self._what} file")
        return value

    def _open(self, name: str):
        info = self._members.get(name)
        if info is None:
            raise self._error(f"{self.path} is not a mugui {self._what} (missing {name})")
        try:
            return self._zip.open(info)
        except (*_DAMAGED, NotImplementedError, RuntimeError) as exc:
            raise self._damaged(name, exc) from None

    def _damaged(self, name: str, exc: BaseException) -> MuguiError:
        return self._error(f"{self.path} is damaged: {name} ({_first_line(exc)})")


def read_npy(
    stream: BinaryIO, label: str, error: type[MuguiError], what: str, max_bytes: int, kinds: str
) -> np.ndarray:
    """One ``.npy`` array from ``stream``: header checked (kind, size) before the data is read."""
    try:
        version = np.lib.format.read_magic(stream)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(stream)
        else:
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(stream)
    except _DAMAGED as exc:
        raise error(f"{label} is damaged ({_first_line(exc)})") from None
    if dtype.hasobject:
        raise error(f"{label} holds pickled objects; mugui never unpickles files")
    if dtype.kind not in kinds:
        raise error(f"{label} holds {dtype} values, not {_kinds(kinds)}")
    size = math.prod(shape) * dtype.itemsize
    if size > max_bytes:
        raise error(
            f"{label} declares {_megabytes(size)}, more than the "
            f"{_megabytes(max_bytes)} a {what} can hold"
        )
    try:
        count = math.prod(shape)
        data = stream.read(size)
        if len(data) != size:
            raise EOFError(f"{len(data):,} of {size:,} bytes")
        array = np.frombuffer(data, dtype=dtype, count=count)
        array = array.reshape(shape[::-1]).T if fortran else array.reshape(shape)
    except _DAMAGED as exc:
        raise error(f"{label} is damaged ({_first_line(exc)})") from None
    return array.copy()  # writable and owning its memory, as np.load's arrays are


_DAMAGED = (
    ValueError,
    OSError,
    EOFError,
    SyntaxError,
    TypeError,
    RecursionError,
    zlib.error,
    zipfile.BadZipFile,
    tokenize.TokenError,
)


def _kinds(kinds: str) -> str:
    words = {"i": "integers", "u": "integers", "f": "floats", "U": "text"}
    return " or ".join(dict.fromkeys(words[k] for k in kinds))


def json_problem(value, depth: int = 0) -> str:
    """Why parsed JSON ``value`` is unusable (too deep, a number too large), or ``""``."""
    if depth > MAX_JSON_DEPTH:
        return f"nested deeper than {MAX_JSON_DEPTH} levels"
    if isinstance(value, bool) or value is None or isinstance(value, str | float):
        return ""
    if isinstance(value, int):
        return "" if value.bit_length() <= MAX_JSON_INT_BITS else "a number is too large"
    children = value.values() if isinstance(value, dict) else value
    for child in children:
        problem = json_problem(child, depth + 1)
        if problem:
            return problem
    return ""


def _megabytes(size: int) -> str:
    return f"{size / 1e6:,.0f} MB" if size >= 1e6 else f"{size:,} bytes"


def _first_line(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
    return text if len(text) <= 80 else text[:77] + "..."
