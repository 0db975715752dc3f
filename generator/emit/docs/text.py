"""The fixed prose of the generated pages: only what is true of any database schemagen manages.

Anything about one project (its app, its commands, its policies, its hosting) is data in the spec's
`docs:` section; pages.py merges the two. `{regenerate}` and `{spec}` are filled in
with the command and the spec path the pages name.
"""

from __future__ import annotations

import argparse

from generator import messages
from generator.emit.docs.markdown import md_code


def schemagen_commands() -> tuple[tuple[str, str], ...]:
    """Every command of the CLI with its help line (the parser's own list), and the two `--check` uses."""
    from generator.cli.parser import COMMANDS, build_parser

    _parser, subs = build_parser()
    out = [
        (" ".join(["schemagen", name, *_positionals(subs[name])]), help_)
        for name, (_module, _function, help_) in COMMANDS.items()
    ]
    checks = {
        "schemagen generate": (
            "schemagen generate --check",
            "Write nothing; print a diff and exit 1 when the generated files are stale.",
        ),
        "schemagen plan": (
            "schemagen plan --check",
            "Exit 1 when the database differs from the spec (drift).",
        ),
    }
    for command, extra in checks.items():
        at = next(i for i, (name, _help) in enumerate(out) if name == command)
        out.insert(at + 1, extra)
    return tuple(out)


def _positionals(parser: argparse.ArgumentParser) -> list[str]:
    """A command's positional arguments as its usage writes them: `BASE [HEAD]`, `TABLE FILE...`."""
    out = []
    for action in parser._actions:  # argparse keeps no public list of them
        if action.option_strings:
            continue
        name = str(action.metavar or action.dest.upper())
        if action.nargs == "?":
            out.append(f"[{name}]")
        elif action.nargs in ("+", "*"):
            out.append(f"{name}..." if action.nargs == "+" else f"[{name}...]")
        else:
            out.append(name)
    return out


EXIT_CODES = "Exit codes: 0 ok; 1 drift, stale output or a refused change; 2 bad input or an error."

# The variables schemagen itself reads (the project's own come after them).
ENV_VARS: tuple[tuple[str, str], ...] = (
    (
        "TURSO_DATABASE_URL",
        "Read-write database URL: `libsql://<db>-<org>.turso.io`, `https://...`, `http://127.0.0.1:8080` "
        "for a local sqld, or `file:<path>`. Unset: `file:local.db` in the project folder.",
    ),
    (
        "TURSO_AUTH_TOKEN",
        "Read-write token for that URL (`turso db tokens create <db>`); push needs write access. Not "
        "needed for `file:` URLs.",
    ),
)

ENV_INTRO = (
    "schemagen takes the URL and token from `--url` / `--token` first, then the environment, then a `.env` "
    "file in the project folder. With nothing set it uses the embedded default `file:local.db`."
)

DEFAULT_URL = "libsql://<database>-<org>.turso.io"


def _quoted(message: str, **known: str) -> str:
    """A message of the CLI as a symptom cell quotes it (`…` for the parts that vary)."""
    return md_code(messages.quote(message, **known))


TROUBLESHOOTING: tuple[tuple[str, str], ...] = (
    (
        "`schemagen plan --check` exits 1",
        "The database drifted from the spec: read `schemagen plan`, then `schemagen push` (or fix the spec).",
    ),
    (
        _quoted(messages.STALE, out="…", command="{regenerate}"),
        "The generated files are stale: run `{regenerate}` and commit the result.",
    ),
    (
        "`schemagen validate` names `{spec}:LINE:COL`",
        "Fix the spec at that place, then run `schemagen validate` again.",
    ),
    (
        f"{_quoted(messages.PUSH_REFUSED)} with {_quoted(messages.NEEDS_DESTRUCTIVE)}",
        "Nothing was changed. Read `schemagen plan`, take a backup, then run "
        "`schemagen push --allow-destructive`.",
    ),
    (
        f"{_quoted(messages.PUSH_REFUSED)} with {_quoted(messages.WOULD_VIOLATE, examples='')}",
        "Nothing was changed: fix the rows `schemagen plan` lists (`schemagen audit` finds them too), "
        "then push again.",
    ),
    (_quoted(messages.READ_ONLY), "Set `TURSO_AUTH_TOKEN` (or `--token`) to a read-write token."),
    (
        _quoted(messages.TOKEN_REJECTED),
        "The token expired or belongs to another database: create a new one (on Turso: "
        "`turso db tokens create <db>`).",
    ),
    (_quoted(messages.WS_URL, scheme="ws"), "Use the `libsql://` or `https://` form of the URL."),
    (
        f"{_quoted(messages.CONNECT_TIMEOUT, via='')} or {_quoted(messages.NO_ANSWER)}",
        "Check the network (and the Turso status page for a Turso database); `schemagen plan` is read-only "
        "and safe to retry; `--timeout S` waits longer.",
    ),
    (
        "Commands hit `local.db` instead of the remote database",
        "`TURSO_DATABASE_URL` is unset: export it, put it in `.env`, or pass `--url`.",
    ),
)

JSON_TROUBLE = (
    "Invalid JSON in a field",
    "JSON columns carry `CHECK (json_valid(...))`: write them as JSON text; `schemagen audit` finds bad "
    "rows.",
)

SECURITY: tuple[str, ...] = (
    "Never commit tokens: keep them in `.env` (git-ignored) or CI secrets; schemagen never prints them.",
)

VALIDATORS_SECURITY = (
    "Validate input before writing: the JSON validators in `validators/` beside these pages check rows "
    "against the spec (`generator.api.validate_row` in Python)."
)

APP_DEFAULTS = {"uuid": "app: UUID", "now": "app: ISO timestamp"}

PAGINATE = (
    "**Paginate** with `LIMIT` and a stable `ORDER BY`; a single-column index on the filter column does "
    "not also serve a sort on another column (`EXPLAIN QUERY PLAN` shows `USE TEMP B-TREE FOR ORDER BY`), "
    "so keep result sets small."
)

JSON_INDEXES = (
    "**JSON columns are not indexed;** filter on indexed columns first, and index a JSON path only when "
    "it is queried often."
)
