"""The `harness` command, a thin layer over the runner: one module a group of subcommands.

Exit status:
- 0 when every cell passes or is skipped; 1 on any drift, new, changed or error cell;
- 2 on a usage or input error: `harness: <where>: <problem>` and a `  fix: ...` line on
  stderr, no traceback (a HarnessError, or an OSError on a file the user named);
- 70 (EX_SOFTWARE of sysexits.h) on an internal error, a bug in capture-harness: one line
  naming the exception; with HARNESS_DEBUG=1 in the environment the traceback follows;
- 130 when interrupted (Ctrl-C); 141 (128 + SIGPIPE) when stdout is closed early
  (`harness run | head`), quietly.

Everything the command writes goes through `harness.output.terminal`: control characters
from captures, goldens or extractors are shown as escapes, never sent to the terminal raw.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness import output
from harness.errors import HarnessError

if TYPE_CHECKING:
    from harness import config as configuration
    from harness import registry

INTERNAL_ERROR = 70  # EX_SOFTWARE
BROKEN_PIPE = 141


def main(argv: Sequence[str] | None = None) -> int:
    if list(sys.argv[1:] if argv is None else argv) == ["--version"]:
        print(version())  # before any subcommand's module is imported: cheap
        return 0
    with output.terminal():
        args = parser().parse_args(argv)  # a mistake here: argparse's message, exit 2
        return _handle(args)


def _handle(args: argparse.Namespace) -> int:
    try:
        code: int = args.handler(args)
    except HarnessError as error:
        print(f"harness: {error.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("harness: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return BROKEN_PIPE
    except OSError as error:
        if error.filename is None:
            return _internal(error)
        print(f"harness: {file_error(error).message}", file=sys.stderr)
        return 2
    except Exception as error:  # a bug: one line, the traceback on request
        return _internal(error)
    return code


def file_error(error: OSError, where: str | None = None) -> HarnessError:
    """An OSError on a file the user named, as the message a user gets (exit 2)."""
    what = error.strerror or type(error).__name__
    place = f"{where} {error.filename}" if where else str(error.filename)
    return HarnessError(what, where=place, fix="check the path, and that it can be read/written")


def text_option(
    value: str | None, option: str, fix: str = "give the value as UTF-8 text"
) -> str | None:
    """A text given on the command line, refused when its bytes were not UTF-8 (Python keeps
    them as lone surrogates, which no JSON file can hold)."""
    if value is not None and not output.is_text(value):
        raise HarnessError(f"is not UTF-8 text: {value!r}", where=option, fix=fix)
    return value


def read_text(path: Path, option: str) -> str:
    """A UTF-8 text file named on the command line, or a usage error naming the option:
    a regular file of at most `userfile.LIMIT` bytes."""
    from harness import userfile

    try:
        return userfile.read_text(path, option)
    except OSError as error:
        raise file_error(error, option) from None


def _internal(error: BaseException) -> int:
    print(
        f"harness: internal error: {type(error).__name__}: {error}\n"
        "  this is a bug in capture-harness; run again with HARNESS_DEBUG=1 for the traceback "
        "and report it",
        file=sys.stderr,
    )
    if os.environ.get("HARNESS_DEBUG"):
        import traceback

        traceback.print_exception(error, file=sys.stderr)
    return INTERNAL_ERROR


def _silence_stdout() -> None:
    """The reader of stdout went away: later writes (at exit too) go nowhere."""
    try:
        fd = output.trusted(sys.stdout).fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fd)
        os.close(devnull)
    except (OSError, ValueError):
        pass


def version() -> str:
    """`harness X.Y.Z`, from the installed package's metadata (nothing imported)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return f"harness {installed('capture-harness')}"
    except PackageNotFoundError:
        return "harness (version unknown: capture-harness is not installed)"


class _Version(argparse.Action):
    """--version, its metadata read only when asked for."""

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        print(version())
        parser.exit()


def parser() -> argparse.ArgumentParser:
    """Every subcommand's parser. The subcommand modules import only what their parsers
    need; each handler imports the rest when it runs, so `harness --help` and
    `harness CMD --help` stay short (tests/test_startup.py holds them to it)."""
    from harness.cli import add, check, compare, extract, init, rehearse, review, run, score

    top = argparse.ArgumentParser(prog="harness", description=__doc__)
    top.add_argument("--version", action=_Version, nargs=0, help="print the version and exit")
    sub = top.add_subparsers(dest="command", required=True)
    for module in (run, review, add, extract, score, compare, rehearse, check, init):
        module.register(sub)
    return top


def add_selection(parser: argparse.ArgumentParser) -> None:
    """--extractor, --capture, --captures and --goldens, shared by the commands that run."""
    parser.add_argument("--extractor", action="append", help="repeatable; default all")
    parser.add_argument("--capture", action="append", help="repeatable; default all")
    parser.add_argument("--captures", type=Path, help="folder of captures")
    parser.add_argument("--goldens", type=Path, help="folder of goldens")


def add_network(parser: argparse.ArgumentParser) -> None:
    """--allow-network, for every command that runs extractors (in worker processes)."""
    parser.add_argument(
        "--allow-network",
        action="store_true",
        help="let extractors reach the network (refused in worker processes by default)",
    )


def context(args: argparse.Namespace) -> tuple[configuration.Config, list[registry.Entry]]:
    """The configuration with command-line paths put in, and the selected extractors (by
    name: nothing of theirs is imported here)."""
    from harness import config as configuration
    from harness import registry

    if args.goldens is not None and args.goldens.exists() and not args.goldens.is_dir():
        raise HarnessError(
            "is not a folder", where=f"--goldens {args.goldens}", fix="give the goldens folder"
        )
    config = configuration.load().with_paths(
        captures=args.captures, goldens=args.goldens, pending=getattr(args, "pending", None)
    )
    extractors = registry.from_config(config).select(args.extractor)
    return config, extractors
