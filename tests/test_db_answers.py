"""Wrong-shaped answers (issue 8.4): a server answering 200 with anything but the Hrana answer asked for
gives one line naming the URL and exit 2, never a traceback, from every command that talks to a database."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers.cli import cli
from helpers.hostile import Behaviour, HostileServer, Request, answer, forward, shaped
from helpers.sqld import SqldServer

from generator.db import Database, connect
from generator.errors import DatabaseError

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "schema.yaml"
DATA = ROOT / "tests" / "data" / "reference"
CLOSE = {"type": "ok", "response": {"type": "close"}}


def ok_execute(cols: list[Any], rows: list[Any], **extra: Any) -> dict[str, Any]:
    return {"type": "ok", "response": {"type": "execute", "result": {"cols": cols, "rows": rows, **extra}}}


def per_request(make_one: Callable[[str, int], Any]) -> Behaviour:
    """An answer with one result per request (the count right, so only the shape is wrong)."""
    return shaped(lambda r: {"results": [make_one(kind, steps) for kind, steps in r.kinds()[:-1]] + [CLOSE]})


def batch(steps: int, **result: Any) -> dict[str, Any]:
    return {"type": "ok", "response": {"type": "batch", "result": result}}


def failure(behaviour: Behaviour, action: Callable[[Database], object]) -> tuple[str, str]:
    """The server's URL and the message of the DatabaseError `action` raised against it."""
    with (
        HostileServer(behaviour) as server,
        connect(server.url, "tok-123456789") as db,
        pytest.raises(DatabaseError) as caught,
    ):
        action(db)
    return server.url, str(caught.value)


COL = [{"name": "x", "decltype": None}]
WRONG: dict[str, tuple[Behaviour, str]] = {
    "results of numbers": (answer({"results": [1, 1, 1]}), "results: 3 results for 2 requests"),
    "numbers, right count": (per_request(lambda k, s: 1), "results[0]: expected an object, got a number"),
    "no results": (answer({"baton": None}), "the answer: no 'results'"),
    "results not a list": (answer({"results": {"a": 1}}), "results: expected a list, got an object"),
    "top level a list": (answer([1, 2]), "the answer: expected an object, got a list of 2"),
    "response missing": (per_request(lambda k, s: {"type": "ok"}), "results[0]: no 'response'"),
    "result missing": (
        per_request(lambda k, s: {"type": "ok", "response": {"type": k}}),
        "results[0].response: no 'result'",
    ),
    "rows missing": (
        per_request(lambda k, s: {"type": "ok", "response": {"type": k, "result": {"cols": []}}}),
        "results[0].response.result: no 'rows'",
    ),
    "wrong response type": (
        per_request(lambda k, s: ok_execute([], []) | {"response": {"type": "batch", "result": {}}}),
        "results[0].response.type: expected 'execute', got 'batch'",
    ),
    "unknown status": (per_request(lambda k, s: {"type": "maybe"}), "expected 'ok' or 'error', got 'maybe'"),
    "error without message": (per_request(lambda k, s: {"type": "error", "error": {}}), "error.message"),
    "row not a list": (per_request(lambda k, s: ok_execute(COL, [{"x": 1}])), "rows[0]: expected a list"),
    "cols/rows mismatch": (
        per_request(lambda k, s: ok_execute(COL, [[{"type": "null"}, {"type": "null"}]])),
        "rows[0]: 2 values for 1 columns",
    ),
    "unknown value type": (
        per_request(lambda k, s: ok_execute(COL, [[{"type": "decimal", "value": "1.0"}]])),
        "rows[0][0].type: unknown value type 'decimal'",
    ),
    "value not an object": (
        per_request(lambda k, s: ok_execute(COL, [[7]])),
        "rows[0][0]: expected an object",
    ),
    "integer not digits": (
        per_request(lambda k, s: ok_execute(COL, [[{"type": "integer", "value": "12abc"}]])),
        "rows[0][0].value: not an integer",
    ),
    "integer of 5000 digits": (
        per_request(lambda k, s: ok_execute(COL, [[{"type": "integer", "value": "9" * 5000}]])),
        "rows[0][0].value: not an integer",
    ),
    "integer as a number": (
        per_request(lambda k, s: ok_execute(COL, [[{"type": "integer", "value": 5}]])),
        "rows[0][0].value: expected a string, got a number",
    ),
    "text without value": (per_request(lambda k, s: ok_execute(COL, [[{"type": "text"}]])), "no 'value'"),
    "float as a string": (
        per_request(lambda k, s: ok_execute(COL, [[{"type": "float", "value": "1.5"}]])),
        "expected a number, got a string",
    ),
    "blob not base64": (
        per_request(lambda k, s: ok_execute(COL, [[{"type": "blob", "base64": "%%%"}]])),
        "rows[0][0].base64: not base64",
    ),
    "affected rows a string": (
        per_request(lambda k, s: ok_execute([], [], affected_row_count="many")),
        "affected_row_count: expected a count",
    ),
    "not JSON": (answer(b"results: none", content_type="text/plain"), "not JSON (Expecting value at line 1"),
    "an HTML page": (
        answer(b"<!DOCTYPE html><html><body>Welcome to nginx!</body></html>", content_type="text/html"),
        "an HTML page, not a Hrana answer (is this a libSQL server?)",
    ),
    "an empty body": (answer(b""), "an empty body"),
    "not UTF-8": (answer(b'{"results": "\xff\xfe"}'), "not UTF-8 text (byte 13)"),
    "nested too deeply": (answer(b"[" * 200_000), "JSON nested too deeply"),
    "an integer too long to read": (
        answer(b'{"results": ' + b"9" * 5000 + b"}"),
        f"an integer of more than {sys.get_int_max_str_digits()} digits",
    ),
    "JSON null": (answer(b"null"), "the answer: expected an object, got null"),
}


@pytest.mark.parametrize("case", sorted(WRONG))
def test_a_wrong_shaped_answer_is_one_line_naming_the_url(case: str) -> None:
    behaviour, why = WRONG[case]
    url, message = failure(behaviour, lambda db: db.query("SELECT 1"))
    assert message.startswith(f"{url}: unexpected answer from the server: "), message
    assert why in message and "\n" not in message and len(message) <= 600


BATCH_CASES: dict[str, tuple[Callable[[int], Any], str]] = {
    "batch without step_results": (lambda s: batch(s, step_errors=[None] * s), "no 'step_results'"),
    "batch without step_errors": (lambda s: batch(s, step_results=[None] * s), "no 'step_errors'"),
    "too few step results": (
        lambda s: batch(s, step_results=[None], step_errors=[None] * s),
        "step_results: 1 entries for",
    ),
    "step result of the wrong shape": (
        lambda s: batch(s, step_results=[{"rows": []}] * s, step_errors=[None] * s),
        "step_results[0]: no 'cols'",
    ),
    "step error not an object": (
        lambda s: batch(s, step_results=[None] * s, step_errors=["boom"] * s),
        "step_errors[0]: expected an object, got a string of 4 characters",
    ),
    "an execute answer to a batch": (lambda s: ok_execute([], []), "response.type: expected 'batch'"),
}


@pytest.mark.parametrize("case", sorted(BATCH_CASES))
@pytest.mark.parametrize("call", ["probe", "apply"])
def test_wrong_shaped_batch_answers(case: str, call: str) -> None:
    make, why = BATCH_CASES[case]
    behaviour = per_request(lambda kind, steps: make(steps) if kind == "batch" else ok_execute([], []))
    url, message = failure(
        behaviour, lambda db: db.probe_write() if call == "probe" else db.apply(["CREATE TABLE t(x)"])
    )
    assert message.startswith(f"{url}: unexpected answer from the server: results[0].response")
    assert why in message and "\n" not in message
    # An apply whose answer cannot be read may have committed: the message says so.
    assert ("applied entirely or not at all" in message) == (call == "apply")


def one_line_exit_2(ran: Any, url: str) -> str:
    """The command failed with exit 2 and exactly one line on stderr, naming the URL; returns it."""
    assert ran.exit_code == 2, ran.output
    assert "Traceback" not in ran.output
    assert ran.stderr.count("\n") == 1 and ran.stderr.startswith(url), ran.stderr
    return str(ran.stderr)


COMMANDS = {
    "plan": ("plan",),
    "push": ("push", "--yes"),
    "import": ("import", "certifications", str(DATA / "certifications.json")),
    "audit": ("audit",),
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_fails_cleanly_on_a_wrong_shaped_answer_as_a_process(command: str) -> None:
    with HostileServer(answer({"results": [1, 1, 1]})) as server:
        args = (*COMMANDS[command], "--spec", str(SPEC), "--url", server.url, "--token", "t")
        ran = cli(*args, process=True)
        assert server.requests, "the command never asked the server"
    line = one_line_exit_2(ran, server.url)
    assert "unexpected answer from the server" in line


@pytest.mark.parametrize(
    "case", ["an HTML page", "response missing", "unknown value type", "nested too deeply"]
)
@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_fails_cleanly_on_each_kind_of_wrong_answer(command: str, case: str) -> None:
    with HostileServer(WRONG[case][0]) as server:
        ran = cli(*COMMANDS[command], "--spec", str(SPEC), "--url", server.url, "--token", "t")
    one_line_exit_2(ran, server.url)


def test_push_whose_apply_answer_is_wrong_shaped(sqld_fresh: SqldServer, tmp_path: Path) -> None:
    """The introspection is real; the answer to the apply is a batch without step_results."""

    def spoil(request: Request) -> Behaviour | None:
        if any(kind == "batch" and steps > 3 for kind, steps in request.kinds()):  # the apply, not the probe
            return answer(
                {"results": [batch(1, step_errors=[None]), {"type": "ok", "response": {"type": "close"}}]}
            )
        return None

    with HostileServer(forward(sqld_fresh.url, spoil)) as proxy:
        ran = cli("push", "--yes", "--spec", str(SPEC), "--url", proxy.url, "--token", sqld_fresh.tokens.rw)
        assert len(proxy.requests) == 3  # introspect, apply, and the re-read push makes after a failure
    line = one_line_exit_2(ran, proxy.url)
    assert "no 'step_results'" in line and "applied entirely or not at all" in line
    assert sqld_fresh.schema() == {}  # the spoiled answer was to a batch the proxy never sent on


def test_the_error_answer_of_a_hostile_server_is_cut_and_flattened() -> None:
    body = json.dumps({"error": "line one\nline two\t" + "x" * 5000})
    url, message = failure(answer(body, status=500), lambda db: db.query("SELECT 1"))
    assert message.startswith(f"{url}: HTTP 500: line one line two xxx")
    assert len(message) < 300 and "\n" not in message
