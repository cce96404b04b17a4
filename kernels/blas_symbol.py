"""The name of the BLAS function the kernels' matrix products call (``blas.gemm``).

Apart from ``blas`` so that the engine can make the symbol available without importing numba
(``mugui.kernel_blas``, at ``import mugui``): numba is imported only once a kernel is needed.
"""

SYMBOL = "scipy_cblas_sgemm64_"
