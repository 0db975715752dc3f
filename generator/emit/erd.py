"""Mermaid ER diagrams from the model: the whole schema for the docs, or a marked subset for PR reviews.

A review draws only the changed tables and their neighbours, with the changes marked:

    names = neighbours(schema, ["questions"])
    er_diagram(schema, names, {"questions": "changed", "questions.tldr": "added"})
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from msgspec import Struct

from generator.emit import escape
from generator.emit.escape import mermaid_attribute, mermaid_entity, mermaid_label
from generator.errors import SchemagenError
from generator.model import Column, Schema, Table
from generator.model.shape import column_shape, json_types

# Fill and stroke per known marker; any other marker word is still written into the labels, just uncoloured.
VIEW_STYLE = "fill:#eef4ff,stroke:#4a6fa5,stroke-width:1px,stroke-dasharray:5 3"
VIRTUAL_STYLE = "fill:#f3eefc,stroke:#6f42c1,stroke-width:1px,stroke-dasharray:2 2"
CONTEXT_STYLE = "fill:#f6f8fa,stroke:#8c959f,stroke-width:1px"
# The pages' diagrams: left to right (a wide schema grows down the page, not across it), tight spacing and a
# larger font, so the text stays legible when GitHub scales a diagram to its page width.
PAGE_INIT = (
    '%%{init: {"er": {"nodeSpacing": 20, "rankSpacing": 20}, "themeVariables": {"fontSize": "18px"}}}%%'
)
NO_TYPE = "any"  # a column with no declared type (BLOB affinity: it holds any value)
COMPUTED = "computed"  # a view column that is an expression (SQLite gives it no type)
MARK_STYLES: dict[str, str] = {
    "added": "fill:#e6ffed,stroke:#22863a,stroke-width:2px",
    "changed": "fill:#fff5b1,stroke:#b08800,stroke-width:2px",
    "removed": "fill:#ffeef0,stroke:#cb2431,stroke-width:2px,stroke-dasharray:4 3",
}
LOGICAL_NOTE = "logical, no FK"
_MARK_RE = re.compile(r"^[a-z][a-z0-9_-]*$")
# What Mermaid's erDiagram lexer reads bare lives with the escaping (generator.emit.escape).
_BARE_ATTRIBUTE = escape._BARE_ATTRIBUTE


class ViewShape(Struct, frozen=True):
    """A view (or a virtual table, `kind` "virtual") as the diagram draws it: its columns (type, name) and
    the tables or views it reads."""

    name: str
    columns: tuple[tuple[str, str], ...]
    reads: tuple[str, ...]
    kind: str = "view"  # "view" or the virtual table's module, e.g. "fts5"


class Relationship(Struct, frozen=True):
    """One edge of the diagram: a foreign key, or a documented link with no foreign key behind it."""

    parent: str  # the referenced table ("one" side)
    child: str  # the referencing table ("many" side)
    column: str  # the referencing column in `child`
    target: str  # the referenced column in `parent`
    label: str  # the diagram's edge label: the child column(s) (the spec's `label` is `verb`)
    logical: bool
    mermaid: str  # Mermaid's relationship token, e.g. `||--o{`
    cardinality: str  # in words, e.g. "one to zero or more"
    verb: str = "references"  # the spec's `label` of the link
    columns: tuple[str, ...] = ()  # the referencing columns, as names (`column` is them in words)
    targets: tuple[str, ...] = ()  # the referenced columns (empty: the parent's primary key)


def relationships(schema: Schema) -> tuple[Relationship, ...]:
    """Every foreign key and logical reference, in table then column order."""
    out = []
    for table in schema.tables:
        for fk in table.foreign_keys:
            cols = [table.column(c) for c in fk.columns if table.has_column(c)]
            if cols:
                parent = schema.table(fk.table).name if schema.has_table(fk.table) else fk.table
                target = ", ".join(fk.to) or "(primary key)"
                out.append(_relationship(table, cols, parent, target, fk.label, targets=fk.to))
        for col in table.columns:
            if col.logical_reference is not None:
                lref = col.logical_reference
                out.append(
                    _relationship(
                        table,
                        [col],
                        lref.table,
                        lref.column,
                        lref.label,
                        logical=True,
                        targets=(lref.column,),
                    )
                )
    return tuple(out)


def _relationship(
    table: Table,
    cols: list[Column],
    parent: str,
    target: str,
    label: str,
    *,
    logical: bool = False,
    targets: tuple[str, ...] = (),
) -> Relationship:
    # Parent side: exactly one when the column is NOT NULL, else zero or one. Child side: a unique column
    # allows at most one child per parent. Dotted (non-identifying) lines mean no foreign key exists.
    required = all(table.not_null(c) for c in cols)
    names = {c.name for c in cols}
    single = len(cols) == 1 and cols[0].unique
    keyed = names == {c.name for c in table.primary_key} or any(names == set(u.names) for u in table.uniques)
    one = "||" if required else "|o"
    many = "o|" if single or keyed else "o{"
    line = ".." if logical else "--"
    parent_words = "one" if required else "zero or one"
    child_words = "zero or one" if many == "o|" else "zero or more"
    columns = ", ".join(c.name for c in cols)
    text = f"{columns} ({LOGICAL_NOTE})" if logical else columns
    return Relationship(
        parent=parent,
        child=table.name,
        column=", ".join(c.name for c in cols),
        target=target,
        label=text,
        logical=logical,
        mermaid=f"{one}{line}{many}",
        cardinality=f"{parent_words} to {child_words}",
        verb=label,
        columns=tuple(c.name for c in cols),
        targets=targets,
    )


def neighbours(
    schema: Schema, names: Iterable[str], rels: tuple[Relationship, ...] | None = None
) -> tuple[str, ...]:
    """`names` plus every table linked to one of them (either direction), in spec order (`rels`: the
    schema's relationships, when the caller has them already)."""
    wanted = set(_known(schema, names))
    linked = set(wanted)
    for rel in relationships(schema) if rels is None else rels:
        if rel.parent in wanted or rel.child in wanted:
            linked |= {rel.parent, rel.child}
    return tuple(t.name for t in schema.tables if t.name in linked)


def er_diagram(
    schema: Schema,
    tables: Iterable[str] | None = None,
    marks: Mapping[str, str] | None = None,
    views: Iterable[ViewShape] = (),
    context: Iterable[str] = (),
    page: bool = False,
    rels: tuple[Relationship, ...] | None = None,
) -> str:
    """Mermaid `erDiagram` source for `tables` (default: all), with `marks` on tables or "table.column".

    `views` (and virtual tables) are drawn as entities of their own style, with a dotted line to every
    table or view they read whose entity is drawn too. `context` tables are drawn by name only, in a grey
    style, with the links between them and `tables` (the neighbours of a part of the schema). A `page`
    diagram (the docs') runs left to right with PAGE_INIT, and a column's note leaves out where its key
    points when the line to that table is drawn.
    """
    rels = relationships(schema) if rels is None else rels
    drawn = set(_known(schema, tables)) if tables is not None else {t.name for t in schema.tables}
    around = set(_known(schema, context)) - drawn
    marks = dict(marks or {})
    views = tuple(views)
    _check_marks(schema, drawn, marks)
    lines = [PAGE_INIT, "erDiagram", "  direction LR"] if page else ["erDiagram"]
    used = sorted({m for m in marks.values() if m in MARK_STYLES})
    lines += [f"  classDef {m} {MARK_STYLES[m]}" for m in used]
    if any(v.kind == "view" for v in views):
        lines.append(f"  classDef view {VIEW_STYLE}")
    if any(v.kind != "view" for v in views):
        lines.append(f"  classDef virtual {VIRTUAL_STYLE}")
    if around:
        lines.append(f"  classDef context {CONTEXT_STYLE}")
    for rel in rels:
        ends = {rel.parent, rel.child}
        if ends <= drawn | around and ends & drawn:
            mark = marks.get(f"{rel.child}.{rel.column}")
            label = f"{rel.label} [{mark}]" if mark else rel.label
            lines.append(f"  {entity(rel.parent)} {rel.mermaid} {entity(rel.child)} : {_quoted(label)}")
    shown = drawn | around | {v.name for v in views}
    for view in views:
        for source in view.reads:
            if source in shown:
                # a view reads rows, it holds no key: a dotted line with no many-to-many crow's feet
                line = f"{entity(source)} ||..|| {entity(view.name)} : {_quoted('read by ' + _kind(view))}"
                lines.append("  " + line)
    linked = {(r.child, r.column) for r in rels if {r.parent, r.child} <= drawn | around}
    for table in schema.tables:
        if table.name in drawn:
            lines += _entity(table, marks, linked if page else set())
        elif table.name in around:
            where = f" ({table.docs.category})" if table.docs.category else ""
            lines.append(f"  {entity(table.name)}[{_quoted(table.name + where)}]:::context")
    for view in views:
        style = "view" if view.kind == "view" else "virtual"
        lines.append(f"  {entity(view.name)}[{_quoted(f'{view.name} ({_kind(view)})')}]:::{style} {{")
        blank = COMPUTED if view.kind == "view" else NO_TYPE
        lines += [f"    {attribute(kind or blank)} {attribute(name)}" for kind, name in view.columns]
        lines.append("  }")
    return "\n".join(lines) + "\n"


def _kind(view: ViewShape) -> str:
    return "view" if view.kind == "view" else f"{view.kind} virtual table"


def _entity(table: Table, marks: Mapping[str, str], linked: set[tuple[str, str]]) -> list[str]:
    mark = marks.get(table.name)
    head = f"  {entity(table.name)}"
    if mark:
        head += f"[{_quoted(f'{table.name} [{mark}]')}]"
        if mark in MARK_STYLES:
            head += f":::{mark}"
    out = [head + " {"]
    for col in table.columns:
        keys = ", ".join(key_markers(table, col))
        note = column_note(
            table, col, marks.get(f"{table.name}.{col.name}"), (table.name, col.name) in linked
        )
        parts = [attribute(col.type or NO_TYPE), attribute(col.name)]
        parts += ([keys] if keys else []) + ([_quoted(note)] if note else [])
        out.append("    " + " ".join(parts))
    out.append("  }")
    return out


def key_markers(table: Table, col: Column) -> tuple[str, ...]:
    """Mermaid key markers of a column: PK, FK, UK (in that order)."""
    out = []
    if col.primary_key:
        out.append("PK")
    if any(col.name in fk.columns for fk in table.foreign_keys):
        out.append("FK")
    if not col.primary_key and (col.unique or any(u.names == (col.name,) for u in table.uniques)):
        out.append("UK")
    return tuple(out)


def column_note(table: Table, col: Column, mark: str | None = None, drawn: bool = False) -> str:
    """The short comment shown beside a column: its marker, JSON kind and what it points to (unless the
    line to that table is `drawn`)."""
    parts = [f"[{mark}]"] if mark else []
    if col.json:
        kinds = json_types(column_shape(col).type)
        parts.append(f"JSON {kinds[0]}" if len(kinds) == 1 else "JSON")
    fk = table.foreign_key_of(col.name)
    if drawn:
        return "; ".join(parts)
    if fk is not None:
        parts.append(f"-> {fk.table}.{fk.column}" if fk.column else f"-> {fk.table}")
    if col.logical_reference is not None:
        lref = col.logical_reference
        parts.append(f"-> {lref.table}.{lref.column} ({LOGICAL_NOTE})")
    return "; ".join(parts)


def entity(name: str) -> str:
    """A table as a Mermaid entity (generator.emit.escape.mermaid_entity)."""
    return mermaid_entity(name)


def attribute(word: str) -> str:
    """A column's type or name as a Mermaid attribute (generator.emit.escape.mermaid_attribute)."""
    return mermaid_attribute(word)


_quoted = mermaid_label


def _known(schema: Schema, names: Iterable[str]) -> list[str]:
    out = []
    for name in names:
        if not schema.has_table(name):
            raise SchemagenError(f"ER diagram: no table named '{name}' in the schema")
        out.append(name)
    return out


def _check_marks(schema: Schema, drawn: set[str], marks: Mapping[str, str]) -> None:
    # A mark that lands nowhere would hide a change from the reviewer, so it is an error, not a no-op.
    for key, mark in sorted(marks.items()):
        if not _MARK_RE.match(mark):
            raise SchemagenError(f"ER diagram: mark '{mark}' for '{key}' must be one lower-case word")
        # A table's name may hold a dot itself: the key is a drawn table, or one of them, a dot and a column.
        table, column = key, ""
        if key not in drawn:
            table = next((t for t in sorted(drawn) if key.startswith(t + ".")), "")
            column = key[len(table) + 1 :] if table else key
        if table not in drawn or (column and not schema.table(table).has_column(column)):
            raise SchemagenError(f"ER diagram: mark for '{key}' names no drawn table or column")
