"""No kernel copies an array into a slice (``out[a:b] = src``).

numba compiles such an assignment with a shape check whose error message it formats at run
time (``f"cannot assign slice of shape {…}"``), and that brings in its string machinery:
measured on this machine, a one-line kernel doing ``a[:] = b`` takes 2.5 CPU-s to compile
against 0.4 for the same copy as a loop, once per process and tuple length. The kernels copy
with loops and fill with constants (``a[:] = 0.0``, ``a.fill(x)``), which need no such check.
"""

import ast
from pathlib import Path

import mugui_kernels

KERNELS = Path(mugui_kernels.__file__).parent


def _has_slice(index: ast.expr) -> bool:
    parts = index.elts if isinstance(index, ast.Tuple) else [index]
    return any(isinstance(part, ast.Slice) for part in parts)


def _is_constant(value: ast.expr) -> bool:
    if isinstance(value, ast.UnaryOp):
        return _is_constant(value.operand)
    if isinstance(value, ast.BinOp):
        return _is_constant(value.left) and _is_constant(value.right)
    return isinstance(value, ast.Constant)


def slice_copies(source: str) -> list[int]:
    """Lines of ``source`` that assign something other than a constant into a slice."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AugAssign):
            targets, value = [node.target], node.value
        else:
            continue
        for target in targets:
            sliced = isinstance(target, ast.Subscript) and _has_slice(target.slice)
            if sliced and not _is_constant(value):
                lines.append(node.lineno)
    return lines


def test_the_check_finds_a_slice_copy_and_passes_a_fill():
    assert slice_copies("def f(a, b):\n    a[1:3] = b[:2]\n    a[:, 0] += b\n") == [2, 3]
    assert slice_copies("def f(a, b, n):\n    a[:] = 0.0\n    a[:n] = -1\n    a[0] = b\n") == []


def test_no_kernel_copies_an_array_into_a_slice():
    found = {
        path.name: lines
        for path in sorted(KERNELS.glob("*.py"))
        if (lines := slice_copies(path.read_text()))
    }
    assert found == {}
