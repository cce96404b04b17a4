"""The ``--data`` option the commands that load a data set share: which digits to use."""

from __future__ import annotations

import argparse

from mugui.data.load import BUNDLED

SOURCES = "'bundled' (default) or a folder of IDX files"


def add_data_argument(
    parser: argparse.ArgumentParser, help: str = SOURCES, default: str | None = BUNDLED
) -> None:
    """Add ``--data`` (``args.data``): 'bundled', 'mnist' or a folder, by default the bundled set."""
    parser.add_argument("--data", default=default, help=help)
