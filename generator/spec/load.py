"""Read a spec's YAML with the line and column of every key and value (the text: generator/spec/source.py)."""

from __future__ import annotations

from typing import Any

import yaml

from generator.errors import SpecError
from generator.spec.source import MAX_BYTES, Mark, Path_, format_path, read_text

__all__ = ["MAX_BYTES", "Mark", "Marked", "Path_", "format_path", "parse_yaml", "read_text"]

# Limits on what a few bytes may cost: each is one line naming the place, before the expensive work.
MAX_SCALAR = 1024 * 1024  # one string: a description, a query, an example
MAX_DEPTH = 100  # collections inside collections (Code Reels' deepest is 12)
# Nodes built per character of text, plus a little: only aliases make more (a "billion laughs").
NODES_PER_CHAR = 2
_SAFE_COMPOSE = 10_000  # levels libyaml's composer survives with room to spare (it fails near 100,000)


# libyaml's parser when present (about 10x faster); both keep line marks on every node.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """SafeLoader that keeps dates as strings (timestamps are text in this project)."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class Marked:
    """Plain Python data built from YAML nodes, with the line:col of every key and value."""

    def __init__(self, display: str, budget: int = 0) -> None:
        self.display = display
        self.budget = budget or 10**9  # nodes left to build: aliases may not expand past it
        self.value_marks: dict[Path_, Mark] = {}
        self.key_marks: dict[Path_, Mark] = {}
        self.problems: list[tuple[Path_, Mark, str]] = []

    def build(self, node: yaml.Node, loader: _Loader, path: Path_, depth: int = 0) -> Any:
        self.value_marks[path] = _mark(node)
        self.budget -= 1
        if self.budget < 0:
            raise SpecError(
                [self.line(path, "YAML aliases expand to too many values (at most one per character)")]
            )
        if depth > MAX_DEPTH:
            raise SpecError([self.line(path, f"nested more than {MAX_DEPTH} levels deep")])
        if isinstance(node, yaml.ScalarNode) and len(node.value) > MAX_SCALAR:
            size = f"{len(node.value):,} characters"
            raise SpecError([self.line(path, f"a value of {size}: at most {MAX_SCALAR:,} are read")])
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = _scalar(key_node, loader)
                if not isinstance(key, str):
                    key = str(key)
                child = (*path, key)
                if key in out:
                    first = self.key_marks[child]
                    self.problems.append(
                        (child, _mark(key_node), f"duplicate key '{key}' (first defined at line {first[0]})")
                    )
                    continue
                self.key_marks[child] = _mark(key_node)
                out[key] = self.build(value_node, loader, child, depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, loader, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        return _scalar(node, loader)

    def mark_of(self, path: Path_, *, key: bool = False) -> Mark:
        """The mark of the nearest node on `path` (the key's own mark when `key`)."""
        if key and path in self.key_marks:
            return self.key_marks[path]
        probe = path
        while probe:
            if probe in self.value_marks:
                return self.value_marks[probe]
            probe = probe[:-1]
        return self.value_marks.get((), (1, 1))

    def line(self, path: Path_, message: str, *, key: bool = False, severity: str = "") -> str:
        """`file:line:col: [severity: ]path: message`."""
        return self.at(self.mark_of(path, key=key), path, message, severity)

    def at(self, mark: Mark, path: Path_, message: str, severity: str = "") -> str:
        where = f" {format_path(path)}:" if path else ""
        level = f" {severity}:" if severity else ""
        return f"{self.display}:{mark[0]}:{mark[1]}:{level}{where} {message}"


def _scalar(node: yaml.Node, loader: _Loader) -> Any:
    """A node's value; a plain string directly (what SafeConstructor's str constructor returns, without
    its dispatch: most of a spec's nodes are strings), anything else through the loader."""
    if node.tag == _STR and isinstance(node, yaml.ScalarNode):
        return node.value
    return loader.construct_object(node, deep=True)


_STR = "tag:yaml.org,2002:str"


def _mark(node: yaml.Node) -> Mark:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _too_deep(text: str, display: str) -> str:
    """The place where `text` nests past MAX_DEPTH ('' when it does not), found before libyaml composes it
    (its composer recurses in C: 100,000 levels overflow the stack and kill the process)."""
    # Each block level needs a column of indentation or an indicator on its line, each flow level a bracket:
    # a file whose longest line plus its brackets is below _SAFE_COMPOSE cannot nest that deep (every spec:
    # Code Reels' comes to 800), so libyaml composes it safely and Marked.build holds MAX_DEPTH.
    longest = max((len(line) for line in text.splitlines()), default=0)
    if longest + text.count("[") + text.count("{") + 1 <= _SAFE_COMPOSE:
        return ""
    depth = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        kind = type(event)
        if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
                return f"{display}:{line}:{col}: nested more than {MAX_DEPTH} levels deep"
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            depth -= 1
    return ""


def parse_yaml(text: str, display: str) -> tuple[Marked, Any]:
    marked = Marked(display, NODES_PER_CHAR * len(text) + 10_000)
    loader = _Loader(text)
    try:
        deep = _too_deep(text, display)
        if deep:
            raise SpecError([deep])
        node = loader.get_single_node()
        if node is None:
            raise SpecError([f"{display}:1:1: the spec is empty; it needs at least `version` and `tables`"])
        data = marked.build(node, loader, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark and exc.problem_mark:
            ctx = exc.context_mark
            problem += f" ({exc.context} at {ctx.line + 1}:{ctx.column + 1})"
        if mark is not None and text[mark.index : mark.index + 1] == "\t":
            problem = "tab character: indent with spaces"
        raise SpecError([f"{display}:{line}:{col}: YAML syntax error: {problem}"]) from None
    except yaml.YAMLError as exc:
        raise SpecError([f"{display}:1:1: YAML error: {exc}"]) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise SpecError([marked.line((), "the spec must be a mapping with `version` and `tables`")])
    return marked, data
