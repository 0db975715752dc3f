"""Review a spec change (git revisions or files): what changes, how push classes it, what could break.

This module reads the two sides (a file, or the spec at a git revision) and builds the `Review`;
generator.emit.review renders it (Markdown for people and PR comments, JSON for machines).

Every class shown comes from `plan.plan_migration`, the planner push runs, so the two cannot disagree: the
verdict and exit code come from the plan of base -> head, and each listed change is classed by planning
that change alone on top of base.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct
from msgspec.structs import replace

from generator.config import DEFAULT_SPEC
from generator.errors import SchemagenError, SpecError
from generator.migrate.compat import Compat, compat_changes
from generator.migrate.plan import Plan, Risk, plan_migration
from generator.migrate.renames import resolve_renames
from generator.migrate.units import Change, units
from generator.model import Schema
from generator.spec import load_spec
from generator.spec.source import read_text

if TYPE_CHECKING:
    from generator.lint import LintReport, Severity

# Worst last: the verdict and the exit code follow the worst class.
RISK_ORDER: tuple[Risk, ...] = tuple(Risk)  # Risk is declared in increasing severity
BLOCKING = frozenset({Risk.DATA, Risk.DESTRUCTIVE})


# ---------------------------------------------------------------- reading a side (revision or file)


def load_side(ref: str | None, spec_path: str, cwd: Path | None = None) -> tuple[str, Schema]:
    """(label, schema) of one side: an existing file path wins, else a git revision; None = working tree."""
    label, display, text = read_side(ref, spec_path, cwd)
    return label, load_spec(display, text=text, display=display)


def read_side(ref: str | None, spec_path: str, cwd: Path | None = None) -> tuple[str, str, str]:
    """(label, display, text) of one side's spec: an existing file path wins, else a git revision; None =
    the working tree's file."""
    cwd = cwd or Path.cwd()
    if ref is None:
        return spec_path, spec_path, read_text(cwd / spec_path, spec_path)
    if (cwd / ref).is_file():
        return ref, ref, read_text(cwd / ref, ref)
    sha = _resolve_revision(ref, cwd)
    if sha is None:
        inside = _git(["rev-parse", "--is-inside-work-tree"], cwd)
        if inside.returncode != 0:
            raise SchemagenError(
                f"'{ref}' is not a file, and {cwd} is not in a git repository, so it is not a revision either"
            )
        raise SchemagenError(f"unknown revision or file '{ref}'")
    display = f"{ref}:{spec_path}"
    # `./` makes git read the path relative to cwd, as the user (and --spec-path) means it.
    show = _git(
        ["show", f"{sha}:./{spec_path}" if not Path(spec_path).is_absolute() else f"{sha}:{spec_path}"], cwd
    )
    if show.returncode != 0:
        raise SchemagenError(f"{display}: no such file at revision '{ref}'")
    try:
        text = show.stdout.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = show.stdout[: exc.start]
        line, col = before.count(b"\n") + 1, exc.start - (before.rfind(b"\n") + 1) + 1
        raise SpecError([f"{display}:{line}:{col}: not valid UTF-8; save the file as UTF-8"]) from None
    return ref, display, text


def _resolve_revision(ref: str, cwd: Path) -> str | None:
    if not ref or ref.startswith("-"):  # never let a revision be read as a git option
        return None
    found = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd)
    return found.stdout.decode().strip() if found.returncode == 0 else None


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False, timeout=60)
    except FileNotFoundError:
        raise SchemagenError("git is not installed: pass spec file paths instead of revisions") from None


# ---------------------------------------------------------------- the report's data


class Review(Struct, frozen=True):
    """Everything the report shows, in display order."""

    base: str
    head: str
    changes: tuple[Change, ...]
    compat: tuple[Compat, ...]
    plan: Plan
    verdict: str
    renamed_base: Schema  # base with the declared renames applied: what the diagram draws removals against
    head_schema: Schema
    lint: LintReport | None = None  # the lint findings about the changed tables (and the change itself)

    @property
    def exit_code(self) -> int:
        """1 when the plan has a destructive or data-dependent step (data may be lost or refused), else 0."""
        return 1 if not self.plan.is_empty and self.plan.risk in BLOCKING else 0

    def tables(self) -> tuple[str, ...]:
        """Tables with changes, in order of first appearance."""
        return tuple(dict.fromkeys(c.table for c in self.changes))


def review_refs(
    base: str,
    head: str | None,
    spec_path: str = str(DEFAULT_SPEC),
    cwd: Path | None = None,
    *,
    lint_levels: dict[str, Severity] | None = None,
) -> Review:
    """Load both sides (revisions or files) and review the change, with the lint findings about the tables
    it changes (severities from `lint_levels`, the configuration's)."""
    from generator.lint import lint_schema
    from generator.model import fold
    from generator.spec.load import parse_yaml

    base_label, base_schema = load_side(base, spec_path, cwd)
    head_label, display, text = read_side(head, spec_path, cwd)
    head_schema = load_spec(display, text=text, display=display)
    if head is None:
        head_label = "working tree"
    review = review_schemas(base_schema, head_schema, base_label, head_label)
    marked, data = parse_yaml(text, display)
    changed = frozenset(fold(t) for t in review.tables())
    found = lint_schema(head_schema, data, marked, base=base_schema, levels=lint_levels, only=changed)
    return replace(review, lint=found)


def review_schemas(base: Schema, head: Schema, base_label: str = "base", head_label: str = "head") -> Review:
    """Diff two schemas, class each change with the planner, and check JSON/enum compatibility."""
    plan = plan_migration(base, head)
    changes = tuple(_classed(base, head))
    compat = tuple(compat_changes(base, head))
    return Review(
        base=base_label,
        head=head_label,
        changes=changes,
        compat=compat,
        plan=plan,
        verdict=_verdict(plan, changes),
        renamed_base=resolve_renames(base, head).live,
        head_schema=head,
    )


# ---------------------------------------------------------------- diff, one unit at a time


def _classed(base: Schema, head: Schema) -> Iterator[Change]:
    """Each change with the class the planner gives it when applied alone to base."""
    for change, before, after in units(base, head):
        alone = plan_migration(before, after)
        yield replace(change, risk=None if alone.is_empty else alone.risk)


def _verdict(plan: Plan, changes: tuple[Change, ...]) -> str:
    if plan.is_empty:
        return "✅ no database changes" + (
            f" ({_count(len(changes), 'app-level change')})" if changes else ""
        )
    counts = {risk: sum(1 for c in changes if c.risk == risk) for risk in RISK_ORDER}
    # The planner decides; if changes interact so the whole plan is worse than any one of them, count steps.
    if plan.risk not in {c.risk for c in changes}:
        counts = {risk: sum(1 for s in plan.steps if s.risk == risk) for risk in RISK_ORDER}
    if plan.risk in BLOCKING:
        parts = [_count(counts[r], f"{r.value} change") for r in (Risk.DESTRUCTIVE, Risk.DATA) if counts[r]]
        return f"⚠️ {', '.join(parts)}: review before merging"
    if plan.risk == Risk.REBUILD:
        tables = len({s.table for s in plan.steps if s.risk == Risk.REBUILD})
        rebuilt = _count(counts[Risk.REBUILD], "change")
        return f"✅ safe with a rebuild: {rebuilt}, {_count(tables, 'table')} rebuilt (rows are copied)"
    return f"✅ safe: {_count(counts[Risk.SAFE], 'additive change')}"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
