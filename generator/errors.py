"""The project's exceptions: each carries one message a user can act on, and an exit code."""

from __future__ import annotations


class SchemagenError(Exception):
    """Base class: `str(err)` is the one line shown to the user; `exit_code` is the process exit code."""

    exit_code = 2


class SpecError(SchemagenError):
    """One or more problems in a spec file; each problem is one line `file:line:col: path: message`."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class DatabaseError(SchemagenError):
    """The database could not be reached, refused the token, or failed a statement."""


class EmptyDatabase(DatabaseError):
    """The database holds no table (a spec needs at least one): `init` starts from a starter spec then."""

    def __init__(self, url: str, others: str = "") -> None:
        self.url = url
        self.others = others  # what it does hold ("2 views"), "" when it is empty
        holds = f"holds {others} but no tables" if others else "has no tables"
        super().__init__(f"{url}: the database {holds}: nothing to inspect (a spec needs at least one table)")


class AuthError(DatabaseError):
    """The server rejected the auth token (401) or it lacks write permission (403)."""


class DataError(SchemagenError):
    """Input data (an import file, a row) is malformed."""


class ConfigError(SchemagenError):
    """The project configuration is wrong: one line naming the file and the key."""
