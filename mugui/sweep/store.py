"""A study's output folder: finished rows and trained originals, kept as soon as each arrives.

``tasks/KEY.json`` holds one row (``ok`` or ``failed``), ``models/KEY.npz`` one original model
(with its recorded updates, if any). Both are written atomically, so a killed sweep leaves only
whole files; a re-run skips every ``ok`` row and every stored original and retries failures.
Retrain references live in the engine's reference cache, shared with ``mugui unlearn``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from mugui.atomic_write import write_atomically
from mugui.errors import ModelFileError, StudyError
from mugui.model_file import load_model, save_model
from mugui.sweep.tasks import Original


class Store:
    def __init__(self, folder: str | os.PathLike) -> None:
        self.folder = Path(folder)
        self.tasks = self.folder / "tasks"
        self.models = self.folder / "models"

    def open(self) -> Store:
        """Create the folders (and say clearly when that is impossible)."""
        for path in (self.tasks, self.models):
            try:
                path.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StudyError(f"cannot create {path}: {exc.strerror or exc}") from None
        return self

    def row(self, key: str) -> dict | None:
        """The stored row of ``key``, or None (an unreadable file counts as not done)."""
        try:
            return json.loads((self.tasks / f"{key}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def finished(self, key: str) -> bool:
        row = self.row(key)
        return row is not None and row.get("status") == "ok"

    def save_row(self, row: dict) -> None:
        text = json.dumps(row, sort_keys=True, allow_nan=False)
        write_atomically(self.tasks / f"{row['key']}.json", lambda f: f.write(text.encode()))

    def original_path(self, key: str) -> Path:
        return self.models / f"{key}.npz"

    def original(self, key: str) -> Original | None:
        """The stored original of ``key``, or None when absent or unreadable."""
        path = self.original_path(key)
        if not path.is_file():
            return None
        try:
            model, extras = load_model(path, with_extras=True)
        except ModelFileError:
            return None
        return Original(model, extras)

    def save_original(self, key: str, original: Original) -> None:
        save_model(original.model, self.original_path(key), extra_arrays=original.extras)
