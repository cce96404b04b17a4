"""The typicality check a model lacks but can be given: on what it says it was trained on.

The check (``mugui.typicality``) is fitted when a run ends. Some models reach the window
without it, and this module says how to fit it then, exactly as their run would have:

- a **model file** written before the check existed, or saved while the check was still owed,
  carries its run's training-set fingerprint and configuration: when the window's data set is
  that set, the check is fitted on it. A file that was unlearned is fitted on what it kept when
  it forgot whole classes; one that forgot chosen samples cannot be (the file does not list
  them), and gets no check.
- a **task-by-task model** is fitted on the classes of the tasks it learned and still keeps.

The answers are functions, so that the window can call them in the background.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from mugui.data.dataset import Dataset
from mugui.data.fingerprint import train_fingerprint
from mugui.errors import ConfigError
from mugui.training.config import TrainConfig
from mugui.training.typicality_sources import typicality_sources
from mugui.typicality import Source
from mugui.unlearning.forget_set import forget_class, merge
from mugui.unlearning.reference_cache import retain_dataset

Sources = Callable[[], list[Source]]


def file_sources(meta: dict, dataset: Dataset) -> Sources | None:
    """How to fit the check of a model file with metadata ``meta`` on ``dataset``; None when
    the file was not trained on ``dataset`` or does not say enough to fit it faithfully."""
    data = meta.get("data")
    if not isinstance(data, dict) or data.get("fingerprint") != train_fingerprint(dataset):
        return None
    try:
        config = TrainConfig.from_dict(meta["config"])
    except (KeyError, ConfigError, TypeError, ValueError):
        return None
    unlearning = meta.get("unlearning")
    if unlearning is None:
        return lambda: typicality_sources(dataset, config)
    forget = unlearning.get("forget") if isinstance(unlearning, dict) else None
    forgotten = _whole_classes(forget, dataset)
    if forgotten is None:
        return None
    kept = [c for c in range(len(dataset.class_names)) if c not in forgotten]
    return class_sources(dataset, kept, config)


def class_sources(
    dataset: Dataset, classes: Iterable[int], config: TrainConfig | None = None
) -> Sources:
    """The check's sources when the model knows only ``classes`` of ``dataset``: their training
    rows (and, when ``config`` trains on style strokes, their drawn ones)."""
    kept = {int(c) for c in classes}
    missing = [c for c in np.unique(dataset.train_y).tolist() if c not in kept]
    config = config if config is not None else TrainConfig(style_strokes=0)
    if not missing:
        return lambda: typicality_sources(dataset, config)
    retained = retain_dataset(dataset, merge([forget_class(dataset, c) for c in missing]))
    return lambda: typicality_sources(retained, config)


def _whole_classes(forget: object, dataset: Dataset) -> list[int] | None:
    """The classes a recorded forget set removed whole; None unless it removed exactly those."""
    if not isinstance(forget, dict):
        return None
    classes, size = forget.get("classes"), forget.get("size")
    if not isinstance(classes, list) or not classes or not isinstance(size, int):
        return None
    if not all(isinstance(c, int) and 0 <= c < len(dataset.class_names) for c in classes):
        return None
    if int(np.isin(dataset.train_y, classes).sum()) != size:
        return None
    return [int(c) for c in classes]
