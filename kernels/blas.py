"""Matrix products of the kernels through numpy's own OpenBLAS.

numba's ``np.dot`` calls the BLAS bundled with SciPy; numpy's wheels bundle a newer OpenBLAS
whose single-precision products at the kernels' shapes (a batch of 64 rows times a 784x256
layer) run ~25% faster on the machines measured (``mugui bench`` counts its sgemm limit with
numpy's BLAS as well). ``gemm`` calls numpy's ``cblas_sgemm`` by its symbol name, which the JIT
resolves when a kernel is loaded, so cached kernels stay valid. Where numpy has no such
library (a numpy built against another BLAS), the same symbol is a small compiled function
doing the product with ``np.dot``: the kernels then run as before.
"""

import ctypes
import glob
import os

import llvmlite.binding as llvm
import numpy as np
from numba import carray, cfunc, njit, types

SYMBOL = "scipy_cblas_sgemm64_"
ROW_MAJOR, NO_TRANS, TRANS = 101, 111, 112

_float_ptr = types.CPointer(types.float32)
_SIGNATURE = types.void(
    types.int32, types.int32, types.int32, types.int64, types.int64, types.int64,
    types.float32, _float_ptr, types.int64, _float_ptr, types.int64, types.float32,
    _float_ptr, types.int64,
)  # fmt: skip
cblas_sgemm = types.ExternalFunction(SYMBOL, _SIGNATURE)


def _numpy_openblas() -> str | None:
    """Path of the OpenBLAS library bundled with numpy's wheels, if any."""
    folder = os.path.join(os.path.dirname(np.__file__), os.pardir, "numpy.libs")
    found = sorted(glob.glob(os.path.join(folder, "libscipy_openblas64_*.so*")))
    return found[0] if found else None


def _fallback_sgemm(order, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc):
    """Row-major C = alpha * op(A) op(B) + beta * C with np.dot (the kernels' cases only)."""
    a_mat = carray(a, (k, lda) if trans_a == TRANS else (m, lda))
    b_mat = carray(b, (n, ldb) if trans_b == TRANS else (k, ldb))
    c_mat = carray(c, (m, ldc))
    op_a = a_mat[:, :m].T if trans_a == TRANS else a_mat[:, :k]
    op_b = b_mat[:, :k].T if trans_b == TRANS else b_mat[:, :n]
    product = np.dot(np.ascontiguousarray(op_a), np.ascontiguousarray(op_b))
    for i in range(m):
        for j in range(n):
            c_mat[i, j] = alpha * product[i, j] + (beta * c_mat[i, j] if beta != 0 else 0)


def _respect_thread_setting(library: str) -> None:
    """numpy reads OPENBLAS_NUM_THREADS when it is imported; if that happened before the
    variable was set (mugui sets it to 1 unless the user did), apply it now: OpenBLAS threads
    spinning against other processes on 2 cores made a batch's product ~20x slower."""
    threads = os.environ.get("OPENBLAS_NUM_THREADS", "")
    if threads.isdigit() and int(threads) > 0:
        ctypes.CDLL(library).scipy_openblas_set_num_threads64_(ctypes.c_int(int(threads)))


def provide_symbol() -> str:
    """Make ``SYMBOL`` resolvable by the JIT: numpy's OpenBLAS, or the np.dot fallback.
    Returns which one ("numpy-openblas" or "fallback")."""
    library = _numpy_openblas()
    if library is not None:
        try:
            llvm.load_library_permanently(library)
            if llvm.address_of_symbol(SYMBOL):
                _respect_thread_setting(library)
                return "numpy-openblas"
        except (RuntimeError, OSError):
            pass
    compiled = cfunc(_SIGNATURE, cache=True)(_fallback_sgemm)
    llvm.add_symbol(SYMBOL, compiled.address)
    return "fallback"


PROVIDER = provide_symbol()


@njit(nogil=True, cache=True)
def gemm(a, b, out, trans_a, trans_b):
    """out = op(a) @ op(b) for C-contiguous float32 matrices, op transposing when asked
    (``a`` stored as (k, m) when ``trans_a``, ``b`` as (n, k) when ``trans_b``)."""
    m, n = out.shape
    k = a.shape[0] if trans_a else a.shape[1]
    if m == 0 or n == 0:
        return
    if not (a.flags.c_contiguous and b.flags.c_contiguous and out.flags.c_contiguous):
        raise ValueError("gemm needs C-contiguous matrices")
    cblas_sgemm(
        np.int32(ROW_MAJOR), np.int32(TRANS if trans_a else NO_TRANS),
        np.int32(TRANS if trans_b else NO_TRANS), m, n, k, np.float32(1.0), a.ctypes,
        max(a.shape[1], 1), b.ctypes, max(b.shape[1], 1), np.float32(0.0), out.ctypes,
        max(n, 1),
    )  # fmt: skip
