"""Matrix products of the kernels through numpy's own OpenBLAS.

numba's ``np.dot`` calls the BLAS bundled with SciPy; numpy's wheels bundle a newer OpenBLAS
whose single-precision products at the kernels' shapes (a batch of 64 rows times a 784x256
layer) ran ~25% faster here (``mugui bench`` counts its sgemm limit with numpy's BLAS as well).
``gemm`` calls ``cblas_sgemm`` by its symbol name, ``SYMBOL``, which the JIT resolves when a
kernel is loaded, so cached kernels stay valid. The engine makes the symbol available when
``mugui`` is imported (``mugui.kernel_blas``): numpy's OpenBLAS, or, where numpy bundles none,
``fallback_sgemm`` (the same product with ``np.dot``) compiled as a C-callable function.
"""

import numpy as np
from numba import carray, njit, types

from .blas_symbol import SYMBOL

ROW_MAJOR, NO_TRANS, TRANS = 101, 111, 112

_float_ptr = types.CPointer(types.float32)
SIGNATURE = types.void(
    types.int32, types.int32, types.int32, types.int64, types.int64, types.int64,
    types.float32, _float_ptr, types.int64, _float_ptr, types.int64, types.float32,
    _float_ptr, types.int64,
)  # fmt: skip
cblas_sgemm = types.ExternalFunction(SYMBOL, SIGNATURE)


def fallback_sgemm(order, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc):
    """Row-major C = alpha * op(A) op(B) + beta * C with np.dot (the kernels' cases only);
    compiled with ``numba.cfunc(SIGNATURE)`` by the engine where it is needed."""
    a_mat = carray(a, (k, lda) if trans_a == TRANS else (m, lda))
    b_mat = carray(b, (n, ldb) if trans_b == TRANS else (k, ldb))
    c_mat = carray(c, (m, ldc))
    op_a = a_mat[:, :m].T if trans_a == TRANS else a_mat[:, :k]
    op_b = b_mat[:, :k].T if trans_b == TRANS else b_mat[:, :n]
    product = np.dot(np.ascontiguousarray(op_a), np.ascontiguousarray(op_b))
    for i in range(m):
        for j in range(n):
            c_mat[i, j] = alpha * product[i, j] + (beta * c_mat[i, j] if beta != 0 else 0)


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
