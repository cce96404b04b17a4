"""The kernels' LLVM options are set as soon as the kernel package is imported."""

import os
import subprocess
import sys

from numba import njit
from numba.core import config, event

from mugui_kernels import compiler_options

RECORD_THEN_IMPORT = """
import llvmlite.binding as llvm
seen = []
llvm.set_option = lambda name, option: seen.append(option)
import mugui_kernels.epoch  # the package's import applies the options before any kernel
print(seen)
"""


def test_importing_the_kernels_turns_loop_strength_reduction_off_before_they_compile():
    out = subprocess.run(
        [sys.executable, "-c", RECORD_THEN_IMPORT], capture_output=True, text=True, check=True
    )
    assert "-disable-lsr" in out.stdout


def test_applying_the_options_again_is_harmless():
    compiler_options.apply()
    compiler_options.apply()
    assert compiler_options.OPTIONS == ("-disable-lsr",)


def _kernel(function, module: str):
    """``function`` compiled by numba as if it were defined in ``module`` (no cache)."""
    function.__module__ = module
    return njit(function)


def test_a_listed_module_compiles_at_its_level_and_what_it_calls_at_their_own(monkeypatch):
    default = int(config.OPT)
    seen: dict[str, int] = {}

    class Recorder(event.Listener):  # notified after the kernels' listener, which sets the level
        def on_start(self, ev):
            seen[ev.data["dispatcher"].py_func.__name__] = int(config.OPT)

        def on_end(self, ev):
            pass

    def callee(x):
        return x + 1

    callee = _kernel(callee, "elsewhere")

    def caller(x):
        return callee(x) * 2

    caller = _kernel(caller, "lowered")
    compiler_options.apply_levels()
    lowered = 1 if default != 1 else 2
    monkeypatch.setitem(compiler_options.LEVELS, "lowered", lowered)
    recorder = Recorder()
    event.register("numba:compile", recorder)
    try:
        assert caller(1) == 4
    finally:
        event.unregister("numba:compile", recorder)
    assert seen == {"caller": lowered, "callee": default}
    assert int(config.OPT) == default  # restored once the compile is over


CACHED_AT_LEVEL_ZERO = """
import os, sys
import numpy as np
from mugui_kernels import compiler_options
compiler_options.LEVELS["calls_another"] = 0
compiler_options.apply_levels()
sys.path.insert(0, sys.argv[1])
import calls_another
assert calls_another.caller(np.ones(4)) == 8.0
kernels = (calls_another.callee, calls_another.caller)
print([os.path.exists(kernel._cache._cache_file._index_path) for kernel in kernels])
"""

CALLS_ANOTHER = """
from numba import njit


@njit(cache=True)
def callee(a, i):
    return a[i] * 2.0


@njit(cache=True)
def caller(a):
    total = 0.0
    for i in range(a.shape[0]):
        total += callee(a, i)
    return total
"""


def test_a_module_listed_at_level_0_is_compiled_at_1_so_that_its_kernels_are_cached(tmp_path):
    # at level 0 numba leaves the callee's address in the caller as a dynamic global and
    # refuses to cache the caller: it would compile again at every start
    (tmp_path / "calls_another.py").write_text(CALLS_ANOTHER)
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("NUMBA_OPT", None)
    out = subprocess.run(
        [sys.executable, "-c", CACHED_AT_LEVEL_ZERO, str(tmp_path)],
        capture_output=True, text=True, check=True, env=env,
    )  # fmt: skip
    assert out.stdout.strip() == "[True, True]"


LEVEL_ON_IMPORT = """
import sys
import mugui_kernels.{module}
from mugui_kernels import compiler_options
print(bool(compiler_options._LISTENING))
"""


def test_each_module_with_a_level_of_its_own_starts_the_listener_when_imported():
    # before any of its kernels compiles, in whichever process imports it first
    for module in compiler_options.LEVELS:
        code = LEVEL_ON_IMPORT.format(module=module.removeprefix("mugui_kernels."))
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert out.stdout.strip() == "True", module


def test_importing_the_kernel_package_does_not_import_numba():
    # the window imports kernel constants (flags, layout sizes) before its first paint
    code = "import sys, mugui_kernels.flags; print('numba' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_mlp_training_kernels_compile_at_numbas_level():
    # their speed is a target (the batched epoch at the sgemm limit, per-sample SGD ahead of C)
    training = ("epoch", "per_sample", "sequential", "step", "forward", "update", "sparse_input")
    assert not {f"mugui_kernels.{name}" for name in training} & set(compiler_options.LEVELS)
