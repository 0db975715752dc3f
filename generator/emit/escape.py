"""One escaping function per output language: the only way text from a spec or a database reaches an output.

Every generated file is a program or a document someone runs or reads, so a name or a description must
never become code or markup there. Each function takes any text and returns what is safe in one place
of one language, saying what the text says:

- SQL: identifiers and literals (quoted, inner quotes doubled), `--` comments (one line), and a fragment
  (a view body, an index WHERE) that may end in a comment, closed before the `;` that follows.
- TypeScript: `//` comments and `/** */` docs (one line, `*/` broken), string and template literals.
- Python: `#` comments, docstrings (backslashes, quotes, a closing `"`), string literals.
- Markdown: text (no raw HTML, no block markup at its start), table cells, headings, code spans, fences.
- Mermaid: labels, entity and attribute names, node ids.

Line breaks (any of them: `\\n`, `\\r`, U+2028, U+2029, U+0085, ...) inside one-line places become a space;
other control and bidi-override characters are shown as `\\uXXXX`, so nothing invisible reaches a reader.
Names with control characters are refused by `validate` (spec.schema.json's identifier); these functions
hold for any text all the same, for what `inspect` reads from a database.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

# Characters a reader cannot see or that reorder what they see: C0 (but tab and the line breaks, which
# `one_line` folds), DEL, C1, bidi marks, embeddings, overrides and isolates, the BOM.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]"
)
# Everything Python, JavaScript or a Markdown renderer may read as a line break.
_BREAKS = re.compile("[ \t]*[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+[ \t]*")


def _visible(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def one_line(text: object) -> str:
    """`text` on one line: each run of line breaks a space, invisible characters shown as `\\uXXXX`."""
    return _INVISIBLE.sub(_visible, _BREAKS.sub(" ", str(text)))


def prose(text: object) -> str:
    """Prose on one line: all whitespace runs one space (as a wrapped comment shows it), nothing invisible."""
    return _INVISIBLE.sub(_visible, " ".join(str(text).split()))


# What a terminal would act on rather than show (escape sequences, carriage returns, bells) and what
# reorders a line: all of it shown as `\uXXXX`; line breaks and tabs are kept.
_TERMINAL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def terminal(text: str) -> str:
    """A message for a terminal or a log: control sequences and bidi controls shown, never acted on."""
    return _TERMINAL.sub(_visible, text)


# --- SQL -------------------------------------------------------------------------------------------------


def quote_identifier(name: str) -> str:
    """Quote an SQL identifier ("name", inner quotes doubled): the only quoting function."""
    return '"' + name.replace('"', '""') + '"'


def sql_literal(value: str | int | float | bytes | None) -> str:
    """An SQL literal of a value: text quoted (inner quotes doubled), bytes as X'...'.

    Text holding NUL is spelled as its UTF-8 bytes cast to TEXT: SQLite stops reading a statement at a NUL,
    so the rest of the statement would be lost (or, worse, read as something else).
    """
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return f"X'{bytes(value).hex()}'"
    if "\x00" in value:
        return f"CAST(X'{value.encode('utf-8').hex()}' AS TEXT)"
    return "'" + value.replace("'", "''") + "'"


def sql_comment(text: object) -> str:
    """The text of a `-- ` comment: one line (SQLite ends the comment at the first line break)."""
    return one_line(text)


def sql_fragment(sql: str) -> str:
    """An SQL fragment (view body, WHERE, trigger body) that a `;` or a keyword may follow on its line.

    When the fragment ends in a comment, whatever came next would be inside it: an unclosed `/*` is
    closed and a `--` comment ended with a line break. Any other fragment comes back unchanged.
    """
    from generator.sqlite.tokens import tokenize

    try:
        toks = tokenize(sql)
    except ValueError:
        return sql  # validate refuses what SQLite cannot read; nothing is written from it
    tail = sql[toks[-1].end :] if toks else sql
    if "--" not in tail and "/*" not in tail:
        return sql
    if _open_block_comment(tail):
        sql += " */"
    return sql.rstrip(" \t") + "\n" if not sql.endswith("\n") else sql


def _open_block_comment(tail: str) -> bool:
    i = 0
    while i < len(tail):
        if tail.startswith("--", i):
            end = tail.find("\n", i)
            if end < 0:
                return False
            i = end + 1
        elif tail.startswith("/*", i):
            end = tail.find("*/", i + 2)
            if end < 0:
                return True
            i = end + 2
        else:
            i += 1
    return False


# --- TypeScript and Python -------------------------------------------------------------------------------

_STRING_EXTRA = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


def _string(text: str) -> str:
    # JSON's escapes (\\ \" \n \uXXXX) mean the same in TypeScript and Python; what JSON leaves raw and a
    # reader cannot see (or JavaScript reads as a line break) is escaped too.
    return _STRING_EXTRA.sub(_visible, json.dumps(text, ensure_ascii=False))


def ts_string(text: str) -> str:
    """A TypeScript string literal ("..."), every line break and invisible character escaped."""
    return _string(text)


def ts_template(text: str) -> str:
    """Text inside a TypeScript template literal (sql`...`): backslashes, backticks and `${` escaped."""
    out = text.replace("\\", "\\\\").replace("`", "\\`").replace("${", "\\${").replace("\r", "\\r")
    return _STRING_EXTRA.sub(_visible, out)


def ts_comment(text: object) -> str:
    """The text of a `//` comment: one line (JavaScript ends it at \\n, \\r, U+2028 and U+2029)."""
    return one_line(text)


def ts_doc(text: object) -> str:
    """The text of a `/** ... */` doc comment: one line, `*/` broken so the comment ends where we end it."""
    return prose(text).replace("*/", "*\\/")


def py_string(text: str) -> str:
    """A Python string literal ("..."), every line break and invisible character escaped."""
    return _string(text)


def py_comment(text: object) -> str:
    """The text of a `#` comment: one line."""
    return one_line(text)


def py_doc(text: object) -> str:
    """Text inside a `\"\"\"` docstring: one line, backslashes and quotes escaped (a closing `"` too)."""
    out = prose(text).replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return out[:-1] + '\\"' if out.endswith('"') else out


# --- Markdown --------------------------------------------------------------------------------------------

# `<` that starts a tag, a comment, a declaration or a processing instruction (CommonMark's raw HTML);
# `<` before a space or a digit stays as it is (`< 100`).
_HTML_START = re.compile(r"<(?=[A-Za-z/!?])")
# `&name;` and `&#123;` are character references: the `&` is shown, not read.
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# What makes a line a heading, quote, list item, rule, table row, fence or setext underline at its start.
_BLOCK_START = re.compile(
    r"^\s*(?:\d{1,9}(?=[.)](?:\s|$))|(?=[>|]|#{1,6}(?:\s|$)|[-+*](?:\s|$)|`{3}|~{3}|[=-]+\s*$|_{3,}\s*$))"
)


def md_text(text: object) -> str:
    """Markdown text on one line: no raw HTML, no entity read, no block markup at its start.

    Inline Markdown (emphasis, `code`, links) is kept: descriptions and `docs:` prose are written as
    Markdown. Raw HTML never is: a `<` that would open a tag or a `<!--` comment is written `&lt;`.
    """
    out = _inline(text)
    start = _BLOCK_START.match(out)
    if start is None:
        return out
    # A backslash escapes ASCII punctuation only: `\\#`, and after a list number `1\\.` (not `\\1.`).
    return f"{out[: start.end()]}\\{out[start.end() :]}"


def _inline(text: object) -> str:
    """One line with no raw HTML and no character reference outside its code spans."""
    return _outside_code(one_line(text), lambda part: _HTML_START.sub("&lt;", _ENTITY.sub("&amp;", part)))


def _outside_code(text: str, change: Callable[[str], str]) -> str:
    """`change` applied to the parts of one line of Markdown outside its code spans (CommonMark's rule:
    a run of backticks opens a span that the next run of the same length closes)."""
    out: list[str] = []
    i = done = 0
    while (m := _TICKS.search(text, i)) is not None:
        close = re.compile(rf"(?<!`){m.group()}(?!`)").search(text, m.end())
        if close is None:
            i = m.end()
            continue
        out += [change(text[done : m.start()]), text[m.start() : close.end()]]
        i = done = close.end()
    return "".join([*out, change(text[done:])])


_TICKS = re.compile(r"`+")


def md_cell(text: object) -> str:
    """Text safe inside a Markdown table cell: inline, as md_text, with `|` escaped (a cell is never a
    block, so what starts it needs no escape)."""
    return _inline(text).replace("|", "\\|")


def md_heading(text: object) -> str:
    """Text of a Markdown heading: as md_text, a closing `#` run kept as text."""
    out = md_text(text)
    return out[:-1] + "\\#" if out.endswith("#") else out


def md_code(text: object) -> str:
    """Inline code, safe inside a Markdown table cell (`|` escaped: GFM reads it before the code span)."""
    return _code_span(one_line(text).replace("|", "\\|"))


def md_span(text: object) -> str:
    """Inline code outside tables (headings, paragraphs, list items)."""
    return _code_span(one_line(text))


def _code_span(value: str) -> str:
    if "`" not in value:
        return f"`{value}`"
    ticks = "`" * (max(len(run) for run in re.findall("`+", value)) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{ticks}{pad}{value}{pad}{ticks}"


def md_fence(code: str) -> str:
    """A fence for a code block holding `code`: longer than any backtick run at a line's start in it."""
    runs = [len(m.group(1)) for m in re.finditer(r"^ {0,3}(`{3,})", code, flags=re.MULTILINE)]
    return "`" * max(3, *(n + 1 for n in runs)) if runs else "```"


def md_info(lang: object) -> str:
    """A fenced block's info string: one word of letters, digits, `+`, `-`, `_` or `.`."""
    return re.sub(r"[^\w+.-]", "", str(lang))


# --- Mermaid ---------------------------------------------------------------------------------------------

# Mermaid strings cannot escape a double quote, `%%` starts a comment, `#...;` an entity code, `<` a tag in
# HTML labels and a backtick a Markdown string: look-alikes stand in for them (a single quote reads the same
# as a double one).
_MERMAID = str.maketrans(
    {'"': "'", "%": "\uff05", "\\": "\uff3c", "#": "\uff03", "<": "\uff1c", "`": "\uff40"}
)
_BARE_ENTITY = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# An attribute: [*A-Za-z_\u00C0-\uFFFF] then [A-Za-z0-9\-_\[\]().,\u00C0-\uFFFF*]*. The range U+00C0-U+FFFF is
# written as "neither below U+00C0 nor astral": the same characters, and it compiles in a twentieth of the
# time (a positive class that wide costs ~3 ms on every start; tests/test_fastpaths.py compares the two).
_WIDE = r"[^\x00-\xbf\U00010000-\U0010ffff]"
_BARE_ATTRIBUTE = re.compile(rf"^(?:[*A-Za-z_]|{_WIDE})(?:[A-Za-z0-9\-_\[\]().,*]|{_WIDE})*$")
_BARE_TEXT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_ -]*$")
_MERMAID_KEYWORDS = frozenset(
    {"erdiagram", "style", "classdef", "class", "subgraph", "end", "direction", "one", "only", "many", "zero"}
    | {"to", "optionally", "u", "acctitle", "accdescr", "flowchart", "graph", "click", "linkstyle"}
)


def mermaid_label(text: object) -> str:
    """A quoted Mermaid label ("..."): one line, look-alikes for what a Mermaid string cannot hold."""
    return '"' + prose(text).translate(_MERMAID) + '"'


def mermaid_text(text: object) -> str:
    """A flowchart node's text: bare when Mermaid reads it so, else a quoted label."""
    value = str(text)
    if _BARE_TEXT.match(value) and value.lower() not in _MERMAID_KEYWORDS and not value.endswith(" "):
        return value
    return mermaid_label(value)


def mermaid_entity(name: str) -> str:
    """A table as a Mermaid erDiagram entity: its name bare when Mermaid reads it so, else quoted."""
    if _BARE_ENTITY.match(name) and name.lower() not in _MERMAID_KEYWORDS:
        return name
    return mermaid_label(name) if name.strip() else '"(blank)"'


def mermaid_attribute(word: str) -> str:
    """A column's type or name as an erDiagram attribute: bare when Mermaid reads it so, else in backticks."""
    if _BARE_ATTRIBUTE.match(word) and word.upper() not in ("PK", "FK", "UK"):
        return word
    return "`" + (prose(word.replace("`", "'")) or "(blank)") + "`"


def mermaid_id(kind: str, name: str) -> str:
    """A node or subgraph id: `kind_name` when the name is a plain word, else `kindx_` and its code points."""
    if re.fullmatch(r"[A-Za-z0-9_]+", name):
        return f"{kind}_{name}"
    return f"{kind}x_" + "_".join(f"{ord(c):x}" for c in name)
