"""`--format json` of validate, plan and push on one database: one versioned shape per command.

Each shape is documented by a JSON Schema shipped in the package (generator/cli/formats/) and checked by
the tests. A shape only grows within a version (new keys); a key changing meaning or going away is a new
`version`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.migrate.push import PushReport
    from generator.model import Schema
    from generator.spec import Problem

VERSION = 1
FORMATS = ("text", "json")
FORMATS_DIR = Path(__file__).resolve().parent / "formats"


def shape_schema(command: str) -> dict[str, Any]:
    """The JSON Schema of `schemagen COMMAND --format json` (validate, plan, push)."""
    result: dict[str, Any] = json.loads((FORMATS_DIR / f"{command}.schema.json").read_text(encoding="utf-8"))
    return result


def dumps(data: dict[str, Any]) -> str:
    """Indented JSON, one trailing newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def validate_json(
    spec: str, schema: Schema | None, problems: list[Problem], lines: list[str], not_checked: list[str]
) -> dict[str, Any]:
    """The validate shape: counts (when the spec loaded), every problem as an object."""
    from generator.spec.problems import in_file_order

    found = [p.as_json() for p in in_file_order(problems)]
    found += [  # a problem that came as a line (YAML that does not parse, an unreadable file)
        {"file": spec, "line": None, "column": None, "path": "", "severity": "error", "stage": "yaml",
         "message": line}
        for line in lines
    ]  # fmt: skip
    errors = sum(1 for p in found if p["severity"] == "error")
    counts = None
    if schema is not None and not errors:
        counts = {
            "tables": len(schema.tables),
            "columns": schema.column_count,
            "indexes": sum(len(t.all_indexes) for t in schema.tables),
            "views": len(schema.views),
            "triggers": len(schema.triggers),
        }
    return {
        "format": "schemagen.validate",
        "version": VERSION,
        "spec": spec,
        "ok": errors == 0,
        "exit_code": 0 if errors == 0 else 2,
        "errors": errors,
        "warnings": len(found) - errors,
        "counts": counts,
        "problems": found,
        "not_checked": not_checked,
    }


def push_json(command: str, report: PushReport) -> dict[str, Any]:
    """The plan and push shape: the outcome, each step with its risk and SQL, what was refused and why."""
    plan = report.plan
    return {
        "format": f"schemagen.{command}",
        "version": VERSION,
        "target": report.target,
        "source": report.source,
        "spec": report.spec,
        "outcome": report.outcome.value,
        "exit_code": report.exit_code,
        "risk": plan.risk.value,
        "steps": [
            {
                "kind": step.kind.value,
                "object": step.table,
                "risk": step.risk.value,
                "summary": step.summary,
                "rebuild": step.rebuild,
                "sql": list(step.sql),
            }
            for step in plan.steps
        ],
        "needs_allow_destructive": [step.summary for step in report.needs_flag],
        "violations": [
            {"table": v.check.table, "rule": v.check.description, "rows": v.count, "samples": list(v.samples)}
            for v in report.violations
        ],
        "copied": dict(report.copied),
        "refused": report.reason or None,
        "seconds": round(report.seconds, 3),
        "requests": report.requests,
    } | (
        {
            "online": {
                "swap_seconds": round(report.swap_seconds, 3),
                "resumed": list(report.resumed),
                "moved_indexes": {t: list(names) for t, names in report.moved_indexes.items()},
            }
        }
        if report.online
        else {}
    )
