"""Read and write IDX files (the MNIST format), plain or gzipped, validating every header field.

The reader checks the header against the data actually present before it allocates anything,
so a damaged or hostile file costs no more memory than its real size and ends in a DataError.
"""

from __future__ import annotations

import gzip
import os
import struct
import zlib
from pathlib import Path
from typing import BinaryIO

import numpy as np

from mugui.data.dataset import N_CLASSES, N_PIXELS
from mugui.errors import DataError

IMAGE_MAGIC = 2051  # 0x00000803: unsigned bytes, 3 dimensions (count, rows, columns)
LABEL_MAGIC = 2049  # 0x00000801: unsigned bytes, 1 dimension (count)
UBYTE_TYPE = 0x08
IMAGE_SIDE = 28
# EMNIST digits, the largest 10-class MNIST-format set, has 240,000 training images (188 MB).
MAX_ITEMS = 250_000
# Real IDX files gzip 3-6x; a file announcing far more than this is a decompression bomb.
MAX_GZIP_RATIO = 100
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 20
_TYPE_NAMES = {
    0x08: "unsigned byte",
    0x09: "signed byte",
    0x0B: "short",
    0x0C: "int",
    0x0D: "float",
    0x0E: "double",
}


def read_idx_images(path: str | os.PathLike) -> np.ndarray:
    """The images of an IDX3 file as uint8 rows of 784 pixels, shape (N, 784)."""
    path = Path(path)
    payload = _read_idx(path, IMAGE_MAGIC, item_bytes=N_PIXELS, what="images")
    return np.frombuffer(payload, dtype=np.uint8).reshape(-1, N_PIXELS)


def read_idx_labels(path: str | os.PathLike) -> np.ndarray:
    """The labels of an IDX1 file as uint8, shape (N,); every label must be a class 0..9."""
    path = Path(path)
    labels = np.frombuffer(_read_idx(path, LABEL_MAGIC, item_bytes=1, what="labels"), np.uint8)
    if labels.size and int(labels.max()) >= N_CLASSES:
        bad = int(np.count_nonzero(labels >= N_CLASSES))
        raise DataError(
            f"{path} holds {bad} label(s) outside 0..9 (largest {int(labels.max())}); "
            "it is not a 10-class MNIST-format file"
        )
    return labels


def read_idx_pair(
    images_path: str | os.PathLike,
    labels_path: str | os.PathLike,
) -> tuple[np.ndarray, np.ndarray]:
    """Images and labels of one split, checking that both files hold the same number of items."""
    images = read_idx_images(images_path)
    labels = read_idx_labels(labels_path)
    if images.shape[0] != labels.shape[0]:
        raise DataError(
            f"{images_path} holds {images.shape[0]} images but {labels_path} holds "
            f"{labels.shape[0]} labels; they must belong together"
        )
    return images, labels


def write_idx_images(path: str | os.PathLike, images: np.ndarray) -> None:
    """Write uint8 images, shape (N, 784) or (N, 28, 28), as IDX3; gzipped when path ends in .gz."""
    images = np.ascontiguousarray(images, dtype=np.uint8).reshape(-1, N_PIXELS)
    header = struct.pack(">IIII", IMAGE_MAGIC, images.shape[0], IMAGE_SIDE, IMAGE_SIDE)
    _write(Path(path), header + images.tobytes())


def write_idx_labels(path: str | os.PathLike, labels: np.ndarray) -> None:
    """Write uint8 labels, shape (N,), as IDX1; gzipped when path ends in .gz."""
    labels = np.ascontiguousarray(labels, dtype=np.uint8).reshape(-1)
    _write(Path(path), struct.pack(">II", LABEL_MAGIC, labels.shape[0]) + labels.tobytes())


def _write(path: Path, data: bytes) -> None:
    if path.name.endswith(".gz"):
        data = gzip.compress(data, compresslevel=6, mtime=0)
    path.write_bytes(data)


def _read_idx(path: Path, magic: int, item_bytes: int, what: str) -> bytearray:
    """The payload of an IDX file after checking its header; raises DataError naming the file."""
    try:
        with open(path, "rb") as raw:
            gzipped = raw.read(2) == _GZIP_MAGIC
            raw.seek(0)
            if gzipped:
                compressed = os.fstat(raw.fileno()).st_size
                with gzip.GzipFile(fileobj=raw) as stream:
                    return _read_stream(
                        path, stream, magic, item_bytes, what, None, MAX_GZIP_RATIO * compressed
                    )
            available = os.fstat(raw.fileno()).st_size
            return _read_stream(path, raw, magic, item_bytes, what, available=available)
    except FileNotFoundError:
        raise DataError(f"{path} does not exist") from None
    except IsADirectoryError:
        raise DataError(f"{path} is a folder, not an IDX file") from None
    except PermissionError:
        raise DataError(f"{path} cannot be read (permission denied)") from None
    except (gzip.BadGzipFile, zlib.error) as exc:
        raise DataError(f"{path} is a damaged gzip file ({exc})") from None
    except EOFError:
        raise DataError(f"{path} is a truncated gzip file") from None
    except OSError as exc:  # EIO and the like: a failing disk or network share
        raise DataError(f"{path} cannot be read ({exc.strerror or exc})") from None


def _read_stream(
    path: Path,
    stream: BinaryIO,
    magic: int,
    item_bytes: int,
    what: str,
    available: int | None,
    max_unpacked: int | None = None,
) -> bytearray:
    """Check the header, then read exactly the announced payload (bounded, incrementally)."""
    ndim = 3 if magic == IMAGE_MAGIC else 1
    kind = f"IDX{ndim} {what} file"
    head = stream.read(4)
    if len(head) < 4:
        raise DataError(f"{path} is too short to be an {kind} ({len(head)} bytes)")
    if head[:2] != b"\0\0":
        raise DataError(f"{path} is not an IDX file (bad magic number {head.hex()})")
    if head[2] != UBYTE_TYPE:
        type_name = _TYPE_NAMES.get(head[2], f"unknown type 0x{head[2]:02x}")
        raise DataError(f"{path} holds {type_name} values; mugui reads only unsigned bytes")
    if head[3] != ndim:
        found = "images" if head[3] == 3 else "labels" if head[3] == 1 else f"{head[3]}-D data"
        raise DataError(
            f"{path} has magic number {int.from_bytes(head, 'big')} ({found}), "
            f"expected {magic} for an {kind}"
        )
    dims_raw = stream.read(4 * ndim)
    if len(dims_raw) < 4 * ndim:
        raise DataError(f"{path} is truncated inside its header")
    count, *shape = struct.unpack(f">{ndim}I", dims_raw)
    if shape and tuple(shape) != (IMAGE_SIDE, IMAGE_SIDE):
        raise DataError(f"{path} holds {shape[0]}×{shape[1]} images; mugui needs 28×28")
    if count > MAX_ITEMS:
        raise DataError(f"{path} claims {count:,} {what}, more than the {MAX_ITEMS:,} mugui reads")
    expected = count * item_bytes
    if max_unpacked is not None and expected > max(max_unpacked, _CHUNK):
        raise DataError(
            f"{path} claims {count:,} {what} ({expected:,} bytes) from a "
            f"{max_unpacked // MAX_GZIP_RATIO:,}-byte gzip file: it is not a real IDX file"
        )
    if available is not None:
        present = available - 4 - 4 * ndim
        if present < expected:
            raise DataError(
                f"{path} is truncated: its header announces {count:,} {what} "
                f"({expected:,} bytes) but only {present:,} bytes follow"
            )
        if present > expected:
            raise DataError(
                f"{path} has {present - expected:,} bytes more than its header's {count:,} {what}"
            )
    payload = bytearray()
    while len(payload) < expected:
        chunk = stream.read(min(_CHUNK, expected - len(payload)))
        if not chunk:
            raise DataError(
                f"{path} is truncated: its header announces {count:,} {what} "
                f"({expected:,} bytes) but only {len(payload):,} bytes follow"
            )
        payload += chunk
    if stream.read(1):
        raise DataError(f"{path} has more data than its header's {count:,} {what}")
    return payload
