"""mugui — a desktop laboratory for machine unlearning on handwritten digits.

The engine (this package, minus :mod:`mugui.gui`) never imports Qt.
"""

__version__ = "0.1.0"
