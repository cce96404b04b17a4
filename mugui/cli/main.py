"""The `mugui` command: no subcommand starts the GUI; subcommands run the engine headless.

Each subcommand lives in its own module exposing ``HELP`` (its line in ``mugui --help``),
``DESCRIPTION`` and ``EPILOG`` (optional; with an epilog both keep their line breaks),
``add_arguments(parser)`` and ``run(args) -> int``; :func:`add_command` builds its parser from
them (a module without ``run``, as ``data``, sets ``func`` on its own subcommands). Errors a user can cause
(:class:`mugui.errors.MuguiError`, bad arguments) end with exit code 2 and one line on stderr.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from types import ModuleType
from typing import NoReturn

from mugui import __version__, kernel_cache_health
from mugui.errors import MuguiError

SUBCOMMAND_MODULES = (
    "mugui.cli.train_cmd",
    "mugui.cli.unlearn_cmd",
    "mugui.cli.evaluate_cmd",
    "mugui.cli.predict_cmd",
    "mugui.cli.bench_cmd",
    "mugui.cli.data_cmd",
    "mugui.cli.tasks_cmd",
    "mugui.cli.sweep_cmd",
    "mugui.cli.tune_cmd",
)


class _Parser(argparse.ArgumentParser):
    """argparse that reports bad arguments in one line and exits with code 2."""

    def error(self, message: str) -> NoReturn:  # noqa: D401 - argparse API
        sys.stderr.write(f"mugui: error: {message}\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="mugui",
        description="A desktop laboratory for machine unlearning. "
        "`mugui` alone opens the window; a COMMAND works headless.",
    )
    parser.add_argument("--version", action="version", version=f"mugui {__version__}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this install offscreen: train, unlearn, predict, draw the window; exit 0 if it works",
    )
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")
    for name in SUBCOMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        add_command(sub, name.rsplit(".", 1)[1].removesuffix("_cmd"), module)
    return parser


def add_command(subparsers: argparse._SubParsersAction, name: str, module: ModuleType) -> None:
    """Add the subcommand ``name`` defined by ``module`` (see the module docstring)."""
    epilog = getattr(module, "EPILOG", None)
    parser = subparsers.add_parser(
        name,
        help=module.HELP,
        description=getattr(module, "DESCRIPTION", None),
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter if epilog else argparse.HelpFormatter,
    )
    module.add_arguments(parser)
    if hasattr(module, "run"):
        parser.set_defaults(func=module.run)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a bad argument already reported in one line
        return int(exc.code or 0)
    if kernel_cache_health.NOTICE:
        sys.stderr.write(f"mugui: {kernel_cache_health.NOTICE}\n")
    if args.self_test:
        from mugui.cli.self_test import run_self_test

        return run_self_test()
    if args.command is None:
        from mugui.gui.app import run_app

        return run_app()
    try:
        return int(args.func(args) or 0)
    except MuguiError as exc:
        sys.stderr.write(f"mugui: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("mugui: interrupted\n")
        return 130
    except BrokenPipeError:
        # the reader went away (e.g. `| head`); silence the flush at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
