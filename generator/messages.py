"""The messages the generated pages quote, each in one place: the code that prints it formats it from here,
and the pages quote it from here (`quote`), so a page never quotes a message the CLI cannot print.

A message is a `str.format` template; a page shows each `{field}` as `…`. This module imports nothing, so
any stage can use it without loading another.
"""

from __future__ import annotations

import re

READ_ONLY = "this token is read-only; push needs a read-write token"
TOKEN_REJECTED = "{url}: the auth token was rejected ({detail})"
WS_URL = "{scheme}:// URLs are not supported: use libsql:// or https:// (Hrana over HTTP)"
CONNECT_TIMEOUT = "cannot reach {url}{via}: timed out after {seconds} s"
NO_ANSWER = "no complete answer from {url} within {seconds} s"
PUSH_REFUSED = "refused: nothing was changed"
NEEDS_DESTRUCTIVE = "needs --allow-destructive: {summary}"
WOULD_VIOLATE = "{table}: {rows} would violate {rule}{examples}"
STALE = "{out}/ is stale: run `{command}` and commit the result"

QUOTED: tuple[str, ...] = (READ_ONLY, TOKEN_REJECTED, WS_URL, CONNECT_TIMEOUT, NO_ANSWER, PUSH_REFUSED)
QUOTED += (NEEDS_DESTRUCTIVE, WOULD_VIOLATE, STALE)

_FIELD = re.compile(r"\{[a-z_]*\}")


def quote(message: str, **known: str) -> str:
    """The message as a page quotes it: the `known` fields filled, every other field shown as `…`."""
    text = _FIELD.sub(lambda m: known.get(m.group(0)[1:-1], "…"), message)
    return re.sub("…+", "…", text)


def pattern(quoted: str) -> re.Pattern[str]:
    """A regular expression that matches the printed messages a quote stands for (`…`: any text)."""
    return re.compile(".+?".join(re.escape(part) for part in quoted.split("…")))
