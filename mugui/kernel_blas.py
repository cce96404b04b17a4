"""Which BLAS the kernels' matrix products call (``mugui_kernels.blas``), set up at import.

The kernels call ``cblas_sgemm`` by symbol name. numpy's wheels bundle an OpenBLAS exporting it
(``numpy.libs/libscipy_openblas64_*``); that library is made visible to numba's JIT. Where numpy
has none (a numpy built against another BLAS), the symbol is bound to the kernels'
``fallback_sgemm``, the same product through ``np.dot``. Only that fallback imports numba: the
usual path needs llvmlite alone, so ``import mugui`` does not load numba (the window opens
without it, and the numpy stand-in trains without it).
"""

from __future__ import annotations

import ctypes
import glob
import os

import llvmlite.binding as llvm
import numpy as np

from mugui_kernels.blas_symbol import SYMBOL


def numpy_openblas() -> str | None:
    """Path of the OpenBLAS library bundled with numpy's wheels, if any."""
    folder = os.path.join(os.path.dirname(np.__file__), os.pardir, "numpy.libs")
    found = sorted(glob.glob(os.path.join(folder, "libscipy_openblas64_*.so*")))
    return found[0] if found else None


def _respect_thread_setting(library: str) -> None:
    """numpy reads OPENBLAS_NUM_THREADS when it is imported; if that happened before the
    variable was set (mugui sets it to 1 unless the user did), apply it now: OpenBLAS threads
    spinning against other processes on 2 cores made a batch's product ~20x slower."""
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "")
    if threads.isdigit() and int(threads) > 0:
        ctypes.CDLL(library).scipy_openblas_set_num_threads64_(ctypes.c_int(int(threads)))


def use_fallback() -> None:
    """Bind the kernels' BLAS symbol to the np.dot stand-in."""
    from numba import cfunc

    from mugui_kernels import blas

    compiled = cfunc(blas.SIGNATURE, cache=True)(blas.fallback_sgemm)
    llvm.add_symbol(SYMBOL, compiled.address)


def provide_kernel_blas() -> str:
    """Make the kernels' BLAS symbol resolvable; returns "numpy-openblas" or "fallback"."""
    library = numpy_openblas()
    if library is not None:
        try:
            llvm.load_library_permanently(library)
            if llvm.address_of_symbol(SYMBOL):
                _respect_thread_setting(library)
                return "numpy-openblas"
        except (RuntimeError, OSError):
            pass
    use_fallback()
    return "fallback"


PROVIDER = provide_kernel_blas()
