"""Numba kernels of mugui: plain arrays in, plain arrays out.

Installed as ``mugui_kernels``. Nothing here imports Qt, does I/O or imports mugui.
Every kernel is compiled with ``nogil=True`` (so a QThread running it leaves the GUI
responsive) and ``cache=True``.
"""

from .compiler_options import apply as _apply_compiler_options

_apply_compiler_options()  # before any kernel module compiles (see compiler_options)
