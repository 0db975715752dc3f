"""What the records (msgspec Structs) need beyond msgspec: a repr that leaves secrets out.

Every record type is a `msgspec.Struct` (frozen where it is a value: the model, plans, reports). msgspec
has no per-field `repr=False`, so a record holding a secret defines `__repr__` with `repr_without`
(docs/dependencies.md says why Structs and not dataclasses).
"""

from __future__ import annotations

from msgspec import Struct
from msgspec.structs import fields


def repr_without(record: Struct, *hidden: str) -> str:
    """`Name(field=value, ...)` as msgspec writes it, without the fields named in `hidden` (never shown)."""
    shown = ", ".join(f"{f.name}={getattr(record, f.name)!r}" for f in fields(record) if f.name not in hidden)
    return f"{type(record).__name__}({shown})"
