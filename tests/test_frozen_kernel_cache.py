"""The frozen app caches kernels per build and module, wherever it is unpacked, seeded from the bundle."""

import os
import subprocess
import sys
from pathlib import Path

from mugui.frozen_kernel_cache import build_cache_dir, seed_from_bundle

COMPILE_ONE_KERNEL_FROZEN = """
import sys
sys.frozen = True
import mugui
import numpy as np
from mugui_kernels.epoch import shuffle_order
shuffle_order(np.arange(4, dtype=np.int64), np.int64(0), np.int64(0))
stats = shuffle_order.stats
print(sum(stats.cache_hits.values()), sum(stats.cache_misses.values()))
"""


def run_frozen(cache_dir: Path) -> tuple[int, int]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUMBA_CACHE")}
    env["NUMBA_CACHE_DIR"] = str(cache_dir)
    out = subprocess.run(
        [sys.executable, "-c", COMPILE_ONE_KERNEL_FROZEN],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    hits, misses = out.stdout.split()
    return int(hits), int(misses)


def test_frozen_app_caches_kernels_in_the_configured_folder_and_loads_them_next_time(tmp_path):
    assert run_frozen(tmp_path) == (0, 1)
    index_files = list(build_cache_dir(tmp_path).glob("mugui_kernels.epoch/*.nbi"))
    assert index_files, sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert run_frozen(tmp_path) == (1, 0)


def test_kernels_shipped_in_the_bundle_are_loaded_without_compiling(tmp_path):
    build_machine, user = tmp_path / "build", tmp_path / "user"
    run_frozen(build_machine)
    shipped = tmp_path / "bundle" / "numba_cache"
    shipped.parent.mkdir()
    build_cache_dir(build_machine).rename(shipped)
    assert seed_from_bundle(shipped, user) >= 2
    assert run_frozen(user) == (1, 0)


def test_seeding_copies_only_missing_files(tmp_path):
    shipped = tmp_path / "bundle"
    (shipped / "mugui_kernels.epoch").mkdir(parents=True)
    (shipped / "mugui_kernels.epoch" / "k-1.py311.nbi").write_bytes(b"shipped index")
    (shipped / "mugui_kernels.epoch" / "k-1.py311.1.nbc").write_bytes(b"shipped code")
    own = build_cache_dir(tmp_path / "user") / "mugui_kernels.epoch" / "k-1.py311.nbi"
    own.parent.mkdir(parents=True)
    own.write_bytes(b"the user's index")
    assert seed_from_bundle(shipped, tmp_path / "user") == 1
    assert own.read_bytes() == b"the user's index"
    assert (own.parent / "k-1.py311.1.nbc").read_bytes() == b"shipped code"


def test_nothing_is_seeded_without_a_bundled_cache(tmp_path):
    assert seed_from_bundle(tmp_path / "missing", tmp_path / "user") == 0
