"""How bad a reported problem is: one type for a spec's problems and an audit's findings."""

from __future__ import annotations

import enum


class Severity(enum.StrEnum):
    """An error fails the command that found it (a spec check exits 2, a data audit 1); a warning is
    reported only: legal, but worth a look.

    The linter's levels (generator.lint.rules.Severity) are another type on purpose: a user sets them per
    rule, they are ordered, and they have `off` and `notice`, which no spec problem or audit finding can be.
    """

    ERROR = "error"
    WARNING = "warning"
