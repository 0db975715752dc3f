"""Import sources: files and directories, read as streams of records (memory stays flat in a file's size).

A `.jsonl` / `.ndjson` file holds one record per line. Any other file is one JSON document: an array of
records, an object holding one (`--key NAME`), or one record (an object whose members are columns). Records
come with their 0-based index and the line they start on, so every report can name file:line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from msgspec import Struct

from generator.data.jsonvalue import MAX_DEPTH, STRICT_DECODER, JsonProblem, too_long_integer
from generator.data.validate import Unreadable
from generator.errors import DataError

CHUNK = 1 << 20
JSON_LINES = (".jsonl", ".ndjson")
SUFFIXES = (".json", *JSON_LINES)
_SPACE = re.compile(r"[ \t\n\r]*")
_SEPARATOR = re.compile(r"[ \t\n\r]*,[ \t\n\r]*")  # between two records of an array
_STRUCTURE = re.compile(r'[\[\]{}"]')
_STRING_REST = re.compile(r'(?:[^"\\]|\\.)*"', re.DOTALL)
_NUMBER_CHARS = re.compile(r"[0-9.eE+-]*")
_INTEGER = re.compile(r"-?[0-9]*")
_TOO_DEEP = f"record nested more than {MAX_DEPTH} levels"


def _goes_on(value: Any, buf: str, end: int) -> bool:
    """True when a number ends with the buffer, or only with characters a number may hold: the next chunk
    may continue it (`3.` then `5`)."""
    number = type(value) is int or type(value) is float
    return number and _NUMBER_CHARS.match(buf, end).end() == len(buf)  # type: ignore[union-attr]


class Record(Struct, frozen=True):
    """One record of a source: its 0-based index in the file, the line it starts on, and the parsed value."""

    index: int
    line: int
    value: Any


def expand_sources(paths: Sequence[Path]) -> list[Path]:
    """The files to import: each file as given, each directory's .json/.jsonl/.ndjson files by name."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            files = sorted(
                (f for f in path.iterdir() if f.suffix.lower() in SUFFIXES and not f.name.startswith(".")),
                key=lambda f: f.name,
            )
            files = [f for f in files if f.is_file()]
            if not files:
                raise DataError(f"{path}: no .json, .jsonl or .ndjson file in this directory")
            found += files
        elif path.is_file():
            found.append(path)
        else:
            raise DataError(f"{path}: no such file or directory")
    unique: dict[Path, Path] = {}
    for path in found:
        unique.setdefault(path.resolve(), path)  # a file named twice is read once
    return list(unique.values())


def iter_records(
    path: Path,
    key: str | None = None,
    parent: dict[str, Any] | None = None,
    is_column: Callable[[str], bool] | None = None,
) -> Iterator[Record]:
    """Stream the records of one source file.

    `key` names the member of a top-level object that holds the records; scalar members before it are
    stored in `parent` (history exports carry their `questionId` once at the top). Without `key`, an object
    is one record unless a member that is not a column (`is_column`) holds an array of records.
    """
    display = str(path)
    try:
        # utf-8-sig: a byte-order mark (editors on Windows write one) is skipped, not taken for data.
        stream = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise DataError(f"{display}: cannot read ({exc.strerror})") from None
    try:
        with stream:
            if path.suffix.lower() in JSON_LINES:
                if key is not None:
                    raise DataError(f"{display}: --key {key} does not apply to a JSON Lines file")
                yield from _lines(stream)
                return
            scanner = _Scanner(stream, display)
            first = scanner.peek()
            if first == "[":
                if key is not None:
                    raise scanner.error(f"the file is a JSON array, so --key {key} does not apply")
                yield from scanner.records()
            elif first == "{":
                yield from _object(scanner, key, parent, is_column or (lambda _name: False))
            else:
                raise scanner.error("expected a JSON array of records or an object")
            if scanner.peek():
                raise scanner.error("unexpected data after the JSON value")
    except UnicodeDecodeError as exc:
        raise DataError(f"{display}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _lines(stream: IO[str]) -> Iterator[Record]:
    """JSON Lines: one record per non-blank line; a line that does not parse is an unreadable record."""
    index = 0
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        value: Any
        try:
            value = STRICT_DECODER.decode(line.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            value = Unreadable(f"invalid JSON: {exc.msg} (column {exc.colno})")
        except JsonProblem as exc:
            value = Unreadable(f"invalid JSON: {exc}")
        except RecursionError:
            value = Unreadable(_TOO_DEEP)
        except ValueError:  # an integer too long to read (the JSON errors above are ValueErrors too)
            value = Unreadable(f"record {too_long_integer()}")
        yield Record(index, number, value)
        index += 1


class _Scanner:
    """A JSON document read in chunks: values are decoded one at a time, so memory stays flat."""

    def __init__(self, stream: IO[str], display: str) -> None:
        self.stream = stream
        self.display = display
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.line = 1  # line number of buf[0]
        self.column = 0  # characters of that line before buf[0]
        self._mark = (0, 1)  # (position in buf, its line): line numbers are counted forward only once

    def _fill(self) -> int:
        """Read the next chunk, dropping what was consumed; returns how far positions moved (0 at the end)."""
        chunk = self.stream.read(CHUNK)
        if not chunk:
            self.eof = True
            return 0
        shift = self.pos
        self._drop_read()
        self.buf += chunk
        return shift if shift else -1  # -1: data was added without moving (callers test truthiness)

    def line_at(self, pos: int) -> int:
        """The line of buf[pos], counting forward from the last position asked about."""
        mark, line = self._mark
        if pos < mark:
            return self.line + self.buf.count("\n", 0, pos)
        line += self.buf.count("\n", mark, pos)
        self._mark = (pos, line)
        return line

    def error(self, message: str, pos: int | None = None) -> DataError:
        """A DataError naming file:line:col of `pos` (default: the current position)."""
        at = self.pos if pos is None else pos
        line = self.line + self.buf.count("\n", 0, at)
        newline = self.buf.rfind("\n", 0, at)
        col = at - newline if newline >= 0 else self.column + at + 1
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
        """Decode the next JSON value (a container nested too deep comes back as Unreadable)."""
        self.peek()
        while True:
            try:
                value, end = STRICT_DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                # Only an error at the end of the buffer (or in a string running to it) may come from
                # the chunk boundary cutting the value: others are reported now, without reading on.
                cut = exc.pos >= len(self.buf) - 6 or exc.msg.startswith("Unterminated string")
                if cut and not self.eof and self._grow():
                    continue
                raise self.error(f"invalid JSON: {exc.msg}", exc.pos) from None
            except JsonProblem as exc:
                raise self.error(f"invalid JSON: {exc} (in the value starting here)") from None
            except RecursionError:
                return self._skip(_TOO_DEEP)
            except ValueError:  # an integer too long to read (the JSON errors above are ValueErrors too)
                return self._skip(f"record {too_long_integer()}")
            if not self.eof and _goes_on(value, self.buf, end) and self._grow():
                continue  # a number at the end of the buffer may continue in the next chunk
            self.pos = end
            return value

    def _grow(self) -> bool:
        """Read on until the unread part of the buffer has doubled (or the file ends); False when nothing
        more could be read. A value cut by the chunk boundary is decoded again only after each doubling, so
        the work is linear in its size, at most twice the record in memory (decoding again after every 1 MB
        made one 128 MB record take 12 s)."""
        want = max(len(self.buf) - self.pos, CHUNK)
        chunks: list[str] = []
        size = 0
        while size < want:
            chunk = self.stream.read(CHUNK)
            if not chunk:
                self.eof = True
                break
            chunks.append(chunk)
            size += len(chunk)
        if not chunks:
            return False
        self._drop_read()
        self.buf += "".join(chunks)
        return True

    def _drop_read(self) -> None:
        """Drop the part of the buffer before `pos`, keeping the line and column of what stays."""
        pos = self.pos
        newline = self.buf.rfind("\n", 0, pos)
        self.column = pos - (newline + 1) if newline >= 0 else self.column + pos
        self.line = self.line_at(pos)
        self.buf = self.buf[pos:]
        self.pos = 0
        self._mark = (0, self.line)

    def _skip(self, reason: str) -> Unreadable:
        """Step over a value the decoder cannot read (a container by its brackets outside strings, else an
        integer); Unreadable with the reason."""
        if self.buf[self.pos] not in "[{":
            while (end := _INTEGER.match(self.buf, self.pos).end()) == len(self.buf) and self._grow():  # type: ignore[union-attr]
                pass
            self.pos = end
            return Unreadable(reason)
        depth = 0
        at = self.pos
        while True:
            match = _STRUCTURE.search(self.buf, at)
            rest = _STRING_REST.match(self.buf, match.end()) if match and match.group() == '"' else None
            if match is None or (match.group() == '"' and rest is None):
                if self.eof or not (shift := self._fill()):
                    raise self.error("invalid JSON: the value is not closed")
                at = max(at - max(shift, 0), 0)
                continue
            if rest is not None:
                at = rest.end()
                continue
            depth += 1 if match.group() in "[{" else -1
            at = match.end()
            if depth == 0:
                self.pos = at
                return Unreadable(reason)

    def records(self) -> Iterator[Record]:
        """The elements of the array starting here, with their index and line."""
        self.take("[")
        if self.peek() == "]":
            self.pos += 1
            return
        index = 0
        decode, separator = STRICT_DECODER.raw_decode, _SEPARATOR.match
        while True:
            self.peek()
            line = self.line_at(self.pos)
            yield Record(index, line, self.value())
            index += 1
            # The next records while each lies whole in the buffer, the comma before it included: one match
            # and one decode each. Anything else (the end of the array or of the buffer, a value the
            # decoder refuses) is left to the careful steps, which read on or say where the file is wrong.
            while (found := separator(self.buf, self.pos)) is not None:
                buf, start = self.buf, found.end()
                try:
                    value, end = decode(buf, start)
                except (ValueError, RecursionError):
                    break
                if not self.eof and _goes_on(value, buf, end):
                    break  # a number at the end of the buffer may go on in the next chunk
                line = self.line_at(start)
                self.pos = end
                yield Record(index, line, value)
                index += 1
            if self.peek() == ",":
                self.pos += 1
                continue
            self.take("]")
            return


def _object(
    scanner: _Scanner, key: str | None, parent: dict[str, Any] | None, is_column: Callable[[str], bool]
) -> Iterator[Record]:
    """The records of the object starting here: member `key`'s array, or the object itself as one record."""
    line = scanner.line_at(scanner.pos)
    scanner.take("{")
    record: dict[str, Any] = {}
    arrays: list[str] = []  # members holding arrays of records (or empty arrays)
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
            yield from scanner.records()
        elif scanner.peek() == "[" and not is_column(name):
            # Streamed, never held: an array of records can be the bulk of the file.
            records = True
            for item in scanner.records():
                records = records and isinstance(item.value, dict)
            if records:
                arrays.append(name)
            record[name] = None  # a key that names no column: only its name is reported
        else:
            value = scanner.value()
            if key is None:
                record[name] = value if is_column(name) else None
            elif parent is not None and not found and not isinstance(value, dict | list):
                parent[name] = value
        if scanner.peek() == ",":
            scanner.pos += 1
        elif scanner.peek() != "}":
            raise scanner.error("expected ',' or '}'")
    scanner.pos += 1
    if key is None and not arrays:
        yield Record(0, line, record)
        return
    if not found:
        hint = f" (its arrays of records: {', '.join(arrays)})" if arrays else " (no array of records)"
        what = f"has no member '{key}'"
        if key is None:
            what = "is a JSON object holding records: pass --key NAME"
        raise DataError(f"{scanner.display}: {what}{hint}")
