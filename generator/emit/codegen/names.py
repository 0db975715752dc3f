"""Names in generated code: PascalCase type names, safe identifiers and keys, and unique names per module."""

from __future__ import annotations

import keyword
import re

from generator.emit.escape import ts_string

# ECMAScript reserved words (strict mode and modules) and the globals a declaration must not shadow.
TS_RESERVED = frozenset(
    {
        "await",
        "break",
        "case",
        "catch",
        "class",
        "const",
        "continue",
        "debugger",
        "default",
        "delete",
        "do",
        "else",
        "enum",
        "export",
        "extends",
        "false",
        "finally",
        "for",
        "function",
        "if",
        "implements",
        "import",
        "in",
        "instanceof",
        "interface",
        "let",
        "new",
        "null",
        "package",
        "private",
        "protected",
        "public",
        "return",
        "static",
        "super",
        "switch",
        "this",
        "throw",
        "true",
        "try",
        "typeof",
        "var",
        "void",
        "while",
        "with",
        "yield",
        "arguments",
        "eval",
        "undefined",
        "NaN",
        "Infinity",
        "Object",
        "Array",
        "String",
        "Number",
        "Boolean",
        "Date",
        "JSON",
        "Math",
        "Symbol",
        "Promise",
        "Error",
        "crypto",
    }
)
_TS_IDENT = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
_WORDS = re.compile(r"[A-Za-z0-9]+")


def pascal(*parts: str) -> str:
    """`("question_history", "changed_fields")` -> `QuestionHistoryChangedFields` (a type name)."""
    words = [w for part in parts for w in _WORDS.findall(part)]
    name = "".join(w[:1].upper() + w[1:] for w in words) or "Type"
    return "T" + name if name[0].isdigit() else name


def is_ts_identifier(name: str) -> bool:
    """True for a name that may be declared as a TypeScript variable."""
    return bool(_TS_IDENT.match(name)) and name not in TS_RESERVED


def ts_identifier(name: str) -> str:
    """A declarable TypeScript name close to `name`."""
    text = re.sub(r"[^A-Za-z0-9_$]", "_", name) or "_"
    if text[0].isdigit():
        text = "_" + text
    return text + "_" if text in TS_RESERVED else text


def ts_key(name: str) -> str:
    """An object key as written in TypeScript: bare when it is an identifier name, else a string."""
    return name if _TS_IDENT.match(name) else ts_string(name)


def ts_member(obj: str, name: str) -> str:
    """`obj.name`, or `obj["name"]` when the key is not an identifier name."""
    return f"{obj}.{name}" if _TS_IDENT.match(name) else f"{obj}[{ts_string(name)}]"


def is_py_identifier(name: str) -> bool:
    """True for a name Python accepts as an attribute or class field."""
    return name.isidentifier() and not keyword.iskeyword(name) and name.isascii()


class Namer:
    """Hands out unique names in one module: the first asker gets `base`, later ones `base2`, `base3`, ..."""

    def __init__(self, taken: frozenset[str] = frozenset()) -> None:
        self._taken = set(taken)

    def take(self, base: str) -> str:
        """A name not handed out before, `base` when free."""
        name, n = base, 1
        while name in self._taken:
            n += 1
            name = f"{base}{n}"
        self._taken.add(name)
        return name
