"""Export files for `import`: records streamed one at a time from a JSON array (or an object holding one)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from generator.errors import DataError

CHUNK = 1 << 20
_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()


class _Scanner:
    """A JSON document read in chunks: values are decoded one at a time, so memory stays flat."""

    def __init__(self, stream: IO[str], display: str) -> None:
        self.stream = stream
        self.display = display
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.line = 1  # line number of buf[0]

    def _fill(self) -> bool:
        chunk = self.stream.read(CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.line += self.buf.count("\n", 0, self.pos)
        self.buf = self.buf[self.pos :] + chunk
        self.pos = 0
        return True

    def error(self, message: str, pos: int | None = None) -> DataError:
        """A DataError naming file:line:col of `pos` (default: the current position)."""
        at = self.pos if pos is None else pos
        line = self.line + self.buf.count("\n", 0, at)
        col = at - (self.buf.rfind("\n", 0, at) + 1) + 1
        return DataError(f"{self.display}:{line}:{col}: {message}")

    def peek(self) -> str:
        """The next non-blank character ('' at the end of the file)."""
        while True:
            match = _SPACE.match(self.buf, self.pos)
            self.pos = match.end() if match else self.pos
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._fill():
                return ""

    def take(self, char: str) -> None:
        """Consume `char` (after blanks) or fail."""
        found = self.peek()
        if found != char:
            raise self.error(
                f"expected '{char}', found {found!r}" if found else f"expected '{char}', found the end"
            )
        self.pos += 1

    def value(self) -> Any:
        """Decode the next JSON value."""
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                if not self.eof and self._fill():
                    continue  # the value may just be cut by the chunk boundary
                raise self.error(f"invalid JSON: {exc.msg}", exc.pos) from None
            if end == len(self.buf) and not self.eof and self._fill():
                continue  # a number at the end of the buffer may continue in the next chunk
            self.pos = end
            return value

    def array(self) -> Iterator[Any]:
        """The elements of the array starting here."""
        self.take("[")
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            yield self.value()
            if self.peek() == ",":
                self.pos += 1
                continue
            self.take("]")
            return


def iter_records(path: Path, key: str | None = None, parent: dict[str, Any] | None = None) -> Iterator[Any]:
    """Stream the records of an export: a JSON array, or the array in member `key` of a JSON object.

    Scalar members that come before that array are stored in `parent` (history exports carry their
    `questionId` once at the top).
    """
    display = str(path)
    try:
        stream = path.open(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"{display}: cannot read ({exc.strerror})") from None
    try:
        with stream:
            scanner = _Scanner(stream, display)
            first = scanner.peek()
            if first == "[":
                if key is not None:
                    raise scanner.error(f"the file is a JSON array, so --key {key} does not apply")
                yield from scanner.array()
            elif first == "{":
                yield from _object_member(scanner, key, parent)
            else:
                raise scanner.error("expected a JSON array of records or an object holding one")
            if scanner.peek():
                raise scanner.error("unexpected data after the JSON value")
    except UnicodeDecodeError as exc:
        raise DataError(f"{display}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _object_member(scanner: _Scanner, key: str | None, parent: dict[str, Any] | None) -> Iterator[Any]:
    """The records in member `key` of the object starting here."""
    scanner.take("{")
    arrays: list[str] = []
    found = False
    while scanner.peek() != "}":
        name = scanner.value()
        if not isinstance(name, str):
            raise scanner.error("expected a member name")
        scanner.take(":")
        if key is not None and name == key and not found:
            if scanner.peek() != "[":
                raise scanner.error(f"member '{key}' is not an array of records")
            found = True
            yield from scanner.array()
        else:
            value = scanner.value()
            if isinstance(value, list):
                arrays.append(name)
            elif parent is not None and not found and not isinstance(value, dict):
                parent[name] = value
        if scanner.peek() == ",":
            scanner.pos += 1
        elif scanner.peek() != "}":
            raise scanner.error("expected ',' or '}'")
    scanner.pos += 1
    if not found:
        hint = f" (its arrays: {', '.join(arrays)})" if arrays else " (it holds no array)"
        what = f"has no member '{key}'" if key is not None else "is a JSON object: pass --key NAME"
        raise DataError(f"{scanner.display}: {what}{hint}")
