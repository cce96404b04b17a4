"""The kernels' matrix product (numpy's OpenBLAS by symbol, or its np.dot fallback) equals np.dot."""

import ctypes

import numpy as np
import pytest
from numba import cfunc

from mugui import kernel_blas
from mugui_kernels import blas


def _operands(trans_a, trans_b, m=13, n=7, k=29, seed=0):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal((k, m) if trans_a else (m, k)).astype(np.float32)
    b = rng.standard_normal((n, k) if trans_b else (k, n)).astype(np.float32)
    want = (a.T if trans_a else a).astype(np.float64) @ (b.T if trans_b else b).astype(np.float64)
    return a, b, want


@pytest.mark.parametrize("trans_a", [False, True])
@pytest.mark.parametrize("trans_b", [False, True])
def test_gemm_equals_the_float64_product(trans_a, trans_b):
    a, b, want = _operands(trans_a, trans_b)
    out = np.full(want.shape, np.nan, np.float32)  # every cell must be written
    blas.gemm(a, b, out, trans_a, trans_b)
    np.testing.assert_allclose(out, want, rtol=1e-5, atol=1e-5)


def test_gemm_refuses_a_non_contiguous_operand():
    a, b, want = _operands(False, False)
    out = np.zeros((want.shape[1], want.shape[0]), np.float32).T
    with pytest.raises(ValueError, match="C-contiguous"):
        blas.gemm(a, b, out, False, False)


@pytest.mark.parametrize("trans_a", [False, True])
@pytest.mark.parametrize("trans_b", [False, True])
def test_fallback_sgemm_equals_the_float64_product(trans_a, trans_b):
    """The stand-in used where numpy bundles no OpenBLAS, called as the kernels call it."""
    fallback = cfunc(blas.SIGNATURE)(blas.fallback_sgemm)
    a, b, want = _operands(trans_a, trans_b)
    m, n = want.shape
    k = a.shape[0] if trans_a else a.shape[1]
    out = np.full((m, n), 3.0, np.float32)  # beta = 0: old contents must not leak in
    ptr = lambda x: x.ctypes.data_as(ctypes.POINTER(ctypes.c_float))  # noqa: E731
    fallback.ctypes(
        blas.ROW_MAJOR, blas.TRANS if trans_a else blas.NO_TRANS,
        blas.TRANS if trans_b else blas.NO_TRANS, m, n, k, 1.0, ptr(a), a.shape[1], ptr(b),
        b.shape[1], 0.0, ptr(out), n,
    )  # fmt: skip
    np.testing.assert_allclose(out, want, rtol=1e-5, atol=1e-5)


def test_importing_mugui_provides_the_symbol():
    assert kernel_blas.PROVIDER in ("numpy-openblas", "fallback")
    if kernel_blas.numpy_openblas() is not None:
        assert kernel_blas.PROVIDER == "numpy-openblas"
