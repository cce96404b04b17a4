"""A frozen app caches compiled kernels in a per-user folder; a user's own setting wins."""

import sys

from mugui.numba_cache import configure_numba_cache


def test_frozen_app_uses_a_per_user_numba_cache(monkeypatch):
    monkeypatch.delenv("NUMBA_CACHE_DIR", raising=False)
    monkeypatch.delenv("NUMBA_CACHE_LOCATOR_CLASSES", raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    configure_numba_cache()
    import os

    assert os.environ["NUMBA_CACHE_DIR"].endswith(os.path.join("mugui", "numba"))


def test_an_explicit_numba_cache_dir_is_respected(monkeypatch):
    monkeypatch.setenv("NUMBA_CACHE_DIR", "/somewhere/else")
    monkeypatch.delenv("NUMBA_CACHE_LOCATOR_CLASSES", raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    configure_numba_cache()
    import os

    assert os.environ["NUMBA_CACHE_DIR"] == "/somewhere/else"
