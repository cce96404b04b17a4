"""Copies between arrays as loops, instead of ``dst[a:b] = src`` slice assignments.

numba compiles a slice assignment from an array with a shape check whose error message it
formats at run time, and that pulls its string machinery into the kernel: a one-line kernel
doing ``a[:] = b`` took 2.5 CPU-s to compile on a 2-core machine against 0.4 for the same
copy as a loop (once per process and array rank). ``tests/test_kernel_slice_assignments.py``
keeps the kernels free of them.
"""

from numba import njit


@njit(nogil=True, cache=True)
def copy_rows(dst, at, src, n):
    """``dst[at:at+n] = src[:n]`` for 2-D arrays of the same width."""
    for i in range(n):
        for j in range(src.shape[1]):
            dst[at + i, j] = src[i, j]


@njit(nogil=True, cache=True)
def copy_flat(dst, src):
    """``dst[:] = src`` for 1-D arrays of the same length."""
    for i in range(src.shape[0]):
        dst[i] = src[i]
