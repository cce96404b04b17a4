"""Retrain references (exact unlearning), cached in memory and on disk.

Every verification compares a method with the model retrained without the forget set; that
model depends only on the training data, the configuration, the forget set and the seed, so
it is trained once and then read back: repeated verifications are instant. The disk cache
lives in ``user_cache_dir("mugui")/references`` unless ``MUGUI_REFERENCE_CACHE`` names
another folder (tests point it at a temporary one).
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from platformdirs import user_cache_dir

from mugui.architecture import Spec
from mugui.data.dataset import Dataset
from mugui.data.fingerprint import train_fingerprint
from mugui.errors import ModelFileError, MuguiError, UnlearningError
from mugui.model import Model
from mugui.model_file import load_model, save_model
from mugui.training.config import TrainConfig
from mugui.training.control import RunControl
from mugui.training.trainer import train
from mugui.unlearning.forget_set import ForgetSet
from mugui.unlearning.kernel_warmup import kernels_warm
from mugui.unlearning.registry import Cancelled

CACHE_ENV = "MUGUI_REFERENCE_CACHE"
MEMORY_ENTRIES = 32  # references kept in memory (about 1 MB each at the default size)


@dataclass(frozen=True)
class Reference:
    """A retrained model, its seed, and the wall seconds its training took (None if unknown).

    ``timing`` says where the seconds come from: trained now in this process, or read back from
    the cache with when and where they were measured (None when the kernels were not warm then).
    """

    model: Model
    seconds: float | None
    seed: int
    timing: dict


def reference_seeds(config: TrainConfig, count: int) -> list[int]:
    """``count`` seeds for references, never the original's own (a shared start is no noise floor)."""
    if count < 1:
        raise UnlearningError(f"at least one reference seed is needed, got {count}")
    return [config.seed + 1 + i for i in range(count)]


def default_cache_dir() -> Path:
    """``$MUGUI_REFERENCE_CACHE`` if set, else the per-user cache folder."""
    override = os.environ.get(CACHE_ENV)
    return Path(override) if override else Path(user_cache_dir("mugui")) / "references"


def retain_dataset(dataset: Dataset, forget: ForgetSet) -> Dataset:
    """The training data without the forget set (same test data), in the original order."""
    keep = forget.retain_indices()
    return Dataset(
        name=dataset.name,
        train_x=dataset.train_x[keep],
        train_y=dataset.train_y[keep],
        test_x=dataset.test_x,
        test_y=dataset.test_y,
        class_names=dataset.class_names,
        source=dataset.source,
    )


def reference_config(config: TrainConfig, seed: int | None = None) -> TrainConfig:
    """The original configuration with ``seed`` (default: its own), never recording updates."""
    return config.replace(
        seed=config.seed if seed is None else int(seed),
        record_updates=False,
    )


def data_identity(dataset: Dataset) -> str:
    """Name plus a hash of the training arrays."""
    return f"{dataset.name}:{train_fingerprint(dataset)}"


def reference_key(
    dataset: Dataset, config: TrainConfig, forget: ForgetSet, seed: int | None = None
) -> str:
    """Stable file-name-safe key of (data, configuration, forget set, seed)."""
    identity = {
        "data": data_identity(dataset),
        "config": reference_config(config, seed).to_dict(),
        "forget": forget.key(),
    }
    text = json.dumps(identity, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


class ReferenceCache:
    """Retrained models by key: memory first, then ``directory``, else train and store.

    ``trained``, ``memory_hits`` and ``disk_hits`` count where each answer came from.
    """

    def __init__(self, directory: str | os.PathLike | None = None) -> None:
        self._directory = Path(directory) if directory is not None else None
        self._memory: OrderedDict[str, Model] = OrderedDict()
        self._lock = threading.Lock()
        self.trained = self.memory_hits = self.disk_hits = 0

    @property
    def directory(self) -> Path:
        return self._directory if self._directory is not None else default_cache_dir()

    def path_for(self, key: str) -> Path:
        return self.directory / f"{key}.npz"

    def clear_memory(self) -> None:
        with self._lock:
            self._memory.clear()

    def reference(
        self,
        dataset: Dataset,
        config: TrainConfig,
        forget: ForgetSet,
        seed: int | None = None,
        *,
        refresh: bool = False,
        control: RunControl | None = None,
        on_event: Callable | None = None,
    ) -> Model:
        """The model trained from scratch on the retain set; ``refresh`` trains it anew."""
        key = reference_key(dataset, config, forget, seed)
        if not refresh:
            cached = self._from_memory(key) or self._from_disk(key, config)
            if cached is not None:
                return cached
        model = self._train(dataset, reference_config(config, seed), forget, control, on_event)
        self._remember(key, model)
        self._store(key, model, forget)
        return model.copy()

    def _from_memory(self, key: str) -> Model | None:
        with self._lock:
            model = self._memory.get(key)
            if model is None:
                return None
            self._memory.move_to_end(key)
            self.memory_hits += 1
            return model.copy()

    def stored(self, key: str, spec: Spec | None = None) -> Model | None:
        """The reference stored on disk under ``key`` (of architecture ``spec``, when given); None
        when there is none, or it is damaged, foreign or of another architecture."""
        path = self.path_for(key)
        if not path.is_file():
            return None
        try:
            model = load_model(path)
        except ModelFileError:
            return None  # damaged or foreign: retrain and overwrite
        if model.meta.get("reference_key") != key or (spec is not None and model.spec != spec):
            return None
        return model

    def _from_disk(self, key: str, config: TrainConfig) -> Model | None:
        model = self.stored(key, config.spec)
        if model is None:
            return None
        self.disk_hits += 1
        self._remember(key, model)
        return model.copy()

    def _train(
        self,
        dataset: Dataset,
        config: TrainConfig,
        forget: ForgetSet,
        control: RunControl | None,
        on_event: Callable | None,
    ) -> Model:
        model, history = train(
            retain_dataset(dataset, forget), config, control=control, on_event=on_event
        )
        if history.finished == "stopped":
            raise Cancelled("retraining was cancelled; the original model is unchanged")
        if history.finished != "completed":
            raise UnlearningError(f"retraining did not complete: {history.message}")
        self.trained += 1
        # kept with the cached file, so a cache hit still reports where its time came from
        model.meta["train_seconds"] = history.seconds
        model.meta["timing"] = {
            "seconds": history.seconds,
            "kernels_warm": kernels_warm(),
            "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "host": platform.node(),
        }
        return model

    def _remember(self, key: str, model: Model) -> None:
        with self._lock:
            self._memory[key] = model.copy()
            self._memory.move_to_end(key)
            while len(self._memory) > MEMORY_ENTRIES:
                self._memory.popitem(last=False)

    def _store(self, key: str, model: Model, forget: ForgetSet) -> None:
        """Best effort: a read-only or full disk only costs the next session a retraining."""
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            save_model(
                model,
                self.path_for(key),
                metadata={"reference_key": key, "forget": forget.to_dict()},
            )
        except (OSError, MuguiError):
            pass


DEFAULT_CACHE = ReferenceCache()


def retrain_reference(
    dataset: Dataset,
    config: TrainConfig,
    forget: ForgetSet,
    seed: int | None = None,
    **options,
) -> Model:
    """The retrain reference for (data, config, forget set, seed) from the shared cache."""
    return DEFAULT_CACHE.reference(dataset, config, forget, seed, **options)


def retrain_references(
    dataset: Dataset, config: TrainConfig, forget: ForgetSet, seeds: int = 1, **options
) -> list[Model]:
    """References for ``seeds`` consecutive seeds from ``config.seed`` (for mean ± sd)."""
    if seeds < 1:
        raise UnlearningError(f"at least one seed is needed, got {seeds}")
    return [
        retrain_reference(dataset, config, forget, config.seed + i, **options) for i in range(seeds)
    ]
