"""PySide6's question to every module imported after it, answered without keeping its source.

PySide6's import hook (``shibokensupport.feature``, for its ``__feature__`` switches) asks of
every module imported once PySide6 is loaded whether its source mentions "PySide6", through
``inspect.getsource``, and ``linecache`` then keeps every file it read: in the window, once the
kernels and the unlearning runs are imported, about 790 files, 12.5 MB of text, 33 MB of the
process's memory (issue #12). :func:`keep_no_sources` has the hook ask :func:`uses_pyside`
instead, the same question answered from the file's bytes, which are dropped. With a PySide6
whose hook differs it changes nothing.
"""

from __future__ import annotations

import sys

import PySide6.QtCore  # noqa: F401 - the hook is installed with PySide6

HOOK_MODULE = "shibokensupport.feature"
HOOK_FUNCTION = "_mod_uses_pyside"


def uses_pyside(module) -> bool:
    """True when ``module``'s source file mentions PySide6; False for a module without one (a
    built-in or compiled module, or a file that cannot be read), as the hook answers."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def keep_no_sources() -> None:
    """Have PySide6's import hook read sources with :func:`uses_pyside` from now on."""
    hook = sys.modules.get(HOOK_MODULE)
    if hook is not None and callable(getattr(hook, HOOK_FUNCTION, None)):
        setattr(hook, HOOK_FUNCTION, uses_pyside)
