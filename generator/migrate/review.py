"""Review a spec change (git revisions or files): what changes, how push classes it, what could break.

Every class shown comes from `plan.plan_migration`, the planner push runs, so the two cannot disagree: the
verdict and exit code come from the plan of base -> head, and each listed change is classed by planning
that change alone on top of base.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.config import DEFAULT_SPEC
from generator.emit.docs import md_code
from generator.emit.erd import er_diagram, neighbours
from generator.errors import SchemagenError, SpecError
from generator.migrate.compat import Compat, compat_changes
from generator.migrate.plan import Plan, Risk, plan_migration
from generator.model import Column, Index, Schema, Table
from generator.spec import load_spec
from generator.sqlite.ddl import sql_literal

# Worst last: the verdict and the exit code follow the worst class.
RISK_ORDER: tuple[Risk, ...] = tuple(Risk)  # Risk is declared in increasing severity
BLOCKING = frozenset({Risk.DATA, Risk.DESTRUCTIVE})
NONE = "—"
CELL_LIMIT = 80
BADGES: dict[Risk | None, str] = {
    None: "no SQL",
    Risk.SAFE: "✅ safe",
    Risk.REBUILD: "🔁 rebuild",
    Risk.DATA: "⚠️ data-dependent",
    Risk.DESTRUCTIVE: "🛑 destructive",
}


# ---------------------------------------------------------------- reading a side (revision or file)


def load_side(ref: str | None, spec_path: str, cwd: Path | None = None) -> tuple[str, Schema]:
    """(label, schema) of one side: an existing file path wins, else a git revision; None = working tree."""
    cwd = cwd or Path.cwd()
    if ref is None:
        return spec_path, load_spec(cwd / spec_path, display=spec_path)
    if (cwd / ref).is_file():
        return ref, load_spec(cwd / ref, display=ref)
    sha = _resolve_revision(ref, cwd)
    if sha is None:
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
    return ref, load_spec(spec_path, text=text, display=display)


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


@dataclass(frozen=True, slots=True)
class Detail:
    """One attribute that differs: its name, the value before and after."""

    attribute: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class Change:
    """One table, column or index that is added, removed or changed; `risk` is None when no SQL is needed."""

    table: str
    subject: str  # table | column | index | foreign key
    name: str
    action: str  # added | removed | changed
    details: tuple[Detail, ...]
    risk: Risk | None


@dataclass(frozen=True, slots=True)
class Review:
    """Everything the report shows, in display order."""

    base: str
    head: str
    changes: tuple[Change, ...]
    compat: tuple[Compat, ...]
    plan: Plan
    diagram: str
    verdict: str

    @property
    def exit_code(self) -> int:
        """1 when the plan has a destructive or data-dependent step (data may be lost or refused), else 0."""
        return 1 if not self.plan.is_empty and self.plan.risk in BLOCKING else 0

    def tables(self) -> tuple[str, ...]:
        """Tables with changes, in order of first appearance."""
        return tuple(dict.fromkeys(c.table for c in self.changes))


def review_refs(
    base: str, head: str | None, spec_path: str = str(DEFAULT_SPEC), cwd: Path | None = None
) -> Review:
    """Load both sides (revisions or files) and review the change."""
    base_label, base_schema = load_side(base, spec_path, cwd)
    head_label, head_schema = load_side(head, spec_path, cwd)
    if head is None:
        head_label = "working tree"
    return review_schemas(base_schema, head_schema, base_label, head_label)


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
        diagram=_diagram(base, head, changes),
        verdict=_verdict(plan, changes),
    )


# ---------------------------------------------------------------- diff, one unit at a time


def _classed(base: Schema, head: Schema) -> Iterator[Change]:
    """Each change with the class the planner gives it when applied alone to base."""
    for change, variant in _units(base, head):
        alone = plan_migration(base, variant)
        risk = None if alone.is_empty else alone.risk
        if change.details:  # a column whose only change is its foreign key is listed under that key
            yield dataclasses.replace(change, risk=risk)
        if change.subject == "column":
            yield from _fk_change(base, head, change, risk)


def _units(base: Schema, head: Schema) -> Iterator[tuple[Change, Schema]]:
    """(change, base with just that change applied) for every table, column and index difference."""
    for table in head.tables:
        if not base.has_table(table.name):
            yield (
                Change(table.name, "table", table.name, "added", _table_summary(table, True), None),
                _with_table(base, table),
            )
    for table in base.tables:
        if not head.has_table(table.name):
            yield (
                Change(table.name, "table", table.name, "removed", _table_summary(table, False), None),
                _without_table(base, table.name),
            )
            continue
        new = head.table(table.name)
        for col in new.columns:
            if not table.has_column(col.name):
                details = tuple(Detail(a, NONE, v) for a, v in _new_column_facts(col))
                variant = _with_columns(base, table, new, keep=(*[c.name for c in table.columns], col.name))
                yield Change(table.name, "column", col.name, "added", details, None), variant
        for col in table.columns:
            if not new.has_column(col.name):
                details = tuple(Detail(a, v, NONE) for a, v in _new_column_facts(col))
                kept = tuple(c.name for c in table.columns if c.name != col.name)
                yield (
                    Change(table.name, "column", col.name, "removed", details, None),
                    _with_columns(base, table, table, keep=kept),
                )
                continue
            after = new.column(col.name)
            details = tuple(
                Detail(a, b, c)
                for (a, b), (_a, c) in zip(_column_facts(col), _column_facts(after), strict=True)
                if b != c
            )
            if details or _fk_text(col) != _fk_text(after):
                replaced = tuple(after if c.name == col.name else c for c in table.columns)
                variant = _replace_table(base, dataclasses.replace(table, columns=replaced))
                yield Change(table.name, "column", col.name, "changed", details, None), variant
        yield from _index_units(base, table, new)


def _index_units(base: Schema, old: Table, new: Table) -> Iterator[tuple[Change, Schema]]:
    before = {ix.name: ix for ix in old.indexes}
    after = {ix.name: ix for ix in new.indexes}
    for name in sorted(before.keys() | after.keys()):
        b, a = before.get(name), after.get(name)
        if b == a:
            continue
        indexes = tuple(
            sorted((ix for ix in (*[i for i in old.indexes if i.name != name], a) if ix), key=_ix_name)
        )
        variant = _replace_table(base, dataclasses.replace(old, indexes=indexes))
        action = "added" if b is None else "removed" if a is None else "changed"
        detail = Detail("index", _index_text(b), _index_text(a))
        yield Change(old.name, "index", name, action, (detail,), None), variant


def _fk_change(base: Schema, head: Schema, change: Change, risk: Risk | None) -> Iterator[Change]:
    """A foreign key change is listed on its own too, with the class of its column's change."""
    old = base.table(change.table).column(change.name) if change.action != "added" else None
    new = head.table(change.table).column(change.name) if change.action != "removed" else None
    b, a = _fk_text(old), _fk_text(new)
    if b != a:
        action = "added" if b == NONE else "removed" if a == NONE else "changed"
        yield Change(change.table, "foreign key", change.name, action, (Detail("references", b, a),), risk)


def _ix_name(ix: Index) -> str:
    return ix.name


def _with_table(schema: Schema, table: Table) -> Schema:
    return dataclasses.replace(schema, tables=(*schema.tables, table))


def _without_table(schema: Schema, name: str) -> Schema:
    return dataclasses.replace(schema, tables=tuple(t for t in schema.tables if t.name != name))


def _replace_table(schema: Schema, table: Table) -> Schema:
    return dataclasses.replace(
        schema, tables=tuple(table if t.name == table.name else t for t in schema.tables)
    )


def _with_columns(schema: Schema, old: Table, source: Table, keep: tuple[str, ...]) -> Schema:
    """Old's table with exactly the columns `keep` (old's definitions, new ones from `source`), head order."""
    order = [c for c in source.columns if c.name in keep] + [
        c for c in old.columns if c.name in keep and not source.has_column(c.name)
    ]
    columns = tuple(old.column(c.name) if old.has_column(c.name) else c for c in order)
    return _replace_table(schema, dataclasses.replace(old, columns=columns))


# ---------------------------------------------------------------- how things are shown


def _column_facts(col: Column) -> tuple[tuple[str, str], ...]:
    """The reviewable attributes of a column, as text (docs-only ones like descriptions are left out)."""
    return (
        ("type", col.type),
        ("NOT NULL", "yes" if col.effective_not_null else "no"),
        ("default", sql_literal(col.default) if col.default is not None else NONE),
        ("app default", col.app_default or NONE),
        ("key", _key_text(col)),
        ("enum", _enum_text(col)),
        ("range", _range_text(col)),
        ("JSON shape", col.json_schema or NONE),
        ("property", col.prop),
    )


def _new_column_facts(col: Column) -> Iterator[tuple[str, str]]:
    """The facts worth listing for a whole added or removed column (defaults like `NOT NULL: no` left out)."""
    for attribute, value in _column_facts(col):
        if value != NONE and (attribute, value) != ("NOT NULL", "no") and attribute != "property":
            yield attribute, value


def _key_text(col: Column) -> str:
    parts = ["PRIMARY KEY"] if col.primary_key else []
    parts += ["AUTOINCREMENT"] if col.autoincrement else []
    parts += ["UNIQUE"] if col.unique else []
    return " ".join(parts) or NONE


def _enum_text(col: Column) -> str:
    if col.enum is None:
        return NONE
    return f"{'open' if col.enum.open else 'closed'}: {', '.join(col.enum.values)}"


def _range_text(col: Column) -> str:
    if col.minimum is None and col.maximum is None:
        return NONE
    low = "" if col.minimum is None else str(col.minimum)
    high = "" if col.maximum is None else str(col.maximum)
    return f"{low}..{high}"


def _fk_text(col: Column | None) -> str:
    if col is None or col.references is None:
        return NONE
    fk = col.references
    return f"{fk.table}.{fk.column} (on delete {fk.on_delete}, on update {fk.on_update})"


def _index_text(ix: Index | None) -> str:
    if ix is None:
        return NONE
    return f"{'unique ' if ix.unique else ''}({', '.join(ix.columns)})"


def _table_summary(table: Table, added: bool) -> tuple[Detail, ...]:
    cols = ", ".join(c.name for c in table.columns)
    return (Detail("columns", NONE, cols) if added else Detail("columns", cols, NONE),)


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


def _diagram(base: Schema, head: Schema, changes: tuple[Change, ...]) -> str:
    """The changed tables and their FK neighbours, drawn on head plus what was removed (marked so)."""
    if not changes:
        return ""
    union = _union(base, head)
    marks: dict[str, str] = {}
    for c in changes:
        if c.subject == "table":
            marks[c.table] = c.action
            continue
        marks.setdefault(c.table, "changed")
        if c.subject == "column":
            marks[f"{c.table}.{c.name}"] = c.action
        elif c.subject == "foreign key":
            marks.setdefault(f"{c.table}.{c.name}", "changed")
    return er_diagram(union, tables=neighbours(union, dict.fromkeys(c.table for c in changes)), marks=marks)


def _union(base: Schema, head: Schema) -> Schema:
    """Head with base's removed tables and columns put back, so the diagram can show them as removed."""
    tables = []
    for table in head.tables:
        if base.has_table(table.name):
            gone = tuple(c for c in base.table(table.name).columns if not table.has_column(c.name))
            table = dataclasses.replace(table, columns=table.columns + gone)
        tables.append(table)
    tables += [t for t in base.tables if not head.has_table(t.name)]
    return dataclasses.replace(head, tables=tuple(tables))


# ---------------------------------------------------------------- output


def _json_value(text: str) -> str | None:
    return None if text == NONE else text


def review_json(review: Review) -> str:
    """The report for machines: stable key order, one trailing newline."""
    data = {
        "base": review.base,
        "head": review.head,
        "verdict": review.verdict,
        "risk": None if review.plan.is_empty else str(review.plan.risk),
        "exit_code": review.exit_code,
        "changes": [
            {
                "table": c.table,
                "subject": c.subject,
                "name": c.name,
                "action": c.action,
                "risk": None if c.risk is None else str(c.risk),
                "details": [
                    {"attribute": d.attribute, "before": _json_value(d.before), "after": _json_value(d.after)}
                    for d in c.details
                ],
            }
            for c in review.changes
        ],
        "compatibility": [dataclasses.asdict(c) for c in review.compat],
        "steps": [
            {
                "kind": s.kind,
                "table": s.table,
                "risk": str(s.risk),
                "summary": s.summary,
                "sql": list(s.sql),
                "checks": [c.description for c in s.checks],
            }
            for s in review.plan.steps
        ],
        "sql": list(review.plan.statements()),
        "diagram": review.diagram,
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _cell(detail: Detail, text: str) -> str:
    """A before/after value in a table cell: code, cut short (long JSON shapes are diffed below the table)."""
    if text == NONE:
        return NONE
    if len(text) <= CELL_LIMIT:
        return md_code(text)
    if detail.attribute == "JSON shape" and NONE not in (detail.before, detail.after):
        return "see the JSON shape diff"
    return md_code(text[: CELL_LIMIT - 1] + "…")


def review_markdown(review: Review) -> str:
    """The report for people (and the PR comment), laid out by templates/review.md.j2."""
    from generator.emit.render import _tidy, make_env

    by_table = {t: tuple(c for c in review.changes if c.table == t) for t in review.tables()}
    compat = {(c.table, c.column): c for c in review.compat}
    text = (
        make_env()
        .get_template("review.md.j2")
        .render(
            review=review,
            by_table=by_table,
            compat=compat,
            sql=review.plan.statements(),
            cell=_cell,
            badges=BADGES,
        )
    )
    return _tidy(text)
