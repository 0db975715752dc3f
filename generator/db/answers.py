"""The one place a Hrana pipeline answer is checked and turned into typed results.

A server may answer 200 with anything: HTML, JSON of another shape, values of unknown types, rows that do
not match their columns, JSON nested deep enough to exhaust the parser. Every deviation becomes a
ShapeError naming where in the answer it is (`results[0].response.result.rows[3]`), so nothing past this
module indexes raw JSON.

The same answer is often read many times in one run (a fleet's no-op check: a thousand namespaces with the
same schema answer the same rows), so the results of a small answer are remembered by its bytes, less the
values of the members that vary from one answer to the next and that nothing here reads (sqld's
`query_duration_ms` and `replication_index`; a value is left out of the key only where it stands as such a
member's well-formed scalar, and where it stood is part of the key): two answers with the same key differ
only in those values, so they decode to the same results, which are immutable. A new answer is compared with
the remembered ones in place (the bytes between the values), without copying or hashing it.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import sys
import threading
from collections.abc import Sequence
from typing import Any, Literal, TypeAlias

from msgspec import Struct

from generator.db.base import Row, Value

RequestKind: TypeAlias = tuple[Literal["execute"], None] | tuple[Literal["batch"], int]  # batch: step count


class ShapeError(Exception):
    """The answer is not the Hrana answer that was asked for; `str()` names where and why."""


class Executed(Struct, frozen=True):
    """A statement's rows and the rows it changed."""

    rows: tuple[Row, ...]
    affected: int


class Failed(Struct, frozen=True):
    """A request or a batch step the server refused, with its message."""

    message: str


class Batched(Struct, frozen=True):
    """A batch: per step, its result (None: not run or failed) and its error (None: none)."""

    results: tuple[Executed | None, ...]
    errors: tuple[Failed | None, ...]


Result: TypeAlias = Executed | Batched | Failed


MEMO_BYTES = 256 * 1024  # answers up to this size are remembered by their bytes
MEMO_ENTRIES = 16  # distinct answers remembered; past that, the memo starts again

# In JSON text, `"NAME":` can only be a member's key: inside a string a quote is always escaped (`\"`).
_VARYING_KEYS = (b'"query_duration_ms":', b'"replication_index":')
_VARYING_VALUE_RE = re.compile(rb'-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?=[,}])|"\d*"(?=[,}])|null(?=[,}])')


class _Known:
    """A remembered answer: its bytes around the varying values cut out (`parts`), what was asked, and its
    results."""

    __slots__ = ("kinds", "parts", "results")

    def __init__(
        self, parts: tuple[bytes, ...], kinds: tuple[RequestKind, ...], results: tuple[Result, ...]
    ) -> None:
        self.parts = parts
        self.kinds = kinds
        self.results = results


_memo: tuple[_Known, ...] = ()  # replaced whole under the lock, read without it
_memo_lock = threading.Lock()


def parse_pipeline(payload: bytes, kinds: Sequence[RequestKind]) -> list[Result]:
    """The results of the requests in `kinds` (the closing request's result is checked and dropped)."""
    global _memo
    memo = len(payload) <= MEMO_BYTES
    asked = tuple(kinds)
    if memo:
        for known in _memo:
            if known.kinds == asked and _fits(payload, known.parts):
                return list(known.results)
    parsed = parse_stream(payload, kinds, closed=True)[0]
    if memo:
        parts = _parts(payload)
        with _memo_lock:
            if not any(k.kinds == asked and k.parts == parts for k in _memo):  # another worker's meanwhile
                kept = _memo if len(_memo) < MEMO_ENTRIES else ()
                _memo = (*kept, _Known(parts, asked, tuple(parsed)))
    return parsed


def parse_stream(
    payload: bytes, kinds: Sequence[RequestKind], *, closed: bool
) -> tuple[list[Result], str | None]:
    """The results of the requests in `kinds` and the stream's next baton (None once it is closed);
    `closed`: a closing request followed them (its result is checked and dropped)."""
    data = _json(payload)
    results = _member(data, "results", "the answer", list)
    sent = len(kinds) + (1 if closed else 0)
    if len(results) != sent:
        raise ShapeError(f"results: {len(results)} results for {sent} requests")
    baton = data.get("baton")
    if not closed and not isinstance(baton, str):
        raise ShapeError(f"baton: expected a string (the stream stays open), got {_kind(baton)}")
    return [_result(results[i], f"results[{i}]", kind) for i, kind in enumerate(kinds)], baton


def _parts(payload: bytes) -> tuple[bytes, ...]:
    """The answer cut at the values of the varying members, where each is a well-formed scalar: the bytes
    before the first such value, between each two, and after the last."""
    spans: list[tuple[int, int]] = []
    for name in _VARYING_KEYS:
        at = payload.find(name)
        while at >= 0:
            start = at + len(name)
            value = _VARYING_VALUE_RE.match(payload, start)
            if value is not None:
                spans.append((start, value.end()))
            at = payload.find(name, start)
    parts: list[bytes] = []
    last = 0
    for start, end in sorted(spans):
        parts.append(payload[last:start])
        last = end
    parts.append(payload[last:])
    return tuple(parts)


def _fits(payload: bytes, parts: tuple[bytes, ...]) -> bool:
    """True when `payload` is `parts` joined by well-formed scalar values: then `_parts(payload)` is `parts`
    (each part but the last ends with a varying member's name, and no value can hold or start one), so it
    differs from the remembered answer only in those values. Compared in place: no copy, no hash."""
    if not payload.startswith(parts[0]):
        return False
    at = len(parts[0])
    for part in parts[1:]:
        value = _VARYING_VALUE_RE.match(payload, at)
        if value is None or not payload.startswith(part, value.end()):
            return False
        at = value.end() + len(part)
    return at == len(payload)


def _json(payload: bytes) -> Any:
    """The decoded body; ShapeError for HTML, non-UTF-8, non-JSON or pathologically nested bodies."""
    head = payload.lstrip()[:15].lower()
    if head.startswith((b"<!doctype", b"<html", b"<?xml", b"<")):
        raise ShapeError("an HTML page, not a Hrana answer (is this a libSQL server?)")
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ShapeError(f"not UTF-8 text (byte {err.start})") from None
    if not text.strip():
        raise ShapeError("an empty body")
    try:
        return json.loads(text)
    except RecursionError:
        raise ShapeError("JSON nested too deeply") from None
    except json.JSONDecodeError as err:
        raise ShapeError(f"not JSON ({err.msg} at line {err.lineno} column {err.colno})") from None
    except ValueError:  # Python's guard against slow conversions
        raise ShapeError(f"an integer of more than {sys.get_int_max_str_digits()} digits") from None


def _member(obj: Any, key: str, where: str, kind: type) -> Any:
    """obj[key], which must exist and be of `kind`."""
    if not isinstance(obj, dict):
        raise ShapeError(f"{where}: expected an object, got {_kind(obj)}")
    if key not in obj:
        raise ShapeError(f"{where}: no '{key}'")
    value = obj[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        raise ShapeError(f"{_path(where, key)}: expected {_name(kind)}, got {_kind(value)}")
    return value


def _path(where: str, key: str) -> str:
    return key if where == "the answer" else f"{where}.{key}"


def _result(raw: Any, where: str, kind: RequestKind) -> Result:
    """One request's result: ok with the expected response type, or an error with a message."""
    status = _member(raw, "type", where, str)
    if status == "error":
        return _failure(_member(raw, "error", where, dict), f"{where}.error")
    if status != "ok":
        raise ShapeError(f"{where}.type: expected 'ok' or 'error', got {_word(status)}")
    response = _member(raw, "response", where, dict)
    rtype = _member(response, "type", f"{where}.response", str)
    if rtype != kind[0]:
        raise ShapeError(f"{where}.response.type: expected '{kind[0]}', got {_word(rtype)}")
    result = _member(response, "result", f"{where}.response", dict)
    if kind[0] == "execute":
        return _executed(result, f"{where}.response.result")
    return _batched(result, f"{where}.response.result", kind[1])


def _failure(error: dict[str, Any], where: str) -> Failed:
    message = error.get("message")
    if not isinstance(message, str):
        raise ShapeError(f"{where}.message: expected a string, got {_kind(message)}")
    return Failed(message)


def _executed(result: Any, where: str) -> Executed:
    """A statement result: cols, rows of len(cols) Hrana values, affected_row_count."""
    cols = _member(result, "cols", where, list)
    rows = _member(result, "rows", where, list)
    width = len(cols)
    try:
        decoded = [_row(row, width) for row in rows]
    except _Unusual:  # something to explain: the checked walk below names its place
        decoded = _checked_rows(rows, width, where)
    affected = result.get("affected_row_count", 0)
    if affected is None:
        affected = 0
    if not isinstance(affected, int) or isinstance(affected, bool) or affected < 0:
        raise ShapeError(f"{where}.affected_row_count: expected a count, got {_kind(affected)}")
    return Executed(tuple(decoded), affected)


class _Unusual(Exception):
    """A row the quick decoder does not take as it is (wrong shape, or a value type it leaves to _value)."""


def _row(row: Any, width: int) -> Row:
    """A well-formed row of text, integer and null values, decoded without building any place names (the
    answers of every read are mostly these); anything else is _Unusual."""
    if type(row) is not list or len(row) != width:
        raise _Unusual
    return tuple([_quick(value) for value in row])


def _quick(raw: Any) -> Value:
    if type(raw) is dict:
        kind = raw.get("type")
        value = raw.get("value")
        if kind == "text" and type(value) is str:
            return value
        if kind == "null":
            return None
        if kind == "integer" and type(value) is str and len(value) <= 20 and value.isascii():  # 64-bit
            digits = value[1:] if value[:1] == "-" else value
            if digits.isdigit():
                return int(value)
    raise _Unusual


def _checked_rows(rows: list[Any], width: int, where: str) -> list[Row]:
    """The rows decoded value by value, each error naming its place."""
    decoded: list[Row] = []
    for r, row in enumerate(rows):
        if not isinstance(row, list):
            raise ShapeError(f"{where}.rows[{r}]: expected a list, got {_kind(row)}")
        if len(row) != width:
            raise ShapeError(f"{where}.rows[{r}]: {len(row)} values for {width} columns")
        decoded.append(tuple(_value(v, f"{where}.rows[{r}][{c}]") for c, v in enumerate(row)))
    return decoded


def _batched(result: Any, where: str, steps: int) -> Batched:
    """A batch result: step_results and step_errors, one entry per step sent."""
    results = _member(result, "step_results", where, list)
    errors = _member(result, "step_errors", where, list)
    for name, entries in (("step_results", results), ("step_errors", errors)):
        if len(entries) != steps:
            raise ShapeError(f"{where}.{name}: {len(entries)} entries for {steps} steps")
    done = (None if r is None else _executed(r, f"{where}.step_results[{i}]") for i, r in enumerate(results))
    failed = (
        None if e is None else _failure(_object(e, f"{where}.step_errors[{i}]"), f"{where}.step_errors[{i}]")
        for i, e in enumerate(errors)
    )
    return Batched(tuple(done), tuple(failed))


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ShapeError(f"{where}: expected an object, got {_kind(value)}")
    return value


def _value(raw: Any, where: str) -> Value:
    """A Hrana value as a Python value."""
    kind = _member(raw, "type", where, str)
    if kind == "null":
        return None
    if kind == "integer":
        text = _member(raw, "value", where, str)
        try:
            return int(text)
        except ValueError:
            raise ShapeError(f"{where}.value: not an integer ({_kind(text)})") from None
    if kind == "float":
        number = raw.get("value")
        # sqld sends +-Infinity as JSON null (JSON has no infinities); NaN is stored by SQLite as NULL anyway.
        if number is None:
            return None
        if not isinstance(number, int | float) or isinstance(number, bool):
            raise ShapeError(f"{where}.value: expected a number, got {_kind(number)}")
        return float(number)
    if kind == "text":
        return str(_member(raw, "value", where, str))
    if kind == "blob":
        encoded = _member(raw, "base64", where, str)
        try:
            # sqld omits the padding
            return base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
        except (binascii.Error, ValueError):
            raise ShapeError(f"{where}.base64: not base64") from None
    raise ShapeError(f"{where}.type: unknown value type {_word(kind)}")


def _name(kind: type) -> str:
    return {dict: "an object", list: "a list", str: "a string", int: "an integer"}.get(kind, kind.__name__)


def _word(text: str) -> str:
    """A type name from the server, quoted if it looks like one; else only described (it is never cut,
    since a cut could leave part of a secret that masking no longer recognises)."""
    return repr(text) if re.fullmatch(r"[A-Za-z_]{1,24}", text) else _kind(text)


def _kind(value: Any) -> str:
    """A few words about a JSON value, never its whole text (it may be large, or hold a secret)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return f"a string of {len(value)} characters"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    return "an object"
