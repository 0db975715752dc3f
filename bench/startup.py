"""Where start-up time goes, for bench/bench_speed.py: how a schemagen is started, `python -X importtime`
grouped by package, the cost of creating the record classes, and the editable install's path finder."""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = 9  # the median of 9: a single start-up here varies by +-15% (a shared 2-core machine)


def user_env(**extra: str) -> dict[str, str]:
    """The environment of a user: no virtualenv or PYTHONPATH of ours, and .pyc files used as installed."""
    drop = ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONDONTWRITEBYTECODE")
    return {**{k: v for k, v in os.environ.items() if k not in drop}, "NO_COLOR": "1", **extra}


def run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(args, cwd=cwd, env=env or user_env(), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return done.stdout


@dataclass(frozen=True)
class Install:
    """One schemagen to measure: how to start it, from where, with which environment."""

    label: str
    command: tuple[str, ...]
    cwd: Path  # the folder holding its spec/schema.yaml
    env: dict[str, str] = field(default_factory=user_env)


_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)")


def _group(module: str) -> str:
    top = module.split(".")[0]
    if top == "generator":
        return "schemagen (generator)"
    if top.startswith("__editable__"):
        return "editable-install finder"
    if top in sys.stdlib_module_names or top.startswith("_") or top in ("encodings", "site", "sitecustomize"):
        return "standard library"
    return top


def import_breakdown(inst: Install, args: list[str], out: Path) -> dict[str, float]:
    """Milliseconds of import per package (`python -X importtime`: self times summed), the least of 5 runs."""
    python = (
        inst.command[0]
        if inst.command[0].endswith("python")
        else str(Path(inst.command[0]).parent / "python")
    )
    script = list(inst.command[1:]) if inst.command[0].endswith("python") else [inst.command[0]]
    best: dict[str, float] = {}
    for n in range(RUNS):
        run_args = [a.replace("{out}", str(out / f"imp-{inst.label}-{n}")) for a in args]
        done = subprocess.run(
            [python, "-X", "importtime", *script, *run_args],
            cwd=inst.cwd,
            env=inst.env,
            capture_output=True,
            text=True,
            check=False,
        )
        groups: dict[str, float] = {}
        for line in done.stderr.splitlines():
            found = _LINE.match(line)
            if found:
                name = _group(found.group(4))
                groups[name] = groups.get(name, 0.0) + int(found.group(1)) / 1000
        groups["total"] = sum(groups.values())
        for name, ms in groups.items():
            best[name] = min(best.get(name, ms), ms)
    return best


def import_table(columns: dict[str, dict[str, float]]) -> list[str]:
    names = sorted({n for col in columns.values() for n in col if n != "total"})
    rows = [n for n in names if max(col.get(n, 0.0) for col in columns.values()) >= 0.5]
    rows.sort(key=lambda n: -max(col.get(n, 0.0) for col in columns.values()))
    lines = [
        "| package | " + " | ".join(columns) + " |",
        "| --- |" + " ---: |" * len(columns),
    ]
    for name in [*rows, "total"]:
        cells = [f"{col[name]:.1f}" if name in col else "" for col in columns.values()]
        label = f"**{name}**" if name == "total" else name
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


_RECORDS = """
import dataclasses, sys, time
import msgspec
from generator.cli import execute
execute(["generate", "--out", sys.argv[1]])
def every(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from every(sub)
ours = [c for c in every(msgspec.Struct) if c.__module__.startswith("generator.")]
shapes = [(c.__name__, c.__struct_fields__, c.__struct_config__.frozen) for c in ours]
started = time.perf_counter()
for name, names, frozen in shapes:
    msgspec.defstruct(name, names, frozen=frozen)
structs = time.perf_counter() - started
started = time.perf_counter()
for name, names, frozen in shapes:
    dataclasses.make_dataclass(name, names, frozen=frozen, slots=True)
dataclasses_ = time.perf_counter() - started
print(len(shapes), structs * 1000, dataclasses_ * 1000)
"""


def record_cost(now: Install, out: Path) -> tuple[int, float, float]:
    """How many record classes (msgspec Structs) a generate creates, and the median milliseconds creating
    classes of the same fields takes as Structs and as slotted dataclasses (what they were until 2026-12)."""
    python = str(Path(now.command[0]).parent / "python")
    runs = []
    for n in range(RUNS):
        # -P: the checkout in the working directory must not shadow the installed package
        done = run([python, "-P", "-c", _RECORDS, str(out / f"rc-{n}")], cwd=now.cwd, env=now.env)
        count, structs, dataclasses = done.split()[-3:]
        runs.append((int(count), float(structs), float(dataclasses)))
    return (
        runs[0][0],
        statistics.median(r[1] for r in runs),
        statistics.median(r[2] for r in runs),
    )


def editable_finder_ms() -> tuple[float, float]:
    """The editable install's finder at every start of .venv's python, and `python -c pass` there."""
    python = ROOT / ".venv" / "bin" / "python"
    finder, passes = [], []
    for _ in range(RUNS):
        done = subprocess.run(
            [str(python), "-X", "importtime", "-c", "pass"],
            capture_output=True,
            text=True,
            env=user_env(),
            check=False,
        )
        for line in done.stderr.splitlines():
            found = _LINE.match(line)
            if found and found.group(4).startswith("__editable__"):
                finder.append(int(found.group(2)) / 1000)
        started = time.perf_counter()
        subprocess.run([str(python), "-c", "pass"], env=user_env(), check=True)
        passes.append((time.perf_counter() - started) * 1000)
    return (min(finder) if finder else 0.0), statistics.median(passes)
