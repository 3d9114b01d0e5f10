"""The ``transflow`` command line: parses arguments, calls the library, formats, picks exit codes.

Exit codes, for every command: 0 ok, 1 a gate or check failed, 2 bad input (usage,
configuration, catalog). A user's mistake never shows a traceback.
"""

from __future__ import annotations

import argparse
import logging
import sys

from transflow import __version__
from transflow.errors import CatalogError, TransflowError

TYPE_CHECKING = False  # typing not imported: start-up time (benchmarks/bench_startup.py)
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import NoReturn

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 too; keep its usage line
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def common_options(default: object = argparse.SUPPRESS) -> argparse.ArgumentParser:
    """Options every command takes, so they can stand before or after the command name.

    The main parser sets the default; a command's parser sets the value only when given after
    the command name (a default there would overwrite one given before it).
    """
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--project",
        "-C",
        metavar="DIR",
        default=default,
        help="the Sphinx project (or a folder above its conf.py); default: the current directory",
    )
    return common


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of ``command`` alone when that is all a run needs."""
    parser = _Parser(
        prog="transflow",
        parents=[common_options(default=None)],
        description="The translation workflow of a Sphinx project: extract, update, "
        "measure, check and build every language.",
    )
    parser.add_argument("--version", action="version", version=f"transflow {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    common = common_options()
    from transflow import commands

    for module in commands.modules(command):
        module.register(sub, common)
    return parser


def _command(argv: Sequence[str]) -> str | None:
    """The command a run names (after the main parser's ``--project DIR``), else None."""
    args = iter(argv)
    for arg in args:
        if arg in ("-C", "--project"):
            next(args, None)
        elif not arg.startswith(("-C", "--project=")):
            return None if arg.startswith("-") else arg
    return None


def report_error(error: TransflowError) -> None:
    errors = error.errors if isinstance(error, CatalogError) else [error]
    for e in errors:
        where = f"{e.location}: " if e.path else ""
        print(f"transflow: {where}error: {e.message}", file=sys.stderr)


class _Warnings(logging.Handler):
    """The library's warnings (``logging.getLogger("transflow...")``), as the CLI words them;
    stderr is looked up on each record so that a redirected stream is honoured."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"transflow: warning: {record.getMessage()}", file=sys.stderr)


def _log_warnings() -> None:
    log = logging.getLogger("transflow")
    if not any(isinstance(h, _Warnings) for h in log.handlers):
        log.addHandler(_Warnings(logging.WARNING))
        log.propagate = False


def main(argv: Sequence[str] | None = None) -> int:
    if list(sys.argv[1:] if argv is None else argv) == ["--version"]:
        print(f"transflow {__version__}")  # without the commands' imports: a start-up check
        return EXIT_OK
    _log_warnings()
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_command(args_list))
    args = parser.parse_args(args_list)
    try:
        return int(args.handler(args) or 0)
    except TransflowError as error:
        report_error(error)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # output piped into head(1) and the like
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("transflow: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
