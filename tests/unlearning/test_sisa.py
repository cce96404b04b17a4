"""SISA: forgetting retrains only the shards that saw the forget set, and exactly so."""

from __future__ import annotations

import numpy as np
import pytest

from mugui.data.load import load_dataset
from mugui.errors import ModelFileError
from mugui.training.config import TrainConfig
from mugui.unlearning.forget_set import forget_class, forget_random
from mugui.unlearning.registry import UnlearnRequest, run_method
from mugui.unlearning.sisa_file import load_ensemble, save_ensemble
from mugui.unlearning.sisa_training import forget_samples, retrain_shard, train_sisa

CONFIG = TrainConfig(hidden=32, epochs=3, lr=0.05)
SHARDS, SLICES = 8, 3


@pytest.fixture(scope="module")
def data():
    full = load_dataset("bundled")
    keep = slice(0, 2400)  # a smaller training set keeps each shard's training short
    return type(full)(full.name, full.train_x[keep], full.train_y[keep], full.test_x, full.test_y)


@pytest.fixture(scope="module")
def ensemble(data):
    return train_sisa(data, CONFIG, SHARDS, SLICES)


def test_prediction_averages_the_shards_softmax(ensemble, data):
    probs = ensemble.predict_proba(data.test_x[:20])
    expected = np.mean([m.predict_proba(data.test_x[:20]) for m in ensemble.shards], axis=0)
    np.testing.assert_allclose(probs, expected)
    shard_accuracy = [(m.predict(data.test_x) == data.test_y).mean() for m in ensemble.shards]
    assert (ensemble.predict(data.test_x) == data.test_y).mean() > np.mean(shard_accuracy)
    assert ensemble.hidden(data.test_x[:3]).shape == (3, SHARDS * CONFIG.hidden)


def test_ten_random_samples_retrain_only_their_shards(ensemble, data):
    forget = forget_random(data, 10, seed=3)
    owners = {int(k) for k in ensemble.shard_of()[forget.indices, 0]}
    assert len(owners) < SHARDS
    result, info = forget_samples(ensemble, data, forget.indices)
    assert info["shards_retrained_count"] == len(owners)
    assert set(info["shards_retrained"]) == owners
    assert info["fraction_retrained"] < 1.0 and info["compute_speedup"] > 1.0
    for k in range(SHARDS):
        same = np.array_equal(result.shards[k].params, ensemble.shards[k].params)
        assert same == (k not in owners)
    assert not np.isin(forget.indices, np.concatenate(sum(result.slices, []))).any()


def test_forgetting_a_class_retrains_every_shard(ensemble, data):
    _, info = forget_samples(ensemble, data, forget_class(data, 5).indices)
    assert info["shards_retrained_count"] == SHARDS
    assert all(first == 0 for first in info["first_affected_slice"].values())


def test_retraining_from_the_checkpoint_equals_training_the_shard_from_scratch(ensemble, data):
    forget = forget_random(data, 3, seed=8)
    result, info = forget_samples(ensemble, data, forget.indices)
    late = [k for k, first in info["first_affected_slice"].items() if first > 0]
    assert late, "the seed should put a sample beyond the first slice"
    from_scratch = result.copy()
    for k in info["shards_retrained"]:
        retrain_shard(from_scratch, data, k, first_stage=0)
        np.testing.assert_array_equal(from_scratch.shards[k].params, result.shards[k].params)


def test_save_and_load_round_trip(ensemble, data, tmp_path):
    path = save_ensemble(ensemble, tmp_path / "sisa.npz")
    loaded = load_ensemble(path)
    np.testing.assert_array_equal(
        loaded.predict_proba(data.test_x), ensemble.predict_proba(data.test_x)
    )
    assert [s.size for s in sum(loaded.slices, [])] == [s.size for s in sum(ensemble.slices, [])]
    np.testing.assert_array_equal(loaded.checkpoints, ensemble.checkpoints)
    (tmp_path / "other.npz").write_bytes(b"not a zip")
    with pytest.raises(ModelFileError):
        load_ensemble(tmp_path / "other.npz")


def test_method_trains_an_ensemble_when_none_is_given_and_says_so(ensemble, data):
    forget = forget_random(data, 5)
    model = ensemble.shards[0]
    given = run_method(
        "sisa", UnlearnRequest(model, data, forget, {}, CONFIG, extras={"sisa_ensemble": ensemble})
    )
    assert given.info["ensemble"] == "given"
    small = CONFIG.replace(epochs=1)
    params = {"shards": 2, "slices": 2}
    first = run_method("sisa", UnlearnRequest(model, data, forget, params, small))
    again = run_method("sisa", UnlearnRequest(model, data, forget, params, small))
    assert (
        first.info["ensemble"] == "trained now" and "trained first" in first.info["ensemble_note"]
    )
    assert again.info["ensemble"] == "cached"
    np.testing.assert_array_equal(
        first.model.predict_proba(data.test_x), again.model.predict_proba(data.test_x)
    )


@pytest.mark.parametrize(
    "member, header",
    [
        ("checkpoints", (8, 3, 2, 10**9)),
        ("shard_params", (10**6, 26_506)),
        ("slice_indices", (10**10,)),
    ],
)
def test_an_ensemble_file_declaring_gigabytes_is_refused_before_allocation(
    ensemble, tmp_path, member, header
):
    import io
    import zipfile

    path = save_ensemble(ensemble, tmp_path / "sisa.npz")
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    buffer = io.BytesIO()
    dtype = "<i8" if member == "slice_indices" else "<f4"
    np.lib.format.write_array_header_1_0(
        buffer, {"descr": dtype, "fortran_order": False, "shape": header}
    )
    members[f"{member}.npy"] = buffer.getvalue()
    with zipfile.ZipFile(path, "w") as archive:
        for name, raw in members.items():
            archive.writestr(name, raw)
    with pytest.raises(ModelFileError, match="declares|inconsistent"):
        load_ensemble(path)
