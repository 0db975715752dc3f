"""docs, schema-path and completion: what schemagen ships about itself (no spec, no database)."""

from __future__ import annotations

import sys

from generator.cli.shell import Context, echo, fail

REFERENCE_PACKAGE = "generator.reference"  # spec/FORMAT.md, shipped in the wheel (pyproject.toml)
TOPICS = {"format": "FORMAT.md"}


def reference_text(topic: str) -> str:
    """The text of a reference shipped in the package (`format`: the spec format)."""
    from importlib.resources import files

    return (files(REFERENCE_PACKAGE) / TOPICS[topic]).read_text(encoding="utf-8")


def docs(ctx: Context, *, topic: str) -> int:
    """Print a reference shipped with schemagen."""
    try:
        text = reference_text(topic)
    except (FileNotFoundError, ModuleNotFoundError):
        raise fail(f"schemagen: the {topic} reference is not in this installation") from None
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0


def schema_path(ctx: Context, *, uri: bool) -> int:
    """Print where the spec format's JSON Schema is (a path, or a file: URI with --uri)."""
    from generator.spec.check import schema_file

    path = schema_file()
    echo(path.as_uri() if uri else str(path))
    return 0


def completion(ctx: Context, *, shell: str) -> int:
    """Print the completion script of `shell` (argcomplete's, for the `schemagen` command)."""
    from argcomplete.shell_integration import shellcode

    sys.stdout.write(shellcode(["schemagen"], shell=shell))
    return 0
