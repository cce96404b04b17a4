"""mugui — a desktop laboratory for machine unlearning on handwritten digits.

The engine (this package, minus :mod:`mugui.gui`) never imports Qt.
"""

__version__ = "0.1.0"

import os

# One BLAS thread: an MLP's small matrix products gain nothing from a second one on a 2-core
# machine, and a second thread fights the GUI thread (and other processes) for the cores.
# Only effective when numpy is not imported yet; a user's own setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from mugui.numba_cache import configure_numba_cache  # noqa: E402 - must run before numba compiles

configure_numba_cache()

import mugui.kernel_blas  # noqa: E402, F401 - the kernels' BLAS symbol, before any kernel runs
