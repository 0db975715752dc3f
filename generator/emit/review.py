"""The review report, rendered: Markdown (laid out by templates/review.md.j2) and JSON, with the ER
diagram of the changed tables. The review itself (what changed, how push classes it) is built by
generator.migrate.review; nothing here plans, reads files or runs git."""

from __future__ import annotations

import json

from msgspec.structs import asdict, replace

from generator.emit.docs import md_code
from generator.emit.erd import er_diagram, neighbours
from generator.emit.lint import finding_dict
from generator.lint import Placed, Severity
from generator.migrate.review import Review
from generator.migrate.steps import Risk
from generator.migrate.units import NONE, Change, Detail
from generator.model import Schema
from generator.spec.source import format_path

CELL_LIMIT = 80
BADGES: dict[Risk | None, str] = {
    None: "no SQL",
    Risk.SAFE: "✅ safe",
    Risk.REBUILD: "🔁 rebuild",
    Risk.DATA: "⚠️ data-dependent",
    Risk.DESTRUCTIVE: "🛑 destructive",
}


def review_diagram(review: Review) -> str:
    """The changed tables and their foreign-key neighbours (Mermaid), or '' when no table changed."""
    return _diagram(review.renamed_base, review.head_schema, review.changes)


def _diagram(base: Schema, head: Schema, changes: tuple[Change, ...]) -> str:
    """The changed tables and their FK neighbours, drawn on head plus what was removed (marked so)."""
    union = _union(base, head)
    changes = tuple(c for c in changes if union.has_table(c.table))  # views and triggers: listed, not drawn
    if not changes:
        return ""
    marks: dict[str, str] = {}
    for c in changes:
        if c.subject == "table":
            marks[c.table] = "changed" if c.action == "renamed" else c.action
            continue
        marks.setdefault(c.table, "changed")
        if c.subject == "column":
            marks[f"{c.table}.{c.name}"] = "changed" if c.action == "renamed" else c.action
        elif c.subject == "foreign key" and union.table(c.table).has_column(c.name):
            marks.setdefault(f"{c.table}.{c.name}", "changed")
    return er_diagram(union, tables=neighbours(union, dict.fromkeys(c.table for c in changes)), marks=marks)


def _union(base: Schema, head: Schema) -> Schema:
    """Head with base's removed tables and columns put back, so the diagram can show them as removed."""
    tables = []
    for table in head.tables:
        if base.has_table(table.name):
            gone = tuple(c for c in base.table(table.name).columns if not table.has_column(c.name))
            table = replace(table, columns=table.columns + gone)
        tables.append(table)
    tables += [t for t in base.tables if not head.has_table(t.name)]
    return replace(head, tables=tuple(tables))


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
        "compatibility": [asdict(c) for c in review.compat],
        "steps": [
            {
                "kind": s.kind,
                "table": s.table,
                "risk": str(s.risk),
                "summary": s.summary,
                "sql": list(s.sql),
                "checks": [c.description for c in s.checks],
                "destroys": [{"table": x.table, "column": x.column or None} for x in s.losses],
            }
            for s in review.plan.steps
        ],
        "sql": list(review.plan.statements()),
        "possible_renames": [
            {"kind": str(h.kind), "table": h.table, "old": h.old, "new": h.new, "message": h.message()}
            for h in review.plan.hints
        ],
        "diagram": review_diagram(review),
        "lint": [finding_dict(p) for p in _lint_shown(review)],
    }
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _lint_shown(review: Review) -> tuple[Placed, ...]:
    """The lint findings a review shows: warnings and errors about the changed tables (notices stay in
    `schemagen lint`, as in `validate`)."""
    if review.lint is None:
        return ()
    return tuple(p for p in review.lint.findings if p.finding.severity.rank >= Severity.WARNING.rank)


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
    from generator.emit.templates import make_env, tidy

    by_table = {t: tuple(c for c in review.changes if c.table == t) for t in review.tables()}
    compat = {(c.table, c.column): c for c in review.compat}
    text = (
        make_env()
        .get_template("review.md.j2")
        .render(
            review=review,
            diagram=review_diagram(review),
            by_table=by_table,
            compat=compat,
            sql=review.plan.statements(),
            cell=_cell,
            badges=BADGES,
            lint=_lint_shown(review),
            lint_path=format_path,
        )
    )
    return tidy(text)
