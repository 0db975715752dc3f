"""The fixed prose of the generated pages: only what is true of any database schemagen manages.

Anything about one project (its app, its commands, its policies, its hosting) is data in the spec's
`docs:` section; pages.py merges the two. `{regenerate}` and `{spec}` are filled in
with the command and the spec path the pages name.
"""

from __future__ import annotations

from generator import messages
from generator.emit.docs.markdown import md_code

# schemagen's own commands, shared by the reference and the quick reference (the project's come first).
COMMANDS: tuple[tuple[str, str], ...] = (
    ("schemagen validate", "Check the spec: JSON Schema, references, defaults, names, documented queries."),
    ("schemagen generate", "Write the generated files from the spec; `--out DIR` writes elsewhere."),
    (
        "schemagen generate --check",
        "Write nothing; print a diff and exit 1 when the generated files are stale.",
    ),
    ("schemagen plan", "Show what push would change (each step's risk and SQL) without writing anything."),
    ("schemagen plan --check", "Exit 1 when the database differs from the spec (drift)."),
    ("schemagen push", "Apply the spec in one transaction; drops need `--allow-destructive`."),
    (
        "schemagen review BASE [HEAD]",
        "Report a spec change between git revisions or files: SQL, risk, ER diagram.",
    ),
    (
        "schemagen import TABLE FILE",
        "Validate every record of an exported JSON file, then insert them in batches.",
    ),
    ("schemagen audit", "Check every stored row against the spec; exit 1 when an error is found."),
)

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
    "against the spec (`generator.validate_row` in Python)."
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
