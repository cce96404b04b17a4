"""The study description (TOML or JSON): data, model, forget targets, methods with grids, seeds.

Every mistake is reported as one :class:`StudyError` sentence naming the file and the key, before
any work starts. A parameter given as a list is a grid: the study runs every combination.
"""

from __future__ import annotations

import itertools
import json
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mugui.errors import MuguiError, StudyError
from mugui.record_dict import record_dict
from mugui.runs.verify import DEFAULT_SEEDS
from mugui.training.config import TrainConfig
from mugui.unlearning.registry import get_method
from mugui.unlearning.relearn import RELEARN_ON

TOP_KEYS = ("name", "output", "seeds", "targets", "data", "model", "methods", "metrics")
DATA_KEYS = ("source", "experiment", "train_subset", "test_subset")
METRIC_KEYS = ("references", "forgetting_quality", "per_example", "relearn")
TARGET_FORMS = (
    "class:D",
    "fraction:D:F",
    "count:D:N",
    "random:N",
    "random:N:SEED",
    "my data",
)
MAX_SEEDS = 10_000


@dataclass(frozen=True)
class DataSpec:
    """Where the data comes from and, optionally, the first rows of each split to keep."""

    source: str = "bundled"
    experiment: str | None = None  # an experiment file whose "my data" is appended
    train_subset: int | None = None
    test_subset: int | None = None

    def to_dict(self) -> dict:
        return record_dict(self)


@dataclass(frozen=True)
class MethodGrid:
    """One method and every parameter combination to run (defaults filled in)."""

    name: str
    settings: tuple[dict, ...]


@dataclass(frozen=True)
class Metrics:
    """What is measured beyond the standard figures of every row."""

    references: int = DEFAULT_SEEDS  # retrain references per row (as mugui unlearn --seeds)
    forgetting_quality: int = 0  # N of the NeurIPS 2023 score (N runs and N references); 0: off
    relearn: str | None = None  # "full" or "forget": count steps until the forget set is back
    per_example: bool = False  # keep the forgetting-quality attack's ε of every forget sample

    def to_dict(self) -> dict:
        return record_dict(self)


@dataclass(frozen=True)
class Study:
    name: str
    data: DataSpec
    configs: tuple[TrainConfig, ...]  # the [model] grid; each seed replaces a config's seed
    targets: tuple[str, ...]
    methods: tuple[MethodGrid, ...]
    seeds: tuple[int, ...]
    metrics: Metrics
    output: Path
    model_labels: tuple[str, ...] = ("",)  # per config, the settings that vary: "hidden=64"


def load_study(path: str | os.PathLike) -> Study:
    """Read and check a study file (``.toml`` or ``.json``); relative paths are the file's."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise StudyError(f"no study file at {path}") from None
    except OSError as exc:
        raise StudyError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(raw.decode("utf-8"))
        else:
            data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise StudyError(f"{path} is not a text file") from None
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise StudyError(f"{path} is not valid {_kind(path)}: {exc}") from None
    return parse_study(data, path.parent, path.name)


def _kind(path: Path) -> str:
    return "JSON" if path.suffix.lower() == ".json" else "TOML"


def parse_study(data: Any, base: Path, origin: str = "study") -> Study:
    """The Study described by ``data`` (a parsed TOML/JSON document)."""
    try:
        return _parse(data, base)
    except StudyError as exc:
        raise StudyError(f"{origin}: {exc}") from None


def _parse(data: Any, base: Path) -> Study:
    table = _table(data, "the study", TOP_KEYS)
    for key in ("targets", "methods"):
        if key not in table:
            raise StudyError(f"'{key}' is missing")
    name = table.get("name", "study")
    if not isinstance(name, str) or not name.strip():
        raise StudyError("name: must be a non-empty string")
    output = table.get("output", "sweep-results")
    if not isinstance(output, str) or not output.strip():
        raise StudyError("output: must be a folder path")
    data_spec = _data(table.get("data", {}), base)
    configs, labels = _configs(table.get("model", {}))
    targets = _targets(table["targets"], data_spec)
    methods = _methods(table["methods"], configs)
    seeds = _seeds(table.get("seeds", 1))
    metrics = _metrics(table.get("metrics", {}))
    return Study(
        name.strip(), data_spec, configs, targets, methods, seeds, metrics, base / output, labels
    )


def _table(value: Any, where: str, known: tuple[str, ...]) -> dict:
    if not isinstance(value, dict):
        raise StudyError(f"{where} must be a table of settings")
    unknown = sorted(set(value) - set(known))
    if unknown:
        raise StudyError(f"{where}: unknown key {unknown[0]!r}; known: {', '.join(known)}")
    return value


def _positive_int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise StudyError(f"{where}: must be a whole number >= 1, got {value!r}")
    return value


def _data(value: Any, base: Path) -> DataSpec:
    table = _table(value, "data", DATA_KEYS)
    source = table.get("source", "bundled")
    if not isinstance(source, str) or not source:
        raise StudyError("data.source: 'bundled' or a folder of IDX files")
    if source != "bundled":
        source = str(base / Path(source).expanduser())
    experiment = table.get("experiment")
    if experiment is not None:
        if not isinstance(experiment, str):
            raise StudyError("data.experiment: the path of an experiment file")
        experiment = str(base / Path(experiment).expanduser())
    subsets = {
        key: _positive_int(table[key], f"data.{key}") if table.get(key) is not None else None
        for key in ("train_subset", "test_subset")
    }
    return DataSpec(source, experiment, **subsets)


def _options(key: str, value: Any) -> list:
    """A setting's grid: a list is several values, except bugs, whose list of names is one value."""
    if not isinstance(value, list):
        return [value]
    if key == "bugs" and all(isinstance(v, str) for v in value):
        return [value]
    if not value:
        raise StudyError(f"model.{key}: an empty list gives no run")
    return value


def _configs(value: Any) -> tuple[tuple[TrainConfig, ...], tuple[str, ...]]:
    """Every training setting of the [model] grid, and per setting a label of what varies."""
    table = _table(value, "model", tuple(TrainConfig().to_dict()))
    if "seed" in table:
        raise StudyError("model.seed: give the seeds with the top-level 'seeds' list")
    axes = {key: _options(key, v) for key, v in table.items()}
    varying = [key for key, options in axes.items() if len(options) > 1]
    configs, labels = [], []
    for combo in itertools.product(*axes.values()):
        setting = dict(zip(axes, combo, strict=True))
        try:
            configs.append(TrainConfig.from_dict(setting))
        except MuguiError as exc:
            raise StudyError(f"model.{exc}") from None
        except TypeError as exc:
            raise StudyError(f"model: {exc}") from None
        labels.append(", ".join(f"{key}={setting[key]}" for key in varying))
    return tuple(configs), tuple(labels)


def parse_target(text: str) -> tuple[str, tuple]:
    """A target string as (kind, arguments); StudyError names the accepted forms."""
    parts = [p.strip() for p in text.strip().split(":")] if isinstance(text, str) else []
    kind, args = (parts[0].lower(), parts[1:]) if parts else ("", [])
    try:
        if kind == "my data" and not args:
            return kind, ()
        if kind == "class" and len(args) == 1:
            return kind, (int(args[0]),)
        if kind == "fraction" and len(args) == 2:
            return kind, (int(args[0]), float(args[1]))
        if kind == "count" and len(args) == 2:
            return kind, (int(args[0]), int(args[1]))
        if kind == "random" and len(args) in (1, 2):
            return kind, tuple(int(a) for a in args)
    except ValueError:
        pass
    raise StudyError(f"target {text!r} is not one of: {', '.join(TARGET_FORMS)}")


def _targets(value: Any, data: DataSpec) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise StudyError('targets: a non-empty list such as ["class:3", "random:100"]')
    for text in value:
        kind, args = parse_target(text)
        if kind == "my data" and data.experiment is None:
            raise StudyError("target 'my data' needs data.experiment (an experiment file)")
        if kind in ("class", "fraction", "count") and not 0 <= args[0] <= 9:
            raise StudyError(f"target {text!r}: classes are 0..9")
    if len(set(value)) != len(value):
        raise StudyError("targets: a target is listed twice")
    return tuple(value)


def _methods(value: Any, configs: tuple[TrainConfig, ...]) -> tuple[MethodGrid, ...]:
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list) or not value:
        raise StudyError("methods: a non-empty list of [[methods]] tables")
    grids = []
    # a study of one architecture gets its defaults (the CNN's on CNNs); a mixed one the MLP's
    architectures = {c.architecture for c in configs}
    arch = architectures.pop() if len(architectures) == 1 else "mlp"
    for i, entry in enumerate(value):
        where = f"methods[{i}]"
        if isinstance(entry, str):
            entry = {"name": entry}
        table = _table(entry, where, ("name", "params"))
        if "name" not in table:
            raise StudyError(f"{where}: 'name' is missing")
        try:
            method = get_method(str(table["name"]))
        except MuguiError as exc:
            raise StudyError(f"{where}: {exc}") from None
        if method.needs_recording and not all(c.record_updates for c in configs):
            raise StudyError(
                f"{where}: {method.name} needs the updates recorded during training: "
                "set model.record_updates = true"
            )
        params = _table(
            table.get("params", {}), f"{where}.params", tuple(p.name for p in method.params)
        )
        axes = {k: v if isinstance(v, list) else [v] for k, v in params.items()}
        for k, options in axes.items():
            if not options:
                raise StudyError(f"{where}.params.{k}: an empty list gives no run")
        settings = []
        for combo in itertools.product(*axes.values()):
            try:
                resolved = method.resolve_params(dict(zip(axes, combo, strict=True)), "", arch)
            except MuguiError as exc:
                raise StudyError(f"{where}: {exc}") from None
            if resolved not in settings:
                settings.append(resolved)
        grids.append(MethodGrid(method.name, tuple(settings)))
    return tuple(grids)


def _seeds(value: Any) -> tuple[int, ...]:
    if isinstance(value, int) and not isinstance(value, bool):
        if not 1 <= value <= MAX_SEEDS:
            raise StudyError(f"seeds: a count must be 1..{MAX_SEEDS}, got {value}")
        return tuple(range(value))
    if not isinstance(value, list) or not value:
        raise StudyError("seeds: a count or a non-empty list of seeds")
    for seed in value:
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**32:
            raise StudyError(f"seeds: {seed!r} is not a seed (0 .. 2**32-1)")
    if len(set(value)) != len(value):
        raise StudyError("seeds: a seed is listed twice")
    return tuple(value)


def _metrics(value: Any) -> Metrics:
    table = _table(value, "metrics", METRIC_KEYS)
    references = table.get("references", DEFAULT_SEEDS)
    if isinstance(references, bool) or not isinstance(references, int) or not 0 <= references <= 64:
        raise StudyError(f"metrics.references: 0..64 retrain references, got {references!r}")
    quality = table.get("forgetting_quality", 0)
    if (
        isinstance(quality, bool)
        or not isinstance(quality, int)
        or not (quality == 0 or 3 <= quality <= 1024)
    ):
        raise StudyError(f"metrics.forgetting_quality: N in 3..1024 (0: off), got {quality!r}")
    relearn = table.get("relearn")
    if relearn is not None and relearn not in RELEARN_ON:
        raise StudyError(f"metrics.relearn: one of {', '.join(RELEARN_ON)}, got {relearn!r}")
    per_example = table.get("per_example", False)
    if not isinstance(per_example, bool):
        raise StudyError(f"metrics.per_example: true or false, got {per_example!r}")
    if per_example and not quality:
        raise StudyError("metrics.per_example: the per-example attack needs forgetting_quality = N")
    return Metrics(references, quality, relearn, per_example)
