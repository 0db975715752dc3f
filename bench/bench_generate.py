"""Time `schemagen generate` as a whole process on the real spec and on synthetic 100/1,000-table specs.

Writes its section of bench/RESULTS.md. The peer, measured in the same run, is the floor every Python
tool pays: the interpreter starting and PyYAML loading the same spec (`python -c 'yaml.safe_load(...)'`).
Goals: the 12-table spec in < 0.5 s, 1,000 tables in < 3 s, cost linear in the table count.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import write_section

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5


def synthetic_spec(tables: int) -> dict[str, object]:
    """A spec of `tables` tables shaped like the real ones: FKs, enums, JSON columns, indexes."""
    out: dict[str, object] = {}
    for i in range(tables):
        cols: dict[str, object] = {
            "id": {"type": "integer", "primary_key": True, "autoincrement": True, "description": "Row id."},
            "name": {"type": "text", "not_null": True, "description": "Name."},
            "status": {
                "type": "text",
                "default": "active",
                "enum": {"values": ["active", "draft", "archived"]},
                "description": "Lifecycle.",
            },
            "kind": {"type": "text", "enum": {"values": ["a", "b"], "open": True}},
            "score": {"type": "integer", "default": 0, "minimum": 0, "maximum": 100},
            "tags": {
                "type": "json",
                "json": {"type": "array", "items": {"type": "string"}},
                "example": ["x", "y"],
            },
            "meta": {
                "type": "json",
                "json": {"type": "object", "properties": {"n": {"type": "integer"}}},
                "example": {"n": 1},
            },
            "created_at": {"type": "text", "app_default": "now"},
        }
        if i:
            cols["parent_id"] = {"type": "integer", "references": {"table": f"t{i - 1:04d}", "column": "id"}}
        out[f"t{i:04d}"] = {
            "description": f"Synthetic table {i}.",
            "columns": cols,
            "indexes": {
                f"idx_t{i:04d}_status": {"columns": ["status"]},
                f"idx_t{i:04d}_name": {"columns": ["name"]},
            },
        }
    return {"version": 1, "name": "synthetic", "tables": out}


def median_seconds(cmd: list[str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        specs = [("real (12 tables)", 12, ROOT / "spec/schema.yaml")]
        for n in (100, 1000):
            path = Path(tmp) / f"spec{n}.yaml"
            path.write_text(yaml.safe_dump(synthetic_spec(n), sort_keys=False))
            specs.append((f"synthetic ({n} tables)", n, path))
        for label, n, spec in specs:
            ours = median_seconds(
                [sys.executable, "-m", "generator", "generate", "--spec", str(spec), "--out", tmp + "/out"]
            )
            floor = median_seconds(
                [sys.executable, "-c", f"import yaml; yaml.safe_load(open({str(spec)!r}))"]
            )
            rows.append((label, n, ours, floor))
    base = rows[1][2] / rows[1][1]
    lines = [
        f"`schemagen generate` as a whole process, median of {RUNS} runs, Python {sys.version.split()[0]}.",
        "Peer: the interpreter plus PyYAML loading the same spec (the floor any Python tool pays).",
        "",
        "| spec | tables | schemagen generate | peer (python + yaml load) | ratio | per table | goal |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    goals = {12: "< 0.5 s", 100: "", 1000: "< 3 s"}
    for label, n, ours, floor in rows:
        ratio, per_table, goal = ours / floor, ours / n * 1000, goals[n]
        lines.append(
            f"| {label} | {n} | {ours:.3f} s | {floor:.3f} s | {ratio:.1f}x | {per_table:.2f} ms | {goal} |"
        )
    lines += [
        "",
        f"Linearity: 1,000 tables cost {rows[2][2] / rows[1][2]:.1f}x the 100-table run (10x = linear; "
        f"{rows[2][2] / n / base if (n := rows[2][1]) else 0:.2f} of the 100-table per-table cost).",
    ]
    write_section("generate", "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
