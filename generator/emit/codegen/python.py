"""The Python row types module: one TypedDict per table (as read, and as inserted), JSON shapes typed.

Keys are SQL column names, as `validate_row`, `schemagen import` and sqlite3 rows use them; JSON columns hold
the parsed value. A `<Table>Row` has every column (NULL as None); a `<Table>Insert` has the columns an INSERT
may name, the ones `validate_row` requires as required keys (the validators' `required`).
"""

from __future__ import annotations

from msgspec import Struct

from generator.data.rowschema import required_columns
from generator.emit.codegen.names import Namer, is_py_identifier, pascal
from generator.emit.escape import prose, py_comment, py_doc, py_string
from generator.emit.header import generated_by
from generator.emit.templates import make_env, tidy
from generator.model import Column, Schema, Table
from generator.model.shape import Arr, Lit, Obj, Prim, Prop, Shape, Union, column_shape
from generator.model.types import value_kind
from generator.words import wrap

PATH = "python/rows.py"
_PRIMS = {
    "json": "JsonValue",
    "never": "Never",
    "null": "None",
    "boolean": "bool",
    "integer": "int",
    "number": "float",
    "string": "str",
}
# The Python value of each kind of column (generator.model.types.value_kind), as sqlite3 returns it.
_VALUES = {
    "text": "str",
    "integer": "int",
    "real": "float",
    "blob": "bytes",
    "numeric": "int | float | str",
    "any": "int | float | str | bytes",
}
_TYPING = ("Literal", "Never", "NotRequired", "TypeAlias", "TypedDict")


class Field(Struct, frozen=True):
    """One key of a TypedDict: name, type expression, and its description (a comment or docstring)."""

    name: str
    type: str
    description: str = ""

    @property
    def key(self) -> str:
        """The key as a string literal (the functional TypedDict form)."""
        return py_string(self.name)

    @property
    def doc(self) -> list[str]:
        """The field's docstring lines (class form)."""
        return docstring(self.description, "    ")

    @property
    def comment(self) -> list[str]:
        """The field's description as comment lines (functional form)."""
        return comment(self.description, "        ")


class TypedDictDef(Struct, frozen=True):
    """A TypedDict to declare: class syntax when every key is an identifier, else the functional form."""

    name: str
    fields: tuple[Field, ...]
    description: str = ""
    note: str = ""  # what the type cannot say (other keys of an open object)

    @property
    def class_syntax(self) -> bool:
        """True when every key can be a class field."""
        return all(is_py_identifier(f.name) for f in self.fields)

    @property
    def header(self) -> list[str]:
        """The class docstring, then the note as a comment, as lines."""
        note = comment(self.note, "    ")
        doc = docstring(self.description, "    ")
        return [*doc, "", *note] if doc and note else [*doc, *note]

    @property
    def comment(self) -> list[str]:
        """The description and note as comment lines (before a functional TypedDict)."""
        return comment(" ".join(t for t in (self.description, self.note) if t), "")


class AliasDef(Struct, frozen=True):
    """A type alias (`Name: TypeAlias = ...`)."""

    name: str
    type: str
    description: str = ""

    @property
    def doc(self) -> list[str]:
        """The alias docstring lines."""
        return docstring(self.description, "")

    @property
    def lines(self) -> list[str]:
        """`Name: TypeAlias = ...`, a long union spread over lines."""
        one = f"{self.name}: TypeAlias = {self.type}"
        if len(one) <= _WIDTH:
            return [one]
        head, inner, tail = f"{self.name}: TypeAlias = (", self.type, ")"
        if self.type.startswith(("list[", "dict[")) and self.type.endswith("]"):
            head = f"{self.name}: TypeAlias = {self.type[:5]}"
            inner, tail = self.type[5:-1], "]"
        return [head, *(f"    {'| ' if i else ''}{part}" for i, part in enumerate(_top_level(inner))), tail]


def _top_level(union: str) -> list[str]:
    """The members of a union type expression, split at ` | ` outside brackets."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(union):
        depth += char == "["
        depth -= char == "]"
        if depth == 0 and union.startswith(" | ", i):
            parts.append(union[start:i])
            start = i + 3
    return [*parts, union[start:]]


Definition = TypedDictDef | AliasDef
_WIDTH = 100


def docstring(text: str, pad: str) -> list[str]:
    """A docstring as lines ('' text: none); backslashes and triple quotes escaped."""
    text = py_doc(text)
    if not text:
        return []
    if len(pad) + len(text) + 6 <= _WIDTH:
        return [f'{pad}"""{text}"""']
    body = wrap(text, _WIDTH - len(pad))
    return [f'{pad}"""', *(pad + line for line in body), f'{pad}"""']


def comment(text: str, pad: str) -> list[str]:
    """Comment lines (`# ...`), wrapped."""
    text = py_comment(prose(text))
    width = _WIDTH - len(pad) - 2
    return [f"{pad}# {line}" for line in wrap(text, width)]


class PythonTypes:
    """Turns shapes into Python type expressions, declaring a TypedDict for each object on the way."""

    def __init__(self, namer: Namer) -> None:
        self.namer = namer
        self.definitions: list[Definition] = []
        self.used: set[str] = set()

    def type_of(self, shape: Shape, hint: str) -> str:
        """The type expression of `shape`; objects become TypedDicts named after `hint`."""
        if isinstance(shape, Prim):
            text = _PRIMS[shape.kind]
            if text == "Never":
                self.used.add("Never")
            return text
        if isinstance(shape, Lit):
            return self._literal((shape,))
        if isinstance(shape, Arr):
            return f"list[{self.type_of(shape.item, hint + 'Item')}]"
        if isinstance(shape, Obj):
            return self._object(shape, hint)
        return self._union(shape, hint)

    def _literal(self, lits: tuple[Lit, ...]) -> str:
        # Literal takes no floats: a fractional number literal widens to float.
        fractional = [lit for lit in lits if isinstance(lit.value, float) and not lit.value.is_integer()]
        values = [
            int(lit.value) if isinstance(lit.value, float) else lit.value
            for lit in lits
            if lit not in fractional
        ]
        parts = ["float"] if fractional else []
        if values:
            self.used.add("Literal")
            parts.insert(0, f"Literal[{', '.join(repr(v) for v in values)}]")
        return " | ".join(parts)

    def _union(self, shape: Union, hint: str) -> str:
        lits = tuple(m for m in shape.members if isinstance(m, Lit))
        parts = [self._literal(lits)] if lits else []
        others = [m for m in shape.members if not isinstance(m, Lit)]
        objects = sum(isinstance(m, Obj) for m in others)
        n = 0
        for member in others:
            n += isinstance(member, Obj)
            parts.append(self.type_of(member, f"{hint}Option{n}" if objects > 1 else hint))
        return " | ".join(parts)

    def _object(self, shape: Obj, hint: str) -> str:
        extra = shape.extra
        if extra is not None and all(not p.required and p.type == extra for p in shape.props):
            return f"dict[str, {self.type_of(extra, hint + 'Value')}]"
        if not shape.props and extra is None:
            self.used.add("Never")
            return "dict[str, Never]"
        name = self.namer.take(hint)
        fields = tuple(self._field(p, name) for p in shape.props)
        note = ""
        if extra is not None:
            other = self.type_of(extra, name + "Value")
            note = f"Other keys are allowed too ({other}); TypedDict cannot type them."
        self.used.add("TypedDict")
        self.definitions.append(TypedDictDef(name, fields, note=note))
        return name

    def _field(self, prop: Prop, owner: str) -> Field:
        text = self.type_of(prop.type, owner + pascal(prop.name))
        if not prop.required:
            self.used.add("NotRequired")
            text = f"NotRequired[{text}]"
        return Field(prop.name, text, prop.description)


def column_type(types: PythonTypes, table: Table, column: Column) -> str:
    """The Python type of one column's value (without None)."""
    if column.json:
        return types.type_of(column_shape(column).type, pascal(table.name, column.name))
    values = column.closed_enum
    if values is not None:
        return types.type_of(Union(tuple(Lit("string", v) for v in values)), "")
    return _VALUES[value_kind(column.type)]


def build_module(schema: Schema) -> tuple[list[Definition], set[str]]:
    """Every definition of the module, shapes before the rows that use them, and the typing names used."""
    namer = Namer(frozenset({"JsonValue", "TableName", *_TYPING}))
    types = PythonTypes(namer)
    rows: list[Definition] = []
    for table in schema.tables:
        base = pascal(table.name)
        named: dict[str, str] = {}
        for col in table.columns:
            text = column_type(types, table, col)
            if col.json:
                # A JSON column's shape gets a name of its own, as in the Drizzle module.
                alias = pascal(table.name, col.name)
                if text != alias:
                    name = namer.take(alias)
                    types.definitions.append(AliasDef(name, text, _shape_doc(col)))
                    text = name
                else:
                    _describe(types.definitions, alias, _shape_doc(col))
            named[col.name] = text
        rows.append(_row(namer.take(base + "Row"), table, named))
        rows.append(_insert(namer.take(base + "Insert"), table, named, types))
    types.used.update(("TypeAlias", "Literal", "TypedDict"))  # JsonValue, TableName and the rows use them
    return [*types.definitions, *rows], types.used


def _shape_doc(column: Column) -> str:
    return column_shape(column).description


def _describe(definitions: list[Definition], name: str, text: str) -> None:
    for i, d in enumerate(definitions):
        if d.name == name and isinstance(d, TypedDictDef) and not d.description:
            definitions[i] = TypedDictDef(d.name, d.fields, text, d.note)


def _nullable(text: str, table: Table, column: Column) -> str:
    return text if table.not_null(column) else f"{text} | None"


def _row(name: str, table: Table, named: dict[str, str]) -> TypedDictDef:
    fields = tuple(
        Field(c.name, _nullable(named[c.name], table, c), c.docs.description) for c in table.columns
    )
    return TypedDictDef(name, fields, f"A row of `{table.name}` as read (JSON columns parsed).")


def _insert(name: str, table: Table, named: dict[str, str], types: PythonTypes) -> TypedDictDef:
    required = set(required_columns(table))
    fields = []
    for col in table.writable_columns:
        text = _nullable(named[col.name], table, col)
        if col.name not in required:
            types.used.add("NotRequired")
            text = f"NotRequired[{text}]"
        fields.append(Field(col.name, text))  # described on the Row type
    return TypedDictDef(
        name, tuple(fields), f"A row of `{table.name}` to insert (what `validate_row` accepts)."
    )


def _table_names(schema: Schema) -> str:
    names = [repr(t.name) for t in schema.tables]
    inline = ", ".join(names)
    if len(inline) <= _WIDTH - 32:
        return inline
    return "".join(f"\n    {n}," for n in names) + "\n"


def render(schema: Schema, generated: str = "") -> dict[str, str]:
    """The Python row types module (`generated`: its first sentence, see emit/header.py)."""
    definitions, used = build_module(schema)
    text = (
        make_env()
        .get_template("python_rows.py.j2")
        .render(
            schema=schema,
            definitions=definitions,
            typing_names=sorted(used),
            table_names=_table_names(schema),
            generated=(generated or generated_by()).replace("\\", "\\\\").replace('"', '\\"'),
        )
    )
    return {PATH: tidy(text)}
