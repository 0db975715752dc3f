"""The command line's grammar: every command, its arguments and their help (argparse, standard library).

Nothing here imports the library: `schemagen --help` and a mistyped flag cost the parser alone, and each
command's module is imported only when that command runs.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from generator.migrate.pace import CHUNK_SECONDS, MIN_PAUSE, PAUSE_SHARE

SUMMARY = "One YAML spec of a Turso (libSQL) database -> DDL, docs, ER diagram, validators, planned push."

# command -> (module of generator.cli, function, help); the order `schemagen --help` lists them in
COMMANDS: dict[str, tuple[str, str, str]] = {
    "validate": (
        "build",
        "validate",
        "Check the spec: its JSON Schema, then references, defaults, names and documented queries.",
    ),
    "generate": (
        "build",
        "generate",
        "Render the DDL, the docs, the ER diagram and the JSON validators into the output folder.",
    ),
    "review": (
        "build",
        "review",
        "Report a spec change: each change classed by push's planner, the SQL, compatibility, ER diagram.",
    ),
    "lint": (
        "lint",
        "lint",
        "Check the spec (and with --base, its change) against the lint rules; exit 1 on an error finding.",
    ),
    "import": ("data", "import_", "Validate every record of FILES, then write them (exit 1 if refused)."),
    "export": (
        "data",
        "export",
        "Write a table's rows as JSON that `import` reads back (primary-key order, atomic files).",
    ),
    "audit": (
        "data",
        "audit",
        "Check every stored row against the spec; exit 1 when an error is found, 0 when clean.",
    ),
    "inspect": (
        "start",
        "inspect",
        "Read a live database into a spec that describes it exactly (read-only), with proposals from data.",
    ),
    "init": (
        "start",
        "init",
        "Start a project here: its spec (read from --url / TURSO_DATABASE_URL, else a starter) and config.",
    ),
    "plan": (
        "push",
        "plan",
        "Show what push would change (each step's risk and SQL) without writing anything.",
    ),
    "push": (
        "push",
        "push",
        "Apply the spec to the database: planned, atomic (one transaction), idempotent.",
    ),
    "docs": (
        "meta",
        "docs",
        "Print a reference shipped with schemagen: `schemagen docs format` (the spec format).",
    ),
    "schema-path": ("meta", "schema_path", "Print the path of the spec format's JSON Schema (for editors)."),
    "completion": (
        "meta",
        "completion",
        'Print the shell completion script: `eval "$(schemagen completion bash)"` (bash, zsh or fish).',
    ),
}
COMMAND_WIDTH = max(len(name) for name in COMMANDS) + 2
PUSH_NOTE = (
    "A missing database file is created (and said so); the apply request may take SCHEMAGEN_APPLY_TIMEOUT "
    "seconds (default 300)."
)


class Parser(argparse.ArgumentParser):
    """argparse with one-line usage errors (exit 2) that name the command and point at its help."""

    def error(self, message: str) -> NoReturn:
        """`schemagen generate: unrecognized arguments: --x (see 'schemagen generate --help')`, exit 2."""
        sys.stderr.write(f"{self.prog}: {message} (see '{self.prog} --help')\n")
        raise SystemExit(2)


class _Formatter(argparse.HelpFormatter):
    """Paragraphs wrapped one by one; a listing (lines indented two spaces) keeps a line per entry."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, max_help_position=32)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap

        out = []
        for paragraph in text.split("\n\n"):
            if paragraph.startswith("  ") or "\n  " in paragraph:
                lines = paragraph.split("\n")
                hang = " " * (2 + COMMAND_WIDTH)
                out.append(
                    "\n".join(
                        textwrap.fill(
                            line,
                            width,
                            initial_indent=indent,
                            subsequent_indent=indent + hang,
                            break_on_hyphens=False,
                        )
                        for line in lines
                    )
                )
            else:
                out.append(
                    textwrap.fill(
                        " ".join(paragraph.split()), width, initial_indent=indent, subsequent_indent=indent
                    )
                )
        return "\n\n".join(out)


def _int_in(low: int, high: int | None = None) -> Callable[[str], int]:
    """An int option's type that also checks its range (argparse names the option in the message)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < low or (high is not None and value > high):
            bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise argparse.ArgumentTypeError(f"must be {bounds} (got {value})")
        return value

    return parse


def _seconds(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None


def _spec(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--spec",
        type=Path,
        metavar="PATH",
        help="The spec file (default: from the config, else spec/schema.yaml).",
    )


def _db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--url", metavar="URL", help="Database URL (else TURSO_DATABASE_URL, .env, local.db).")
    p.add_argument("--token", metavar="TOKEN", help="Auth token (else TURSO_AUTH_TOKEN or .env).")


def _timeout(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--timeout",
        type=_seconds,
        metavar="SECONDS",
        help="Seconds allowed for each read request, answer included (else SCHEMAGEN_TIMEOUT; default 10).",
    )


def _lock_timeout(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--lock-timeout",
        type=_seconds,
        metavar="SECONDS",
        help="Seconds to keep retrying while another writer holds the database's lock "
        "(else SCHEMAGEN_LOCK_TIMEOUT; default 5).",
    )


def _fleet(p: argparse.ArgumentParser, *, fmt: bool) -> None:
    p.add_argument(
        "--targets",
        type=Path,
        metavar="FILE",
        help="A fleet: a file of database URLs, one per line, each optionally followed by the name of an "
        "environment variable holding its token (else --token / TURSO_AUTH_TOKEN serves all).",
    )
    p.add_argument(
        "--platform-org",
        metavar="ORG",
        help="A fleet: this Turso organization's databases (token: TURSO_PLATFORM_TOKEN).",
    )
    p.add_argument("--group", metavar="GROUP", help="With --platform-org: only this group.")
    p.add_argument(
        "--platform-api", metavar="URL", help="The Turso Platform API base URL (default: Turso's own)."
    )
    p.add_argument(
        "--concurrency",
        type=_int_in(1, 256),
        metavar="N",
        help="Fleet: databases worked on at once.",
    )
    if fmt:
        p.add_argument(
            "--format",
            dest="fmt",
            choices=("text", "json"),
            default="text",
            help="text or json (one database: generator/cli/formats/plan.schema.json and push.schema.json).",
        )


def _profile(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--profile",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="Read rows to propose JSON shapes, enums, ... (default: --profile).",
    )


def _engine(p: argparse.ArgumentParser) -> None:
    from generator.engines import ENGINES  # only the commands taking --engine read the engine profiles

    p.add_argument(
        "--engine",
        choices=ENGINES,
        help="Check the spec against this engine instead of the spec's `engines:` (docs/turso.md).",
    )


def _validate(p: argparse.ArgumentParser) -> None:
    _spec(p)
    _engine(p)
    p.add_argument(
        "--format",
        dest="fmt",
        choices=("text", "json"),
        default="text",
        help="text (one line a problem) or json (generator/cli/formats/validate.schema.json).",
    )


def _generate(p: argparse.ArgumentParser) -> None:
    _spec(p)
    p.add_argument(
        "--out", type=Path, metavar="DIR", help="Output directory (default: from the config, else generated)."
    )
    p.add_argument(
        "--output",
        action="append",
        metavar="NAME",
        help="Write only this output (repeatable): ddl, pages, validators, ...",
    )
    p.add_argument("--check", action="store_true", help="Write nothing; exit 1 with a diff if stale.")


def _review(p: argparse.ArgumentParser) -> None:
    p.add_argument("base", metavar="BASE", help="Base: a spec file path (wins) or a git revision.")
    p.add_argument(
        "head",
        metavar="HEAD",
        nargs="?",
        help="Head: a spec file path or a git revision (default: the working tree).",
    )
    p.add_argument(
        "--spec",
        "--spec-path",
        dest="spec_path",
        metavar="PATH",
        help="The spec's path (for revisions; default: from the config, else spec/schema.yaml).",
    )
    p.add_argument(
        "--format", dest="fmt", choices=("markdown", "json"), default="markdown", help="The report's form."
    )


def _lint(p: argparse.ArgumentParser) -> None:
    _spec(p)
    p.add_argument(
        "--base",
        metavar="REV",
        help="Also check the change from this base (a spec file path or a git revision), as review does.",
    )
    p.add_argument(
        "--format", dest="fmt", default="text", choices=("text", "json", "sarif"), help="text, json or sarif."
    )
    p.add_argument("--rules", action="store_true", help="Print the rules page (every rule and why) and exit.")
    p.add_argument(
        "--url",
        metavar="URL",
        help="Also check the change from this database to the spec, counting the rows each finding is about.",
    )
    p.add_argument(
        "--token", metavar="TOKEN", help="With --url: the auth token (else TURSO_AUTH_TOKEN or .env)."
    )
    _timeout(p)


def _import(p: argparse.ArgumentParser) -> None:
    p.add_argument("table", metavar="TABLE", help="The table to fill.")
    p.add_argument(
        "files",
        metavar="FILE",
        nargs="+",
        type=Path,
        help="JSON or JSON Lines files, or directories of them (read in name order).",
    )
    p.add_argument("--key", metavar="NAME", help="The member of FILE holding the records.")
    _db(p)
    p.add_argument(
        "--on-conflict",
        choices=("skip", "replace", "fail"),
        default="skip",
        help="What a row with a known key does.",
    )
    p.add_argument("--skip-invalid", action="store_true", help="Import the valid rows only.")
    _spec(p)
    _timeout(p)
    _lock_timeout(p)


def _export(p: argparse.ArgumentParser) -> None:
    p.add_argument("table", metavar="TABLE", help="The table (or view, read-only) to export.")
    p.add_argument(
        "--out", type=Path, metavar="PATH", help="The file (or with --split-by, the directory); else stdout."
    )
    p.add_argument(
        "--format",
        dest="fmt",
        choices=("json", "jsonl"),
        default="json",
        help="json (an array) or jsonl (one record per line).",
    )
    p.add_argument(
        "--names",
        choices=("sql", "property"),
        default="sql",
        help="Keys as sql column names or the app's property names.",
    )
    p.add_argument("--split-by", metavar="COLUMN", help="One file per value of this column.")
    p.add_argument("--where", metavar="SQL", help="An SQL expression choosing the rows.")
    _db(p)
    _spec(p)
    _timeout(p)


def _audit(p: argparse.ArgumentParser) -> None:
    _db(p)
    p.add_argument("--table", action="append", metavar="TABLE", help="Audit only this table (repeatable).")
    p.add_argument(
        "--format", dest="fmt", choices=("text", "json"), default="text", help="The report's form."
    )
    _spec(p)
    _timeout(p)
    _fleet(p, fmt=False)


def _inspect(p: argparse.ArgumentParser) -> None:
    _db(p)
    p.add_argument(
        "--out", type=Path, metavar="FILE", help="Write the spec here (atomically); default: stdout."
    )
    _profile(p)
    p.add_argument(
        "--rows", type=_int_in(0), metavar="N", default=10_000, help="Rows read per table when profiling."
    )
    _timeout(p)


def _init(p: argparse.ArgumentParser) -> None:
    _db(p)
    p.add_argument(
        "--spec", type=Path, metavar="PATH", help="Where to write the spec (default: spec/schema.yaml)."
    )
    p.add_argument("--force", action="store_true", help="Replace an existing spec.")
    _profile(p)
    _timeout(p)


def _allow_destructive(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--allow-destructive",
        action="store_true",
        help="Allow drops (tables, columns, indexes, views, triggers).",
    )


def _plan(p: argparse.ArgumentParser) -> None:
    _spec(p)
    _db(p)
    _engine(p)
    p.add_argument("--check", action="store_true", help="Exit 1 when the database differs from the spec.")
    _allow_destructive(p)
    _timeout(p)
    _fleet(p, fmt=True)


def _push(p: argparse.ArgumentParser) -> None:
    _spec(p)
    _db(p)
    _engine(p)
    p.add_argument("--dry-run", action="store_true", help="Only show the plan (same as `plan`).")
    _allow_destructive(p)
    p.add_argument("--yes", action="store_true", help="Do not ask before rebuilds or drops.")
    p.add_argument(
        "--online",
        action="store_true",
        help="Rebuild tables while the app writes: copy rows in short ranges (triggers mirror the app's "
        "writes), then swap in one short transaction.",
    )
    p.add_argument(
        "--chunk-seconds",
        type=_seconds,
        metavar="SECONDS",
        default=None,
        help="With --online: how long each range's transaction should hold the write lock; ranges are sized "
        f"from the one before (default {CHUNK_SECONDS:g}).",
    )
    p.add_argument(
        "--chunk-rows",
        type=_int_in(1, 1_000_000),
        metavar="N",
        default=None,
        help="With --online: a fixed number of rows per range instead (default: sized by --chunk-seconds).",
    )
    p.add_argument(
        "--chunk-pause",
        type=_seconds,
        metavar="SECONDS",
        default=None,
        help="With --online: a fixed pause between two ranges, for the app's writes (default: "
        f"{PAUSE_SHARE:g} of the range's time, at least {MIN_PAUSE * 1000:g} ms).",
    )
    p.add_argument(
        "--keep-indexes",
        action="store_true",
        help="With --online: keep the old table's non-unique indexes for the app's queries until the swap, "
        "which then builds the new ones (its lock grows with the table); by default they are built during "
        "the copy.",
    )
    _timeout(p)
    _lock_timeout(p)
    _fleet(p, fmt=True)
    p.add_argument(
        "--canary",
        type=_int_in(0),
        metavar="K",
        default=0,
        help="Fleet: push K databases first; stop if any fails.",
    )
    p.add_argument(
        "--max-failures",
        type=_int_in(1),
        metavar="M",
        help="Fleet: start no new database after M failed or refused.",
    )


def _docs(p: argparse.ArgumentParser) -> None:
    p.add_argument("topic", metavar="TOPIC", choices=("format",), help="format: the spec format reference.")


def _schema_path(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--uri", action="store_true", help="As a file: URI (for `# yaml-language-server: $schema=`)."
    )


def _completion(p: argparse.ArgumentParser) -> None:
    p.add_argument("shell", metavar="SHELL", choices=SHELLS, help="bash, zsh or fish.")


SHELLS = ("bash", "zsh", "fish")

_ARGUMENTS: dict[str, Callable[[argparse.ArgumentParser], None]] = {
    "validate": _validate,
    "generate": _generate,
    "review": _review,
    "lint": _lint,
    "import": _import,
    "export": _export,
    "audit": _audit,
    "inspect": _inspect,
    "init": _init,
    "plan": _plan,
    "push": _push,
    "docs": _docs,
    "schema-path": _schema_path,
    "completion": _completion,
}


def build_parser(commands_wanted: tuple[str, ...] = tuple(COMMANDS)) -> tuple[Parser, dict[str, Parser]]:
    """The command line (the global options, then one command) and each command's own parser.

    `commands_wanted` limits the commands given their options: a run needs only its own (each command's
    options cost a little to declare; all ten, a few milliseconds of every start).
    """
    listing = "\n".join(f"  {name:<{COMMAND_WIDTH}}{help_}" for name, (_, _, help_) in COMMANDS.items())
    parser = Parser(
        prog="schemagen",
        usage="schemagen [--config FILE] [--version] COMMAND [ARGS]...",
        description=SUMMARY,
        epilog=f"commands:\n{listing}\n\n'schemagen COMMAND --help' shows a command's options.",
        formatter_class=_Formatter,
    )
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="The configuration file (default: the nearest schemagen.toml, or pyproject.toml with "
        "[tool.schemagen], from the working directory up).",
    )
    parser.add_argument("--version", action="store_true", help="Show the version and exit.")
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", help=argparse.SUPPRESS, parser_class=Parser, prog="schemagen"
    )
    subs: dict[str, Parser] = {}
    for name in commands_wanted:
        help_ = COMMANDS[name][2]
        description = help_ + ("\n\n" + PUSH_NOTE if name == "push" else "")
        subs[name] = commands.add_parser(name, description=description, formatter_class=_Formatter)
        _ARGUMENTS[name](subs[name])
        # `schemagen validate --config FILE` too; SUPPRESS keeps the value given before the command
        subs[name].add_argument(
            "--config", type=Path, metavar="FILE", default=argparse.SUPPRESS, help="The configuration file."
        )
    return parser, subs


def parse(argv: list[str]) -> tuple[Parser, argparse.Namespace]:
    """The parsed command line; usage errors exit 2 (SystemExit), `--help` exits 0."""
    named = _command_named(argv)
    parser, subs = build_parser((named,) if named else tuple(COMMANDS))
    if named is None:
        unknown = _first_word(argv)
        if unknown is not None:
            import difflib  # only for a hint: not imported on every start

            hint = difflib.get_close_matches(unknown, list(COMMANDS), n=1)
            more = f"; did you mean '{hint[0]}'?" if hint else f" (commands: {', '.join(COMMANDS)})"
            parser.error(f"unknown command '{unknown}'{more}")
    args, extra = parser.parse_known_args(argv)
    if extra:
        subs.get(args.command, parser).error(f"unrecognized arguments: {' '.join(extra)}")
    return parser, args


def _command_named(argv: list[str]) -> str | None:
    """The command argv names, when it is a known one (else None: every command's parser is built, so
    argparse lists them all in its error)."""
    word = _first_word(argv)
    return word if word in COMMANDS else None


def _first_word(argv: list[str]) -> str | None:
    """The first argument that is not an option before the command (the command, when one is given)."""
    rest = iter(argv)
    for arg in rest:
        if arg == "--config":
            next(rest, None)
        elif arg in ("-h", "--help"):
            return None
        elif not arg.startswith("-"):
            return arg
    return None
