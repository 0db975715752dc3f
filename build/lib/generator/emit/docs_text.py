"""The fixed prose the generated pages share: this tool's commands, environment, troubleshooting, security.

Kept apart from docs.py, which computes everything else from the model.
"""

from __future__ import annotations

# This tool's commands, shared by the reference and the quick reference (never drizzle's).
COMMANDS: tuple[tuple[str, str], ...] = (
    ("make generate", "Render `generated/` (schema.sql, these pages, JSON validators) from the spec."),
    ("make push", "Regenerate, then apply the spec to the database (`schemagen push`)."),
    ("schemagen validate", "Check the spec: JSON Schema, references, defaults, names, documented queries."),
    ("schemagen generate", "The same as `make generate`; `--out DIR` writes elsewhere."),
    ("schemagen generate --check", "Write nothing; print a diff and exit 1 when `generated/` is stale."),
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

ENV_VARS: tuple[tuple[str, str], ...] = (
    (
        "TURSO_DATABASE_URL",
        "Read-write database URL: `libsql://<db>-<org>.turso.io`, `https://...`, `http://127.0.0.1:8080` "
        "for a local sqld, or `file:<path>`. Unset: `file:local.db` in the working directory.",
    ),
    (
        "TURSO_AUTH_TOKEN",
        "Read-write token for that URL (`turso db tokens create <db>`); push needs write access. Not "
        "needed for `file:` URLs.",
    ),
    (
        "TURSO_DATABASE_URL_RO",
        "Read-only URL the app's server uses for serving (when `TURSO_WRITE_MODE` is not `true`); "
        "schemagen does not read it.",
    ),
    (
        "TURSO_AUTH_TOKEN_RO",
        "Read-only token for serving (`turso db tokens create <db> --read-only`); schemagen does not read "
        "it.",
    ),
    ("TURSO_WRITE_MODE", "App only: `true` makes the server use the read-write pair."),
)

TROUBLESHOOTING: tuple[tuple[str, str], ...] = (
    (
        "`schemagen plan --check` exits 1",
        "The database drifted from the spec: read `schemagen plan`, then `make push` (or fix the spec).",
    ),
    (
        "`schemagen generate --check` exits 1",
        "`generated/` is stale: run `make generate` and commit the result.",
    ),
    (
        "`schemagen validate` names `spec/schema.yaml:LINE:COL`",
        "Fix the spec at that line; every problem is listed at once.",
    ),
    (
        "`refused: destructive changes need --allow-destructive`",
        "Nothing was changed. Read `schemagen plan`, take a backup, then run "
        "`schemagen push --allow-destructive`.",
    ),
    (
        "`refused: existing rows would violate new constraints`",
        "Nothing was changed: fix the rows `schemagen plan` lists (`schemagen audit` finds them too), "
        "then push again.",
    ),
    (
        "`this token is read-only; push needs a read-write token`",
        "Set `TURSO_AUTH_TOKEN` to a read-write token, not the `_RO` one.",
    ),
    (
        "HTTP 401 / token rejected",
        "The token expired or belongs to another database: create a new one with `turso db tokens create`.",
    ),
    ("`ws:// URLs are not supported`", "Use the `libsql://` or `https://` form of the URL."),
    (
        "Connection timeout",
        "Check the network and the Turso status page; `schemagen plan` is read-only and safe to retry.",
    ),
    (
        "Commands hit `local.db` instead of Turso",
        "`TURSO_DATABASE_URL` is unset: export it, put it in `.env`, or pass `--url`.",
    ),
    (
        "Invalid JSON in a field",
        "JSON columns carry `CHECK (json_valid(...))`: serialise with `JSON.stringify`; `schemagen audit` "
        "finds bad rows.",
    ),
)

SECURITY: tuple[str, ...] = (
    "Serve the app with the read-only pair (`TURSO_DATABASE_URL_RO`, `TURSO_AUTH_TOKEN_RO`); only push and "
    "the bots need write tokens.",
    "Rotate tokens every 90 days and after anyone leaves the team.",
    "Never commit tokens: keep them in `.env` (git-ignored) or CI secrets; schemagen never prints them.",
    "Store only hashed passwords in `users.password`.",
    "Validate input before writing: the JSON validators in `generated/validators/` check rows against the "
    "spec.",
    "Review `bot_ledger` for unexpected bot actions.",
    "Back up daily and test a restore monthly.",
    "Enable Turso audit logs and watch query patterns for anomalies.",
)
