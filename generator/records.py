"""What the records (msgspec Structs) need beyond msgspec: a repr that leaves secrets out.

Every record type is a `msgspec.Struct` (frozen where it is a value: the model, plans, reports). msgspec
has no per-field `repr=False` or `compare=False`: a record holding a secret defines `__repr__` with
`repr_without`, and a record some of whose fields are notes compares and hashes with `compared_on`
(docs/dependencies.md says why Structs and not dataclasses).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from msgspec import Struct
from msgspec.structs import fields


def repr_without(record: Struct, *hidden: str) -> str:
    """`Name(field=value, ...)` as msgspec writes it, without the fields named in `hidden` (never shown)."""
    shown = ", ".join(f"{f.name}={getattr(record, f.name)!r}" for f in fields(record) if f.name not in hidden)
    return f"{type(record).__name__}({shown})"


def compared_on(*names: str) -> tuple[Callable[[Any, object], Any], Callable[[Any], int]]:
    """`__eq__` and `__hash__` over the named fields alone, for a record whose other fields are notes:

    __eq__, __hash__ = compared_on("kind")
    """

    def eq(self: Any, other: object) -> Any:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in names)

    def hash_(self: Any) -> int:
        return hash((type(self).__qualname__, *(getattr(self, name) for name in names)))

    return eq, hash_
