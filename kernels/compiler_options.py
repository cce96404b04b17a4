"""LLVM options for compiling the kernels: loop-strength reduction off.

numba hands every kernel to LLVM, and LLVM's loop-strength-reduction pass (part of code
generation, at every optimisation level) goes super-linear on the CNN's passes once im2col,
pooling and the dense layers are inlined into one function. Measured on a 2-core machine with
an empty cache: it took 37 of the 57 s LLVM spent on ``cnn_inference.forward_probs`` alone, and
the CNN's kernels cost 302 CPU-s to compile with it against 75 without it. The kernels run as
fast without it (3 CNN epochs on the bundled digits 3.70 vs 3.98 CPU-s, 3 MLP epochs 0.32 vs
0.35), so it is turned off for this process before any kernel compiles
(``benchmarks/compile_cost.py`` measures both).
"""

import llvmlite.binding as llvm

OPTIONS = ("-disable-lsr",)


def apply() -> None:
    """Set :data:`OPTIONS` for this process's LLVM (harmless when repeated)."""
    for option in OPTIONS:
        llvm.set_option("mugui_kernels", option)
