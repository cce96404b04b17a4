"""One entry point for every data source: ``bundled``, ``mnist`` (fetched) or a folder of IDX files."""

from __future__ import annotations

import os
from pathlib import Path

from mugui.data.bundled import load_bundled
from mugui.data.dataset import Dataset
from mugui.data.folder import load_folder
from mugui.data.mnist_folder import default_cache_dir
from mugui.errors import DataError

BUNDLED = "bundled"
MNIST = "mnist"  # the full MNIST that `mugui data fetch` put in the per-user cache


def load_dataset(spec: str | os.PathLike) -> Dataset:
    """The data set named by spec: ``"bundled"`` (the shipped digits), ``"mnist"`` (the full MNIST
    downloaded by `mugui data fetch` into the per-user cache) or a folder path."""
    if str(spec) == BUNDLED:
        return load_bundled()
    if str(spec) == MNIST:
        folder = default_cache_dir()
        if not folder.is_dir():
            raise DataError(
                f"full MNIST is not downloaded yet ({folder} does not exist): run `mugui data fetch`"
            )
        return load_folder(folder)
    folder = Path(spec).expanduser()
    if not folder.exists():
        raise DataError(
            f"data folder {folder} does not exist (use 'bundled' or a folder of IDX files)"
        )
    if not folder.is_dir():
        raise DataError(f"{folder} is a file; give the folder that holds the IDX files")
    return load_folder(folder)
