"""Expanding a study into tasks: originals, retrain references and rows, deduplicated by content hash.

A task's key hashes everything its result depends on (data, training settings, seed, forget set,
method and parameters, metrics), so a task shared by several rows runs once (one original per
seed, one reference per target and reference seed, whichever methods use them) and a task whose
key is already stored is finished work, skipped by a re-run.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass

from mugui.data.dataset import Dataset
from mugui.data.load import load_dataset
from mugui.errors import MuguiError, StudyError
from mugui.experiment import load_experiment
from mugui.sweep.study import Study, parse_target
from mugui.training.config import TrainConfig
from mugui.unlearning import forget_set
from mugui.unlearning.forget_set import ForgetSet
from mugui.unlearning.reference_cache import data_identity, reference_key, reference_seeds


@dataclass(frozen=True)
class OriginalTask:
    """Train the original model of one seed."""

    key: str
    config: TrainConfig


@dataclass(frozen=True)
class ReferenceTask:
    """Retrain without one target's forget set, with one seed (the engine's reference cache key)."""

    key: str
    target: str
    config: TrainConfig
    seed: int


@dataclass(frozen=True)
class RowTask:
    """Unlearn one target from one original with one method setting, and measure everything."""

    key: str
    method: str
    params: dict
    target: str
    seed: int
    original: str  # key of the OriginalTask
    references: tuple[str, ...]  # keys of the ReferenceTasks the row's measurements read
    model: str = ""  # the model settings that vary in the study ("" for one setting)


@dataclass(frozen=True)
class Plan:
    study: Study
    dataset: Dataset
    forget_sets: dict[str, ForgetSet]
    originals: dict[str, OriginalTask]
    references: dict[str, ReferenceTask]
    rows: tuple[RowTask, ...]

    @property
    def task_count(self) -> int:
        return len(self.originals) + len(self.references) + len(self.rows)


def content_key(payload: dict) -> str:
    """24 hex digits of SHA-256 over ``payload`` as canonical JSON."""
    text = json.dumps(payload, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def study_dataset(study: Study) -> Dataset:
    """The study's data: the source, cut to the subsets, with the experiment's "my data" appended."""
    spec = study.data
    dataset = load_dataset(spec.source)
    if spec.train_subset is not None or spec.test_subset is not None:
        train, test = spec.train_subset or dataset.n_train, spec.test_subset or dataset.n_test
        if train > dataset.n_train or test > dataset.n_test:
            raise StudyError(
                f"data: subsets of {train} train / {test} test samples exceed the "
                f"{dataset.n_train} / {dataset.n_test} available"
            )
        dataset = Dataset(
            name=f"{dataset.name} [first {train} train, {test} test]",
            train_x=dataset.train_x[:train],
            train_y=dataset.train_y[:train],
            test_x=dataset.test_x[:test],
            test_y=dataset.test_y[:test],
            class_names=dataset.class_names,
            source=dataset.source,
        )
    if spec.experiment is not None:
        experiment = load_experiment(spec.experiment)
        dataset = experiment.dataset(dataset)
    try:
        for config in study.configs:
            config.validate(dataset.n_train)
    except MuguiError as exc:
        raise StudyError(f"model.{exc}") from None
    return dataset


def build_forget_set(dataset: Dataset, target: str) -> ForgetSet:
    """The forget set a target string names (random sets are fixed: seed 0 unless given)."""
    kind, args = parse_target(target)
    if kind == "class":
        return forget_set.forget_class(dataset, *args)
    if kind == "fraction":
        return forget_set.forget_fraction(dataset, *args)
    if kind == "count":
        return forget_set.forget_count(dataset, *args)
    if kind == "random":
        return forget_set.forget_random(dataset, *args)
    return forget_set.forget_user_data(dataset)


def quality_reference_seeds(config: TrainConfig, n: int) -> list[int]:
    """The seeds of the N references the forgetting-quality score retrains (never the original's)."""
    return reference_seeds(config, n)


def expand(study: Study, dataset: Dataset) -> Plan:
    """Every task of the study, each once."""
    forget_sets = {}
    for target in study.targets:
        try:
            forget_sets[target] = build_forget_set(dataset, target)
        except MuguiError as exc:
            raise StudyError(f"target {target!r}: {exc}") from None
    identity = data_identity(dataset)
    originals: dict[str, OriginalTask] = {}
    references: dict[str, ReferenceTask] = {}
    rows: list[RowTask] = []
    for (base, label), seed in itertools.product(
        zip(study.configs, study.model_labels, strict=True), study.seeds
    ):
        config = base.replace(seed=seed)
        original = content_key({"task": "original", "data": identity, "config": config.to_dict()})
        originals[original] = OriginalTask(original, config)
        for target, forget in forget_sets.items():
            seeds = set()
            if study.metrics.references:
                seeds |= set(reference_seeds(config, study.metrics.references))
            if study.metrics.forgetting_quality:
                seeds |= set(quality_reference_seeds(config, study.metrics.forgetting_quality))
            needed = []
            for ref_seed in sorted(seeds):
                key = reference_key(dataset, config, forget, ref_seed)
                references.setdefault(key, ReferenceTask(key, target, config, ref_seed))
                needed.append(key)
            for grid in study.methods:
                for params in grid.settings:
                    key = content_key(
                        {
                            "task": "row",
                            "original": original,
                            "forget": forget.key(),
                            "method": grid.name,
                            "params": params,
                            "metrics": study.metrics.to_dict(),
                        }
                    )
                    rows.append(
                        RowTask(
                            key, grid.name, params, target, seed, original, tuple(needed), label
                        )
                    )
    return Plan(study, dataset, forget_sets, originals, references, tuple(rows))
