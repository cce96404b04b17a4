"""mugui — a desktop laboratory for machine unlearning on handwritten digits.

The engine (this package, minus :mod:`mugui.gui`) never imports Qt.
"""

__version__ = "0.1.0"

from mugui.numba_cache import configure_numba_cache  # noqa: E402 - must run before numba compiles

configure_numba_cache()
