"""The retrain reference is trained once per (data, config, forget set, seed), then read back."""

from __future__ import annotations

import numpy as np
import pytest

from mugui.training.config import TrainConfig
from mugui.training.control import RunControl
from mugui.training.trainer import train
from mugui.unlearning.forget_set import forget_class, forget_random
from mugui.unlearning.reference_cache import (
    CACHE_ENV,
    ReferenceCache,
    default_cache_dir,
    reference_key,
    retain_dataset,
)
from mugui.unlearning.registry import Cancelled

CONFIG = TrainConfig(hidden=16, epochs=1, batch_size=32)


def test_second_call_is_a_cache_hit_without_training(blobs, tmp_path):
    cache = ReferenceCache(tmp_path)
    forget = forget_class(blobs, 3)
    first = cache.reference(blobs, CONFIG, forget)
    second = cache.reference(blobs, CONFIG, forget)
    assert (cache.trained, cache.memory_hits) == (1, 1)
    assert np.array_equal(first.params, second.params)
    cache.clear_memory()
    third = cache.reference(blobs, CONFIG, forget)
    assert (cache.trained, cache.disk_hits) == (1, 1)
    assert np.array_equal(first.params, third.params)


def test_the_reference_is_a_plain_training_on_the_retain_set(blobs, tmp_path):
    forget = forget_random(blobs, 50, seed=1)
    reference = ReferenceCache(tmp_path).reference(blobs, CONFIG, forget)
    by_hand, _ = train(retain_dataset(blobs, forget), CONFIG)
    assert np.array_equal(reference.params, by_hand.params)


def test_forget_sets_configs_and_seeds_get_their_own_entries(blobs, tmp_path):
    cache = ReferenceCache(tmp_path)
    variants = [
        (CONFIG, forget_class(blobs, 3), None),
        (CONFIG, forget_class(blobs, 4), None),
        (CONFIG.replace(lr=0.02), forget_class(blobs, 3), None),
        (CONFIG, forget_class(blobs, 3), 7),
    ]
    keys = {reference_key(blobs, c, f, s) for c, f, s in variants}
    assert len(keys) == len(variants)
    for config, forget, seed in variants:
        cache.reference(blobs, config, forget, seed)
    assert cache.trained == len(variants)
    assert len(list(tmp_path.glob("*.npz"))) == len(variants)


def test_a_damaged_cache_file_is_ignored_and_rebuilt(blobs, tmp_path):
    cache = ReferenceCache(tmp_path)
    forget = forget_class(blobs, 3)
    good = cache.reference(blobs, CONFIG, forget)
    path = cache.path_for(reference_key(blobs, CONFIG, forget))
    path.write_bytes(b"not a model at all")
    cache.clear_memory()
    rebuilt = cache.reference(blobs, CONFIG, forget)
    assert cache.trained == 2
    assert np.array_equal(good.params, rebuilt.params)
    cache.clear_memory()
    cache.reference(blobs, CONFIG, forget)
    assert cache.disk_hits == 1


def test_the_environment_variable_moves_the_cache(monkeypatch, tmp_path):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    assert default_cache_dir() == tmp_path
    assert ReferenceCache().directory == tmp_path


def test_a_cancelled_retraining_raises_and_caches_nothing(blobs, tmp_path):
    cache = ReferenceCache(tmp_path)
    control = RunControl()
    control.stop()
    with pytest.raises(Cancelled):
        cache.reference(blobs, CONFIG, forget_class(blobs, 3), control=control)
    assert cache.trained == 0
    assert not list(tmp_path.glob("*.npz"))
