"""The ``duizhao`` command line.

``duizhao [FILE [ENGLISH_FILE]]`` opens the reader window; ``duizhao COMMAND``
runs one of the core commands below without any GUI.  Each command lives in
its own module with ``register(subparsers)``; handlers return an exit code.
Arguments are checked while parsing (:mod:`reader.cli.args`).  Every bad
argument and every :class:`~reader.errors.DuizhaoError` becomes one line on
stderr and exit code 2 — never a traceback, usage text or a hang.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

from reader import __version__
from reader.cli import args as checks
from reader.cli.output import one_line, setup_streams
from reader.errors import DuizhaoError

#: Sub-command modules (``reader.cli.<name>``), each with ``register(subparsers)``.
COMMAND_MODULES = ("gloss", "extract", "align", "notes", "anki", "learner")


class UsageError(DuizhaoError):
    """A command line argparse refuses (unknown option, missing or invalid argument)."""


class Parser(argparse.ArgumentParser):
    """argparse with its errors raised as :class:`UsageError` (one line), not usage text and ``sys.exit``.

    Sub-parsers are made of the parent's class, so this holds for every sub-command.
    """

    def error(self, message: str):  # noqa: D102 - argparse's hook
        command = self.prog.removeprefix("duizhao").strip()
        raise UsageError(f"{command}: {message}" if command else message)


def _add_common(parser: argparse.ArgumentParser, top: bool = False) -> None:
    # On sub-commands the default is SUPPRESS, so `duizhao --db X gloss` keeps the
    # X given before the command instead of having it reset by the sub-parser.
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=None if top else argparse.SUPPRESS,
        type=checks.database,
        help="database file (default: $DUIZHAO_DB or the user data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The parser for the core sub-commands."""
    parser = Parser(prog="duizhao", description="Duizhao (对照): Chinese beside English.")
    parser.add_argument("--version", action="version", version=f"duizhao {__version__}")
    _add_common(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"reader.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"reader.cli.{name}":
                raise
            continue  # a command not built into this copy
        module.register(sub, _add_common)
    return parser


def command_names() -> set[str]:
    """Names (and aliases) of every sub-command."""
    parser = build_parser()
    for action in parser._actions:  # argparse keeps sub-parsers here
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def _error(message: str) -> int:
    print(f"duizhao: error: {one_line(message)}", file=sys.stderr)
    return 2


def _flush_or_discard() -> None:
    """Flush stdout now; output that cannot be written (full disk, closed pipe) is dropped, not retried at exit."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except (OSError, ValueError):
        _discard_stdout()


def _discard_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, AttributeError, ValueError):  # not a real file (tests): nothing is flushed at exit
        pass


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``duizhao`` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["__build-article"]:  # the window's analysis process (reader.store.analysis_child)
        from reader.cli.build_article import main as build_article

        return build_article(argv[1:])
    # the first word that is neither an option nor the value of ``--db PATH``
    first = next((a for i, a in enumerate(argv) if not a.startswith("-") and (i == 0 or argv[i - 1] != "--db")), None)
    wants_core = any(a in ("-h", "--help") for a in argv[:1]) or (first is not None and first in command_names())
    if not wants_core and "--version" not in argv:
        from reader.app import main as gui_main  # Qt is loaded only for the window

        return gui_main(argv)
    setup_streams()
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return 0
        code = int(args.handler(args) or 0)
        if sys.stdout is not None:
            sys.stdout.flush()  # here, not at exit: a full disk or closed pipe is reported like any error
        return code
    except DuizhaoError as exc:
        return _error(str(exc))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _discard_stdout()  # the reader went away (| head): flushing again at exit would complain
        return 0
    except MemoryError:
        return _error("not enough memory for this input")
    except RecursionError:
        return _error("the input is nested too deeply to read")
    except OSError as exc:  # e.g. stdout on a full disk
        return _error(f"{exc.strerror or exc}" + (f": {exc.filename}" if exc.filename else ""))
    except Exception as exc:  # noqa: BLE001 - the promise is one line, never a traceback
        if os.environ.get("DUIZHAO_DEBUG"):
            raise
        logging.getLogger(__name__).debug("unexpected failure", exc_info=True)
        return _error(f"internal error ({type(exc).__name__}: {str(exc)[:200]}); please report it "
                      "(DUIZHAO_DEBUG=1 shows the details)")
    finally:
        _flush_or_discard()
