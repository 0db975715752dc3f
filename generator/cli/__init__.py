"""The `schemagen` command: argument parsing and exit codes only; the work is in the library.

Exit codes: 0 ok; 1 drift, stale output or a refused change; 2 bad input or an error. The parser is the
standard library's argparse (README: "Why argparse"); each command's module is imported when it runs.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence
from importlib import import_module

from generator.cli.shell import Context, Exit, pause_collector


def execute(argv: Sequence[str]) -> int:
    """Run `schemagen ARGV` in this process and return its exit code (what `main` exits with)."""
    from generator.cli.parser import COMMANDS, parse

    complete_if_asked()  # a shell asking for completions (argcomplete): answered, then exit
    try:
        parser, args = parse(list(argv))
        options = vars(args)
        if options.pop("version"):
            return _version()
        command = options.pop("command")
        if command is None:
            if argv:
                parser.error("missing command")
            parser.print_help(sys.stderr)
            return 2
    except SystemExit as exc:  # --help (0) or a usage error (2, already printed)
        return exc.code if isinstance(exc.code, int) else 2
    module, function, _ = COMMANDS[command]
    handler = getattr(import_module(f"generator.cli.{module}"), function)
    context = Context(options.pop("config"))
    try:
        code = handler(context, **options)
    except Exit as exc:
        code = exc.code
    sys.stdout.flush()
    return int(code or 0)


def _reader_left() -> int:
    """Standard output's reader closed the pipe: what is still buffered goes nowhere, silently."""
    import os

    # Python flushes stdout on its way out, which would fail again and print "Exception ignored".
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 0


def complete_if_asked() -> None:
    """Answer a shell's completion request (argcomplete sets _ARGCOMPLETE) and exit; else do nothing.

    Checked before anything is imported: an ordinary run pays one environment lookup.
    """
    import os

    if "_ARGCOMPLETE" not in os.environ:
        return
    import argcomplete

    from generator.cli.parser import build_parser

    parser, _subs = build_parser()
    argcomplete.autocomplete(parser)


def _internal_error(exc: Exception) -> int:
    """What an unexpected exception (a bug in schemagen) prints: one line, every secret masked.

    `SCHEMAGEN_DEBUG=1` lets the traceback through instead, for the bug report.
    """
    import os

    if os.environ.get("SCHEMAGEN_DEBUG") == "1":
        raise exc
    from generator.db.target import redact

    argv = sys.argv[1:]
    secrets = [os.environ.get("TURSO_AUTH_TOKEN")]
    secrets += [argv[i + 1] for i, arg in enumerate(argv[:-1]) if arg == "--token"]
    secrets += [arg.partition("=")[2] for arg in argv if arg.startswith("--token=")]
    detail = redact(str(exc).strip().splitlines()[0] if str(exc).strip() else "", *secrets)
    sys.stdout.flush()
    sys.stderr.write(
        f"schemagen: internal error: {type(exc).__name__}{': ' + detail if detail else ''} "
        "(a bug in schemagen: please report it; SCHEMAGEN_DEBUG=1 shows the traceback)\n"
    )
    return 2


DISTRIBUTION = "turso-schemagen"  # the name on PyPI (`schemagen` there is an unrelated project)


def _version() -> int:
    from importlib.metadata import PackageNotFoundError, version

    try:
        print(f"schemagen {version(DISTRIBUTION)}")
    except PackageNotFoundError:  # run from a checkout that was never installed
        print("schemagen (not installed)")
    return 0


def main() -> None:
    """Console-script entry point."""
    pause_collector()  # until the command's first library call (generator.cli.shell.run)
    try:
        code = execute(sys.argv[1:])
    except BrokenPipeError:  # the reader left (`schemagen export ... | head`): nothing to say, a normal end
        code = _reader_left()
    except Exception as exc:  # a bug: one line and exit 2, never a traceback
        code = _internal_error(exc)
    # The command is over and what it wrote is closed. Frozen, the objects it made (modules, classes,
    # the model) are left out of the collections the interpreter runs as it exits: those would walk
    # every one of them (~20 ms, an eighth of a generate) to free memory the process is about to give
    # back anyway. Standard streams are still flushed on the way out.
    gc.freeze()
    sys.exit(code)
