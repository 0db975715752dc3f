"""TypeScript text of the type tree (generator.model.shape): type expressions and doc comments."""

from __future__ import annotations

import json

from generator.emit.codegen.names import ts_key
from generator.emit.escape import ts_doc, ts_string, ts_template
from generator.model.shape import Arr, Lit, Obj, Prim, Shape, Union, union
from generator.words import wrap

# Every parsed JSON value; the generated module declares it under this name.
JSON_VALUE = "JsonValue"
_PRIMS = {
    "json": JSON_VALUE,
    "never": "never",
    "null": "null",
    "boolean": "boolean",
    "integer": "number",
    "number": "number",
    "string": "string",
}
_WIDTH = 100
INDENT = "  "


def ts_type(shape: Shape, depth: int = 0) -> str:
    """The TypeScript type of a shape; objects span lines, indented for nesting `depth`."""
    if isinstance(shape, Prim):
        return _PRIMS[shape.kind]
    if isinstance(shape, Lit):
        return ts_string(shape.value) if isinstance(shape.value, str) else json.dumps(shape.value)
    if isinstance(shape, Arr):
        item = ts_type(shape.item, depth)
        simple = isinstance(shape.item, Prim | Lit) or (isinstance(shape.item, Arr) and item.endswith("[]"))
        if simple:
            return f"{item}[]"
        return f"Array<{item}\n{INDENT * depth}>" if item.startswith("\n") else f"Array<{item}>"
    if isinstance(shape, Obj):
        return _object(shape, depth)
    return _union(shape, depth)


def _union(shape: Union, depth: int) -> str:
    inline = " | ".join(ts_type(m, depth) for m in shape.members)
    if "\n" not in inline and len(inline) + len(INDENT) * depth <= _WIDTH:
        return inline
    # One member per line, prettier-style: `| {` with the object's keys two steps further in.
    parts = [ts_type(m, depth + 2) for m in shape.members]
    pad = INDENT * (depth + 1)
    return "".join(f"\n{pad}| {p}" for p in parts)


def _object(shape: Obj, depth: int) -> str:
    if not shape.props:
        if shape.extra is None:
            return "Record<string, never>"
        return f"{{ [key: string]: {ts_type(shape.extra, depth)} }}"
    pad = INDENT * (depth + 1)
    lines = ["{"]
    for prop in shape.props:
        lines += doc_comment(prop.description, pad)
        mark = "" if prop.required else "?"
        lines.append(f"{pad}{ts_key(prop.name)}{mark}: {ts_type(prop.type, depth + 1)};")
    if shape.extra is not None:
        # An index signature must admit every declared key's type too (and undefined for optional ones).
        admitted = union([shape.extra, *(p.type for p in shape.props)])
        text = ts_type(admitted, depth + 1)
        if any(not p.required for p in shape.props):
            text += " | undefined"
        lines.append(f"{pad}[key: string]: {text};")
    lines.append(INDENT * depth + "}")
    return "\n".join(lines)


def doc_comment(text: str, pad: str = "") -> list[str]:
    """A JSDoc comment (`/** ... */`) as lines, wrapped; none for empty text."""
    text = ts_doc(text)
    if not text:
        return []
    one = f"{pad}/** {text} */"
    if len(one) <= _WIDTH:
        return [one]
    body = wrap(text, max(_WIDTH - len(pad) - 3, 40))
    return [f"{pad}/**", *(f"{pad} * {line}" for line in body), f"{pad} */"]


def template_literal(text: str) -> str:
    """Text inside a tagged template (sql`...`): backslashes, backticks and `${` escaped."""
    return ts_template(text)


def sql_tag(text: str) -> str:
    """Drizzle's sql`...` of an SQL fragment, the fragment kept exactly."""
    return f"sql`{template_literal(text)}`"


def literal(value: str | int | float) -> str:
    """A TypeScript literal of a string or number."""
    return ts_string(value) if isinstance(value, str) else repr(value)


def chain_lines(head: str, enum: list[str], typed: list[str], chain: list[str]) -> list[str]:
    """A column's `key: builder(...)` chain on one line when it fits, else over several, prettier-like.

    `head` is `key: builder("name"`; `enum` the builder's `{ enum: [...] }` values; `typed` the members of a
    `.$type<...>()` union; `chain` the other calls.
    """
    type_call = f".$type<{' | '.join(typed)}>()" if typed else ""
    option = f", {{ enum: [{', '.join(enum)}] }}" if enum else ""
    one = f"  {head}{option}){type_call}{''.join(chain)},"
    if len(one) <= _WIDTH:
        return [one]
    if enum:
        array = f"    enum: [{', '.join(enum)}],"
        inner = (
            [array] if len(array) <= _WIDTH else ["    enum: [", *wrap_items(enum, ",", "      "), "    ],"]
        )
        lines = [f"  {head}, {{", *inner, "  })"]
    else:
        lines = [f"  {head})"]
    calls = ([type_call] if typed else []) + chain
    if len(lines[-1]) + sum(map(len, calls)) + 1 <= _WIDTH:
        return [*lines[:-1], lines[-1] + "".join(calls) + ","]
    for call in calls:
        if call is type_call and len(call) + 4 > _WIDTH:
            lines += ["    .$type<", *wrap_items(typed, " |", "      "), "    >()"]
        else:
            lines.append("    " + call)
    lines[-1] += ","
    return lines


def wrap_items(items: list[str], sep: str, pad: str) -> list[str]:
    """Items packed into lines within the width, each line ending in `sep` but the last (`,`: all lines)."""
    lines: list[str] = []
    line = ""
    for i, item in enumerate(items):
        last = i == len(items) - 1
        piece = item + ("" if last and sep != "," else sep)
        if line and len(pad) + len(line) + 1 + len(piece) > _WIDTH:
            lines.append(pad + line)
            line = piece
        else:
            line = f"{line} {piece}" if line else piece
    return [*lines, pad + line] if line else lines


def import_line(names: list[str], module: str) -> str:
    """`import { a, b } from "module";`, one name per line when it is too long."""
    line = f'import {{ {", ".join(names)} }} from "{module}";'
    if len(line) <= _WIDTH:
        return line
    return "import {\n" + "".join(f"  {n},\n" for n in names) + f'}} from "{module}";'
