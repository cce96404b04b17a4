"""The kernels' LLVM options are set as soon as the kernel package is imported."""

import subprocess
import sys

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
