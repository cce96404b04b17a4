"""One entry point for every data source: ``bundled`` or a folder of IDX files."""

from __future__ import annotations

import os
from pathlib import Path

from mugui.data.bundled import load_bundled
from mugui.data.dataset import Dataset
from mugui.data.folder import load_folder
from mugui.errors import DataError

BUNDLED = "bundled"


def load_dataset(spec: str | os.PathLike) -> Dataset:
    """The data set named by spec: ``"bundled"`` (the shipped digits) or a folder path."""
    if str(spec) == BUNDLED:
        return load_bundled()
    folder = Path(spec).expanduser()
    if not folder.exists():
        raise DataError(
            f"data folder {folder} does not exist (use 'bundled' or a folder of IDX files)"
        )
    if not folder.is_dir():
        raise DataError(f"{folder} is a file; give the folder that holds the IDX files")
    return load_folder(folder)
