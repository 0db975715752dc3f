"""JSON as SQLite and the app see it: one strict parser, one canonical encoder, one safe way to show a value.

Python's json module is laxer than JSON: it reads and writes `NaN` and `Infinity`, which SQLite's
`json_valid` rejects, and it recurses once per nesting level, so a deep enough value raises
RecursionError. Every JSON value the data commands read or write goes through here, so what passes
here is what the database accepts, and nothing deep enough to break the interpreter gets further.
"""

from __future__ import annotations

import contextlib
import json
import json.encoder
import math
import re
import sys
from typing import Any

MAX_DEPTH = 256  # nesting levels a JSON value (or an import record) may have
_SHALLOW = 2 * MAX_DEPTH  # no JSON text this short nests more than MAX_DEPTH levels
_SURROGATE = re.compile("[\ud800-\udfff]")
_OPENERS = re.compile(r"[\[{]")
# JSON.stringify's compact form. The C encoder is called directly: json.dumps with options builds a new
# encoder per call, and even a kept JSONEncoder spends more in its Python wrapper than in C.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)
_MAKE: Any = getattr(json.encoder, "c_make_encoder", None)  # CPython's C encoder (absent elsewhere)
_C_ENCODE: Any = (
    _MAKE(None, _ENCODER.default, json.encoder.encode_basestring, None, ":", ",", False, False, False)
    if _MAKE is not None
    else None
)


def _encode(value: Any) -> str:
    return "".join(_C_ENCODE(value, 0)) if _C_ENCODE is not None else _ENCODER.encode(value)


_JSON_SCALARS = (str, int, float, bool, type(None))
# JSON escapes can spell one; UTF-8 (SQLite's text) cannot hold it.
SURROGATE_MESSAGE = "holds a lone surrogate (an unpaired \\ud800-\\udfff), which is not Unicode text"


class JsonProblem(ValueError):
    """Why a text or a value is not JSON that SQLite would store (the message names the spot)."""

    def __init__(self, message: str, *, valid: bool = False) -> None:
        super().__init__(message)
        self.valid = valid  # the text is JSON, but not JSON Python reads (an integer too long, too deep)

    def of_text(self) -> str:
        """What the problem makes of a JSON text, for a row's problem: `not valid JSON (...)`."""
        return f"{'JSON that cannot be read' if self.valid else 'not valid JSON'} ({self})"


def _reject_constant(name: str) -> Any:
    raise JsonProblem(f"{name} is not JSON")


STRICT_DECODER = json.JSONDecoder(parse_constant=_reject_constant)


def too_long_integer() -> str:
    """What a JSON text holds that Python refuses to read: an integer longer than its guard against slow
    conversions allows (the limit can be changed while running, hence a function)."""
    return f"holds an integer of more than {sys.get_int_max_str_digits()} digits"


def parse_text(text: str) -> Any:
    """Parse JSON text as SQLite's json_valid would accept it; JsonProblem says why not."""
    try:
        value = STRICT_DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise JsonProblem(f"{exc.msg} at char {exc.pos}") from None
    except RecursionError:
        raise _too_deep(text) from None
    except JsonProblem:  # NaN or Infinity, refused by the decoder (say so, not what follows)
        raise
    except ValueError:  # Python's guard against slow conversions (the JSON errors above are ValueErrors too)
        raise JsonProblem(too_long_integer(), valid=True) from None
    if _may_be_deep(text) and too_deep(value):
        raise _too_deep(text)
    return value


def _too_deep(text: str) -> JsonProblem:
    """A text nested deeper than schemagen reads: JSON that cannot be read when SQLite takes it as JSON
    (its own limit is deeper: 1,000 levels since 3.45, 2,000 before), else not valid JSON. The SQLite of
    this Python is asked."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(":memory:")) as conn:
        valid = conn.execute("SELECT json_valid(?)", (text,)).fetchone()[0] == 1
    return JsonProblem(f"nested more than {MAX_DEPTH} levels", valid=valid)


def canonical(value: Any) -> str | None:
    """The canonical text of a JSON value (as `encode` gives it), or None where `encode` refuses it."""
    try:  # _encode, inline (this is every JSON value an import sees)
        text = "".join(_C_ENCODE(value, 0)) if _C_ENCODE is not None else _ENCODER.encode(value)
    except (TypeError, ValueError, RecursionError):
        return None
    if len(text) <= _SHALLOW and text.isascii():
        return text  # the common answer, inline: too short to nest too deep, no surrogate (_refusal's tests)
    return text if _refusal(value, text) is None else None


def encode(value: Any) -> str:
    """The canonical text of a JSON value (compact, as JSON.stringify writes it), or JsonProblem."""
    try:
        text = _encode(value)
    except (TypeError, ValueError, RecursionError):
        raise JsonProblem(why_not_json(value)) from None
    why = _refusal(value, text)
    if why is not None:
        raise JsonProblem(why)
    return text


def _refusal(value: Any, text: str) -> str | None:
    """Why the encoded value cannot be stored (nested too deep, a lone surrogate), or None."""
    if _may_be_deep(text) and too_deep(value):
        return f"nested more than {MAX_DEPTH} levels"
    if has_surrogate(text):
        return SURROGATE_MESSAGE
    return None


def _may_be_deep(text: str) -> bool:
    """False when the text cannot nest MAX_DEPTH levels (too few brackets): the cheap common answer."""
    return len(text) > _SHALLOW and len(_OPENERS.findall(text)) > MAX_DEPTH


def too_deep(value: Any, limit: int = MAX_DEPTH) -> bool:
    """True when arrays and objects nest more than `limit` levels (iterative: any depth is safe)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list | tuple):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list | tuple))
    return False


def why_not_json(value: Any) -> str:
    """The first thing (with its path) that keeps a Python value from being JSON."""
    stack: list[tuple[Any, str, int]] = [(value, "", 1)]
    while stack:
        item, path, depth = stack.pop()
        where = f"at {path}: " if path else ""
        if isinstance(item, float) and not math.isfinite(item):
            return f"{where}{show(item)} is not a JSON number"
        if isinstance(item, _JSON_SCALARS):
            continue
        if depth > MAX_DEPTH:
            return f"nested more than {MAX_DEPTH} levels"
        if isinstance(item, dict):
            for key, child in item.items():
                if not isinstance(key, _JSON_SCALARS) or (isinstance(key, float) and not math.isfinite(key)):
                    return f"{where}object key {show(key)} is not a string"
                stack.append((child, f"{path}.{key}", depth + 1))
        elif isinstance(item, list | tuple):
            stack.extend((child, f"{path}[{i}]", depth + 1) for i, child in enumerate(item))
        else:
            return f"{where}{type_name(item)} is not a JSON value"
    return "not a JSON value"


def has_surrogate(text: str) -> bool:
    """True when a string holds a lone surrogate (it cannot be stored as UTF-8)."""
    if text.isascii():
        return False
    if len(text) > _ENCODE_AT_MOST:  # no copy of a huge text: the (slower) search
        return _SURROGATE.search(text) is not None
    try:
        text.encode("utf-8")  # a few times faster than the search, which walks the text in Python's re
    except UnicodeEncodeError:
        return True
    return False


_ENCODE_AT_MOST = 1 << 16


def type_name(value: Any) -> str:
    """The JSON type of a Python value, with an article, for messages ('a string', 'an array', ...)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, bytes | bytearray | memoryview):
        return "bytes"
    return f"a Python {type(value).__name__}"


def printable(text: str) -> str:
    """`text` safe to print: lone surrogates become escapes (a UTF-8 terminal cannot show them)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8") if has_surrogate(text) else text


def show(value: Any, limit: int = 60) -> str:
    """A short JSON rendering of any value for a message; never raises, never shows a Python repr."""
    if isinstance(value, bytes | bytearray | memoryview):
        return f"<{len(value)} bytes>"
    if isinstance(value, str) and len(value) > 4 * limit:
        value = value[: 4 * limit]
    try:
        text = json.dumps(value, ensure_ascii=False, default=_placeholder)
    except RecursionError:
        text = f"<{type_name(value)} nested more than {MAX_DEPTH} levels>"
    except (TypeError, ValueError):
        text = f"<{type_name(value)}>"
    text = printable(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _placeholder(value: Any) -> str:
    return f"<{type_name(value)}>"
