"""Lint reports as text (one line a finding, as compilers print), JSON (versioned), SARIF 2.1.0 (code
scanning), and the rules page (docs/lint.md) rendered from the rules table itself."""

from __future__ import annotations

import json
from typing import Any

from generator.emit.escape import one_line
from generator.lint import RULES, LintReport, Placed, Severity
from generator.spec.source import format_path

JSON_VERSION = 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "note"}


def finding_line(report: LintReport, placed: Placed, *, as_validate: bool = False) -> str:
    """`spec/schema.yaml:14:7: warning[fk-index]: tables.t.columns.c: message`; as `validate` prints its
    own warnings: `spec/schema.yaml:14:7: warning: tables.t.columns.c: message [fk-index]`."""
    f = placed.finding
    where = f"{report.spec}:{placed.mark[0]}:{placed.mark[1]}"
    if as_validate:
        return one_line(f"{where}: {f.severity}: {format_path(f.path)}: {f.message} [{f.rule.id}]")
    return one_line(f"{where}: {f.severity}[{f.rule.id}]: {format_path(f.path)}: {f.message}")


def render_text(report: LintReport) -> str:
    """Every finding, then a summary line (counts by severity, ignored, doc coverage)."""
    lines = [finding_line(report, p) for p in report.findings]
    counts = [
        f"{report.count(s)} {s}{'' if report.count(s) == 1 else 's'}"
        for s in reversed(Severity)
        if s is not Severity.OFF
    ]
    ignored = len(report.placed) - len(report.findings)
    lines.append(
        f"{report.spec}: {', '.join(counts)}"
        + (f", {ignored} ignored by the spec" if ignored else "")
        + f"; {report.coverage:.0f}% of tables, columns and views described"
        + f" ({report.described} of {report.describable})"
    )
    return "\n".join(lines) + "\n"


def finding_dict(placed: Placed) -> dict[str, Any]:
    """One finding as JSON shows it (lint's report and review's): rule, severity, place, words, help."""
    f = placed.finding
    out: dict[str, Any] = {
        "rule": f.rule.id,
        "severity": f.severity.value,
        "line": placed.mark[0],
        "column": placed.mark[1],
        "path": format_path(f.path),
        "subject": f.subject,
        "message": f.message,
        "help": f.rule.anchor,
    }
    if placed.ignored:
        out["reason"] = placed.ignored
    return out


def render_json(report: LintReport) -> str:
    """The report as JSON: `{version, spec, findings: [...], ignored: [...], coverage, summary}`."""
    item = finding_dict
    doc = {
        "version": JSON_VERSION,
        "spec": report.spec,
        "findings": [item(p) for p in report.findings],
        "ignored": [item(p) for p in report.placed if p.ignored],
        "coverage": {
            "described": report.described,
            "describable": report.describable,
            "percent": round(report.coverage, 1),
        },
        "summary": {s.value: report.count(s) for s in Severity if s is not Severity.OFF},
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def render_sarif(report: LintReport, version: str) -> str:
    """The report as SARIF 2.1.0: the rules that ran, each finding on its spec line; an ignored finding is
    a result with an in-source suppression that carries the spec's reason."""
    rules = list(report.rules)
    index = {r.id: i for i, r in enumerate(rules)}

    def result(p: Placed) -> dict[str, Any]:
        f = p.finding
        out: dict[str, Any] = {
            "ruleId": f.rule.id,
            "ruleIndex": index[f.rule.id],
            "level": _SARIF_LEVEL[f.severity],
            "message": {"text": f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": report.spec.replace("\\", "/")},
                        "region": {"startLine": p.mark[0], "startColumn": p.mark[1]},
                    },
                    "logicalLocations": [{"fullyQualifiedName": format_path(f.path)}],
                }
            ],
        }
        if p.ignored:
            out["suppressions"] = [{"kind": "inSource", "justification": p.ignored}]
        return out

    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "schemagen",
                        "version": version,
                        "rules": [
                            {
                                "id": r.id,
                                "name": "".join(w.title() for w in r.id.split("-")),
                                "shortDescription": {"text": r.title},
                                "fullDescription": {"text": r.reason},
                                "help": {"text": r.reason, "markdown": f"**{r.title}.** {r.reason}"},
                                "defaultConfiguration": {"level": _SARIF_LEVEL[r.severity]},
                                "properties": {"scope": r.scope.value},
                            }
                            for r in rules
                        ],
                    }
                },
                "results": [result(p) for p in report.placed if p.finding.rule.id in index],
            }
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def rules_page() -> str:
    """docs/lint.md: every rule with its id, default severity, scope and reason (a test keeps the page "
    "equal)."""
    out = [
        "# Lint rules",
        "",
        "<!-- Rendered from generator/lint/rules.py by `schemagen lint --rules`; tests/test_lint.py keeps "
        "it equal. -->",
        "",
        "`schemagen lint` checks the spec (schema rules) and, with `--base REV`, the change from a base spec "
        "(change rules, the comparison `review` makes). With `--url`, the base of the change is what the "
        "database holds, and each change finding counts the rows it is about (all the counts in one "
        "request). `validate` shows the warnings and errors among the schema findings; `review` shows the "
        "warnings and errors about the tables it changes, the change rules' included (a section of the "
        "report, "
        "and `lint` in its JSON).",
        "",
        "A rule's severity is set in the configuration (`off`, `notice`, `warning`, `error`):",
        "",
        "```toml",
        "[lint]",
        'fk-index = "error"',
        'description = "off"',
        "```",
        "",
        "and one object of the spec can ignore a rule, with the reason (a table, column, index, view or "
        "trigger; an ignore on a table covers its columns and indexes):",
        "",
        "```yaml",
        "    lint: {ignore: {fk-index: the parent rows are never deleted}}",
        "```",
        "",
        "`schemagen lint` exits 1 when a finding is an error, else 0; `--format json` and `--format sarif` "
        "(for code scanning) carry the same findings.",
        "",
        "Not rules here because `validate` already refuses them as errors: a view or trigger that reads a "
        "table or column that does not exist (each is prepared against the schema in memory), a foreign key "
        "to a table the spec does not have.",
        "",
        "| Rule | Default | Scope | What it finds |",
        "|---|---|---|---|",
    ]
    out += [f"| [`{r.id}`](#{r.id}) | {r.severity} | {r.scope} | {r.title} |" for r in RULES.values()]
    for r in RULES.values():
        out += [
            "",
            f"## {r.id}",
            "",
            f"**{r.title}.** Default: {r.severity}; scope: {r.scope}.",
            "",
            r.reason,
        ]
    return "\n".join(out) + "\n"
