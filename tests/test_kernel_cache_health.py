"""A damaged or unwritable numba cache is moved aside and replaced by a fresh folder, with one notice."""

import os
import pickle
from pathlib import Path

import pytest

from mugui import kernel_cache_health as health


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    folder.mkdir()
    monkeypatch.setattr(health, "_cache_folders", lambda: [folder])
    monkeypatch.setattr(health, "NOTICE", "")
    monkeypatch.setenv("NUMBA_CACHE_DIR", str(folder))
    monkeypatch.setattr(
        "platformdirs.user_cache_dir", lambda name, *a, **k: str(tmp_path / "user" / name)
    )
    return folder


def intact_index() -> bytes:
    return pickle.dumps("0.61") + pickle.dumps(("stamp", {"key": "f.py311.1.nbc"}))


@pytest.mark.parametrize(
    "name, data",
    [
        ("epoch.train-10.py311.nbi", b"garbage that is no pickle"),
        ("epoch.train-10.py311.nbi", b""),
        ("epoch.train-10.py311.nbi", intact_index()[:-7]),
        ("epoch.train-10.py311.1.nbc", pickle.dumps(b"x" * 1000)[:-1]),
        ("epoch.train-10.py311.1.nbc", b""),
    ],
)
def test_a_damaged_cache_file_is_moved_aside_and_a_fresh_folder_used(cache, name, data):
    (cache / "good.f-1.py311.nbi").write_bytes(intact_index())
    (cache / "good.f-1.py311.1.nbc").write_bytes(pickle.dumps(b"code"))
    (cache / name).write_bytes(data)
    notice = health.heal_kernel_cache()
    assert "moved aside" in notice and notice == health.NOTICE
    assert not (cache / name).exists() and (cache / (name + ".damaged")).exists()
    assert (cache / "good.f-1.py311.nbi").exists() and (cache / "good.f-1.py311.1.nbc").exists()
    fresh = Path(os.environ["NUMBA_CACHE_DIR"])
    assert fresh != cache and fresh.is_dir() and str(fresh) in notice


def test_an_intact_cache_is_left_alone(cache):
    (cache / "good.f-1.py311.nbi").write_bytes(intact_index())
    (cache / "good.f-1.py311.1.nbc").write_bytes(pickle.dumps(b"code"))
    assert health.heal_kernel_cache() == ""
    assert os.environ["NUMBA_CACHE_DIR"] == str(cache) and health.NOTICE == ""


def test_read_only_cache_and_home_fall_back_to_a_temporary_folder(cache, monkeypatch):
    real_writable = health._writable
    user = cache.parent / "user"

    def writable(folder):
        return not (folder == cache or user in folder.parents) and real_writable(folder)

    monkeypatch.setattr(health, "_writable", writable)
    monkeypatch.setattr(health, "_user_wide_writable", lambda: False)
    notice = health.heal_kernel_cache()
    assert "no cache folder was writable" in notice
    fresh = Path(os.environ["NUMBA_CACHE_DIR"])
    assert fresh.is_dir() and user not in fresh.parents and os.access(fresh, os.W_OK)
