"""Shared fixtures: tiny data sets that train in milliseconds, and the one *Healthy default* MLP
that the tests of its "?" answers only read."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as mugui/__init__ sets it, before numpy loads

import numpy as np
import pytest

from mugui.data.dataset import Dataset
from mugui.training.kernel_compilation import HELPERS, PARTS, all_kernels_cached, run_part

COMPILER_MODULE = "mugui.training.kernel_compilation"

# The suite never reads or writes the user's own folders: HOME and the per-user caches (retrained
# references, fetched data, a healed kernel cache, fontconfig's, Ray's ~/.ray token),
# configuration and data go to one new folder for the session, for this process and every process
# it starts. A test without its own MUGUI_REFERENCE_CACHE (continual/test_task_forget_run.py)
# wrote ~/.cache/mugui/references, so a second run on the same machine found the reference the
# first had trained; with a HOME that cannot be written (a CI user's) Ray could not start. Once
# per session: this file is imported twice (as pytest's conftest and as tests.conftest).
SESSION_ENV = "MUGUI_TESTS_USER_FOLDERS"
if SESSION_ENV not in os.environ:
    os.environ[SESSION_ENV] = tempfile.mkdtemp(prefix="mugui-tests-user-")
USER_FOLDERS = os.environ[SESSION_ENV]
XDG_FOLDERS = ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")
os.environ.update({name: os.path.join(USER_FOLDERS, name.lower()) for name in XDG_FOLDERS})
os.environ["HOME"] = os.path.join(USER_FOLDERS, "home")
os.makedirs(os.environ["HOME"], exist_ok=True)


def pytest_sessionstart(session) -> None:
    """Every kernel compiled before the tests, as a first start does: in the window's two
    helper processes side by side (a clean clone's CNN kernels take about 165 CPU s), then
    loaded into this process, so no test's window compiles or loads them in a background
    thread. Should the cache not carry them across processes, this process compiles them
    itself, and says so. A hook rather than a fixture: a fixture's time would count against the
    first test's timeout, and a clean clone's compile on a busy machine can outlast it."""
    if not all_kernels_cached():
        helpers = [
            subprocess.Popen(
                [sys.executable, "-m", COMPILER_MODULE, *parts], stdout=subprocess.DEVNULL
            )
            for parts in HELPERS
        ]
        failed = [
            parts for parts, helper in zip(HELPERS, helpers, strict=True) if helper.wait() != 0
        ]
        if failed or not all_kernels_cached():
            sys.stderr.write(
                f"\nconftest: the kernel helpers {failed or ''} left numba's cache incomplete "
                f"(NUMBA_CACHE_DIR={os.environ.get('NUMBA_CACHE_DIR', 'beside the sources')}); "
                "compiling in this process\n"
            )
    for part in PARTS:
        run_part(part)


def pytest_unconfigure(config) -> None:
    shutil.rmtree(USER_FOLDERS, ignore_errors=True)


def make_blobs(
    n_train: int = 600, n_test: int = 200, seed: int = 0, noise: float = 60.0
) -> Dataset:
    """Ten noisy prototype images, one per class: learnable in one or two epochs."""
    rng = np.random.default_rng(seed)
    prototypes = rng.integers(0, 256, (10, 784))
    labels = np.arange(n_train + n_test) % 10
    rng.shuffle(labels)
    images = np.clip(prototypes[labels] + rng.normal(0, noise, (labels.size, 784)), 0, 255).astype(
        np.uint8
    )
    labels = labels.astype(np.uint8)
    return Dataset("blobs", images[:n_train], labels[:n_train], images[n_train:], labels[n_train:])


@pytest.fixture
def blobs() -> Dataset:
    return make_blobs()


@pytest.fixture(scope="session")
def healthy_default_mlp():
    """The *Healthy default* preset's MLP (seed 0) trained on the bundled digits with its
    typicality check, as the window trains it: trained once for every test that only reads it
    (about 4-5 s each time, once per module before)."""
    from mugui.data.load import load_dataset
    from mugui.presets import get_preset
    from mugui.training.trainer import train

    model, _ = train(load_dataset("bundled"), get_preset("healthy").config, fit_typicality=True)
    return model
