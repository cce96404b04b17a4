"""Where ``mugui data fetch`` puts the full MNIST by default (per user, per platform).

Apart from ``fetch`` (which imports the network modules) so that the window can name the folder
without loading them.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_cache_dir


def default_cache_dir() -> Path:
    """Where ``mugui data fetch`` puts MNIST when no folder is given (per user, per platform)."""
    return Path(user_cache_dir("mugui")) / "mnist"
