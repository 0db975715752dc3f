"""YAML text as a person writes it: block structure, short things on one line, comments above keys.

PyYAML's own emitter writes every scalar and every one-line (flow) collection, so quoting is always its
decision and everything loads back identically; this module only decides the layout: which collections
stay on one line (those that fit in WIDTH and hold no multi-line text), where comments go, the indentation.
The pure-Python dumper is used (never libyaml's), so the bytes do not depend on how PyYAML was built.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import yaml

from generator.emit.escape import prose

Path_ = tuple[str | int, ...]
Comments = Mapping[Path_, Sequence[str]]

WIDTH = 110  # the longest line a collection is kept on
_UNLIMITED = 10**9  # PyYAML never folds a scalar across lines
_PLACEHOLDER = "schemagen-placeholder-value"

# Spec paths always written as blocks ("*" is any name): the document's skeleton, one thing per line.
_BLOCK = (
    (),
    ("tables",),
    ("tables", "*"),
    ("tables", "*", "columns"),
    ("tables", "*", "indexes"),
    ("views",),
    ("views", "*"),
    ("triggers",),
    ("triggers", "*"),
    ("virtual_tables",),
    ("functions",),
    ("collations",),
    ("categories",),
    ("queries",),
    ("data_flow",),
    ("data_flow", "actors"),
    ("data_flow", "flows"),
)


# Entries with a blank line before them (but the first of their mapping), as a hand-written spec has.
_SPACED: tuple[Path_, ...] = (("tables", "*"), ("views", "*"), ("triggers", "*"), ("views",), ("triggers",))
_SPACED += (("virtual_tables",), ("functions",), ("collations",), ("data_flow",), ("queries",))


class _Dumper(yaml.SafeDumper):
    """SafeDumper that indents list items under their key and writes multi-line text as `|` blocks."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def choose_scalar_style(self) -> str:
        style: str = super().choose_scalar_style()
        if style == "'" and "'" in getattr(self.event, "value", ""):
            return '"'  # SQL reads better as "x IN ('a')" than as 'x IN (''a'')'
        return style


class _FlowMap(dict[Any, Any]):
    """A mapping written on one line."""


class _FlowList(list[Any]):
    """A list written on one line."""


class _Folded(str):
    """Long text written as a folded block (`>-`), wrapped at WIDTH."""

    __slots__ = ()


def _represent_folded(dumper: yaml.SafeDumper, text: _Folded) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(text), style=">")


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None)


def _represent_flow_map(dumper: yaml.SafeDumper, data: _FlowMap) -> yaml.MappingNode:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)


def _represent_flow_list(dumper: yaml.SafeDumper, data: _FlowList) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Folded, _represent_folded)
_Dumper.add_representer(_FlowMap, _represent_flow_map)
_Dumper.add_representer(_FlowList, _represent_flow_list)


def _emit(data: Any, width: int = _UNLIMITED) -> str:
    text: str = yaml.dump(
        data, Dumper=_Dumper, default_flow_style=False, sort_keys=False, allow_unicode=True, width=width
    )
    # After a block scalar that keeps its trailing line breaks (`|+`) PyYAML ends the document (`...`): a
    # fragment spliced into a larger document must not end it there.
    return text.removesuffix("...\n")


def _scalar(wrap: Callable[[Any], Any], value: Any, indent: int) -> list[str]:
    """`key: value` or `- value` (as `wrap` makes it); long one-line text folded at about WIDTH when it
    reads back exactly the same."""
    lines = _indented(_emit(wrap(value)), indent)
    if isinstance(value, str) and "\n" not in value and len(lines) == 1 and len(lines[0]) > WIDTH:
        text = _emit(wrap(_Folded(value)), width=max(WIDTH - indent - 16, 40))
        if yaml.safe_load(text) == wrap(value):
            return _indented(text, indent)
    return lines


def write_yaml(data: Mapping[str, Any], *, comments: Comments, header: Sequence[str] = ()) -> str:
    """`data` as YAML text: `comments` above the keys at their paths, `header` lines on top."""
    lines = [line for text in header for line in _comments(text, 0)]
    _Writer(comments, lines).children(data, 0, ())
    return "\n".join(lines) + "\n"


def _comments(text: str, indent: int) -> list[str]:
    """`# text` lines at `indent`, wrapped at WIDTH."""
    pad = " " * indent + "#"
    # prose(): one line, and no character YAML refuses even in a comment (a control character from the data).
    lines = textwrap.wrap(prose(text), width=max(WIDTH - indent - 2, 40), break_long_words=False)
    return [f"{pad} {line}" for line in lines] or [pad]


def _indented(text: str, indent: int) -> list[str]:
    pad = " " * indent
    return [pad + line if line.strip() else "" for line in text.rstrip("\n").split("\n")]


def _matches(path: Path_, patterns: tuple[Path_, ...]) -> bool:
    return any(
        len(pattern) == len(path) and all(p in ("*", part) for p, part in zip(pattern, path, strict=True))
        for pattern in patterns
    )


def _multiline(value: Any) -> bool:
    if isinstance(value, str):
        return "\n" in value
    if isinstance(value, Mapping):
        return any(_multiline(k) or _multiline(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_multiline(v) for v in value)
    return False


def _flow(value: Any) -> Any:
    return _FlowMap(value) if isinstance(value, Mapping) else _FlowList(value)


class _Writer:
    """Appends the lines of one document."""

    def __init__(self, comments: Comments, lines: list[str]) -> None:
        self.comments = comments
        self.lines = lines

    def entry(self, key: Any, value: Any, indent: int, path: Path_) -> None:
        """`key: value` at `indent`, with its comments above it."""
        self.lines += [line for text in self.comments.get(path, ()) for line in _comments(text, indent)]
        if not isinstance(value, Mapping | list) or not value:
            self.lines += _scalar(lambda v: {key: v}, value, indent)
            return
        if not _matches(path, _BLOCK) and not _multiline(value):
            one = _indented(_emit({key: _flow(value)}), indent)
            if len(one) == 1 and len(one[0]) <= WIDTH:
                self.lines += one
                return
        head = _emit({key: _PLACEHOLDER})
        self.lines += _indented(head[: head.rindex(_PLACEHOLDER)].rstrip(), indent)
        self.children(value, indent + 2, path)

    def children(self, value: Any, indent: int, path: Path_) -> None:
        if isinstance(value, Mapping):
            for i, (key, child) in enumerate(value.items()):
                if i and _matches((*path, key), _SPACED):
                    self.lines.append("")
                self.entry(key, child, indent, (*path, key))
        else:
            for i, item in enumerate(value):
                self.item(item, indent, (*path, i))

    def item(self, value: Any, indent: int, path: Path_) -> None:
        """`- value` at `indent`."""
        if not isinstance(value, Mapping | list) or not value:
            self.lines += _scalar(lambda v: [v], value, indent)
            return
        if not _matches(path, _BLOCK) and not _multiline(value):
            one = _indented(_emit([_flow(value)]), indent)
            if len(one) == 1 and len(one[0]) <= WIDTH:
                self.lines += one
                return
        start = len(self.lines)
        self.children(value, indent + 2, path)
        first = self.lines[start]
        self.lines[start] = " " * indent + "- " + first[indent + 2 :]
