"""How output looks: colour and progress bars on a terminal; plain text in a pipe or under NO_COLOR.

Plain means no escape codes, no box drawing and no trailing spaces, so what a script or a log reads is
what it would have read from a file. Text from a spec or a database is never read as rich markup: it is
passed as `Text`, never as a markup string.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

RISK_STYLES = {"destructive": "bold red", "data-dependent": "yellow", "rebuild": "cyan", "safe": "green"}
SEVERITY_STYLES = {"error": "bold red", "warning": "yellow"}


def styled(stream: IO[str] | None = None) -> bool:
    """True when `stream` (stdout) is a terminal and colour is not turned off (NO_COLOR, TERM=dumb)."""
    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def console(*, err: bool = False) -> Console:
    """A rich console on stdout (or stderr) that colours only when `styled`."""
    from rich.console import Console

    stream = sys.stderr if err else sys.stdout
    return Console(file=stream, highlight=False, markup=False, emoji=False, no_color=not styled(stream))


def risk_line(line: str) -> Any:
    """A plan line with its `[risk]` tag coloured (a rich Text)."""
    from rich.text import Text

    text = Text(line)
    for risk, style in RISK_STYLES.items():
        tag = f"[{risk}]"
        if line.startswith(tag):
            text.stylize(style, 0, len(tag))
        if line.endswith(f", risk {risk}"):
            text.stylize(style, len(line) - len(risk), len(line))
    for lead, risk in (("needs --allow-destructive", "destructive"), ("would be refused", "data-dependent")):
        if line.startswith(lead + ":"):
            text.stylize(RISK_STYLES[risk], 0, len(lead))
    return text


def print_lines(lines: list[str], *, err: bool = False) -> None:
    """Lines of a plan or push: coloured by risk on a terminal, as they are in a pipe; text from a spec or a
    database shows its control sequences (escape.terminal), never runs them."""
    from generator.emit.escape import terminal

    lines = [terminal(line) for line in lines]
    stream = sys.stderr if err else sys.stdout
    if not styled(stream):
        for line in lines:
            stream.write(line.rstrip() + "\n")
        stream.flush()
        return
    out = console(err=err)
    for line in lines:
        out.print(risk_line(line), soft_wrap=True)


@contextmanager
def progress(
    description: str, unit: str = "rows", *, thread: bool = True
) -> Iterator[Callable[..., None] | None]:
    """A progress bar on stderr with counts, rate and time left (None in a pipe: nothing is drawn).

    The callback takes `(completed, total=None, description=None)`; an unknown total shows the count
    and the rate without a bar end. Without `thread` the bar is redrawn by the callback (at most ten times
    a second) instead of by a thread of its own: the import forks readers only from a process running one
    thread (data/ahead.py).
    """
    if not styled(sys.stderr):
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("eta"),
        TimeRemainingColumn(),
    )
    from rich.markup import escape  # names are data, never markup (a table may be called `[/b]`)

    with Progress(*columns, console=console(err=True), transient=True, auto_refresh=thread) as bar:
        task = bar.add_task(escape(description), total=None, rate="")
        drawn = 0.0

        def update(completed: int, total: int | None = None, description: str | None = None) -> None:
            speed = bar.tasks[0].speed
            rate = f"{speed:,.0f} {unit}/s" if speed else ""
            fields: dict[str, Any] = {"completed": completed, "rate": rate}
            if total is not None:
                fields["total"] = total
            if description is not None:
                fields["description"] = escape(description)
            bar.update(task, **fields)
            nonlocal drawn
            if not thread and time.monotonic() - drawn >= 0.1:
                bar.refresh()
                drawn = time.monotonic()

        yield update
