"""Start-up and command speed (issue 13): schemagen as users run it, beside drizzle-kit, in one run.

What runs: the `schemagen` console script of a wheel built from this checkout and installed with pip into
a fresh virtual environment (its .pyc files compiled by pip, as for any user), on the 12-table Code Reels
spec. The peer is the pinned drizzle-kit (node_modules/.bin, from `npm ci` through the Makefile) with
tests/ts/drizzle.config.ts on the module schemagen generates, as tests/test_codegen_drizzle.py runs it.
Every measure is a whole process, the median of RUNS (startup.py), the commands interleaved round by
round so a busier moment of the machine weighs on all of them alike:

- generate: `schemagen generate --out NEW` and `drizzle-kit generate` into a new folder each run, so both
  write every output;
- push, against a local sqld (tests/helpers/sqld.py): the first push (empty database) and a no-op push,
  each beside `drizzle-kit push` of the same schema to the same emptied database;
- `schemagen validate`, from the wheel and from the editable `.venv`, beside `drizzle-kit generate`;
- `schemagen --help`.

Before and after: the same commands, and the `python -X importtime` breakdown of a generate, for the code
at the start of this work (6bd0802) and on main when it began (07dd3b3), each archived from git into a
folder of its own, in a virtual environment holding that revision's own dependencies, on that revision's
own spec (installed as a wheel when its wheel carried the templates, else
run from the folder with PYTHONPATH). The editable install's path finder (`.venv`) is measured apart.

Run: `make bench` (or .venv/bin/python bench/bench_speed.py); writes the `speed` section of bench/RESULTS.md.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import textwrap
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from helpers.sqld import SqldServer  # noqa: E402
from results import write_section  # noqa: E402
from startup import (  # noqa: E402
    RUNS,
    Install,
    editable_finder_ms,
    import_breakdown,
    import_table,
    record_cost,
    run,
    user_env,
)

REVISIONS = {"6bd0802": "start of this work", "07dd3b3": "main when it began"}
SOURCES = ("pyproject.toml", "README.md", "generator", "templates", "spec/FORMAT.md")
KIT = ROOT / "node_modules" / ".bin" / "drizzle-kit"
KIT_CONFIG = ["--config", str(ROOT / "tests" / "ts" / "drizzle.config.ts")]
GOALS = {"generate": 1.0, "validate": 1.0, "first push": 0.5, "no-op push": 0.5}
HELP_GOAL = 0.100


def _venv(where: Path) -> Path:
    run([sys.executable, "-m", "venv", "--without-pip", str(where)], cwd=where.parent)
    return where / "bin" / "python"


def _pip(python: Path, *args: str) -> None:
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", *args], cwd=ROOT)


def install_checkout(work: Path) -> Install:
    """This checkout as a user gets it: a wheel (and its dependencies) installed into a fresh venv."""
    src, house = work / "src", work / "wheelhouse"
    src.mkdir()
    with tempfile.TemporaryFile() as archive:  # the working tree as it is, without caches
        with tarfile.open(fileobj=archive, mode="w") as tar:
            for name in SOURCES:
                tar.add(ROOT / name, arcname=name, filter=lambda i: None if "__pycache__" in i.name else i)
        archive.seek(0)
        with tarfile.open(fileobj=archive) as tar:
            tar.extractall(src, filter="data")
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["build-system"]["requires"]
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "-w", str(house), str(src), *setuptools], cwd=work)
    python = _venv(work / "venv")
    _pip(python, "--no-index", "--find-links", str(house), "turso-schemagen")
    return Install("now", (str(python.parent / "schemagen"),), ROOT)


def install_revision(rev: str, work: Path) -> Install:
    """A past revision: its files from git and its own dependencies, run in its folder (on its spec)."""
    folder = work / f"rev-{rev}"
    folder.mkdir()
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True).stdout
    with tempfile.TemporaryFile() as tmp:
        tmp.write(archive)
        tmp.seek(0)
        with tarfile.open(fileobj=tmp) as tar:
            tar.extractall(folder, filter="data")
    python = _venv(work / f"venv-{rev}")
    _pip(python, str(folder))  # the revision's pinned dependencies, and itself
    if "generator.templates" in (folder / "pyproject.toml").read_text():  # its wheel carries the templates
        return Install(rev, (str(python.parent / "schemagen"),), folder)
    # Before the wheel carried its templates the tool ran from a checkout: run it from its folder.
    return Install(rev, (str(python), "-m", "generator"), folder, user_env(PYTHONPATH=str(folder)))


# --- timing ---------------------------------------------------------------------------------------------

Case = Callable[[int], tuple[list[str], Path, dict[str, str]]]  # run number -> (args, cwd, env)


CPU: dict[
    str, list[float]
] = {}  # case -> CPU seconds (user + system) of each timed run, processes it waited for


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def interleaved(cases: dict[str, Case], rounds: int = RUNS) -> dict[str, list[float]]:
    """Each case once per round (after one untimed warm-up each), the rounds one after another; the wall
    times by case (CPU times go into CPU)."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for number in range(-1, rounds):
        for name, case in cases.items():
            args, cwd, env = case(number)
            started, cpu = time.perf_counter(), _children_cpu()
            done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
            elapsed = time.perf_counter() - started
            if number >= 0:
                CPU.setdefault(name, []).append(_children_cpu() - cpu)
            if done.returncode != 0:
                raise SystemExit(
                    f"{name}: exit {done.returncode}\n{done.stdout[-1500:]}\n{done.stderr[-1500:]}"
                )
            if number >= 0:
                times[name].append(elapsed)
    return times


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def generate_cases(installs: list[Install], out: Path) -> dict[str, Case]:
    """`schemagen generate` of every install and `drizzle-kit generate`, each into a new folder."""
    cases: dict[str, Case] = {}
    for inst in installs:
        cases[f"generate {inst.label}"] = lambda n, inst=inst: (
            [*inst.command, "generate", "--out", str(out / f"{inst.label}-{n}")],
            inst.cwd,
            inst.env,
        )
        cases[f"help {inst.label}"] = lambda n, inst=inst: ([*inst.command, "--help"], inst.cwd, inst.env)
        if inst.label.startswith("now"):
            cases[f"validate {inst.label}"] = lambda n, inst=inst: (
                [*inst.command, "validate"],
                inst.cwd,
                inst.env,
            )
    # The first run after an install or upgrade: the user cache (Jinja's bytecode, the SQL readings, the
    # checked specs) is empty
    # (a new folder each run). The wheel carries its templates compiled (generator/emit/prebuild.py); an
    # editable install has none.
    for inst, label in ((installs[-1], "now"), (installs[-2], "editable")):
        cases[f"generate {label}, cold cache"] = lambda n, inst=inst, label=label: (
            [*inst.command, "generate", "--out", str(out / f"cold-{label}-{n}")],
            inst.cwd,
            {**inst.env, "XDG_CACHE_HOME": str(out / f"cache-{label}-{n}")},
        )
    python = str(Path(installs[-1].command[0]).parent / "python")  # the wheel's venv ("now" is last)
    cases["floor: python -c pass"] = lambda n: ([python, "-c", "pass"], ROOT, user_env())
    libraries = "import jinja2, yaml, msgspec, json, sqlite3, argparse, tomllib, pathlib"
    cases["floor: the libraries"] = lambda n: ([python, "-c", libraries], ROOT, user_env())
    module = str(ROOT / "generated" / "drizzle" / "schema.ts")
    cases["generate drizzle-kit"] = lambda n: (
        [str(KIT), "generate", *KIT_CONFIG],
        ROOT,
        user_env(SCHEMAGEN_DRIZZLE_SCHEMA=module, SCHEMAGEN_DRIZZLE_OUT=str(out / f"kit-{n}")),
    )
    return cases


def push_times(now: Install, server: SqldServer) -> tuple[dict[str, list[float]], str]:
    """First and no-op push of schemagen, and drizzle-kit push, to the same database emptied each round."""
    ours = [*now.command, "push", "--url", server.url, "--token", server.tokens.rw, "--yes"]
    module = str(ROOT / "generated" / "drizzle" / "schema.ts")
    kit_env = user_env(
        SCHEMAGEN_DRIZZLE_SCHEMA=module,
        SCHEMAGEN_DRIZZLE_URL=server.url,
        SCHEMAGEN_DRIZZLE_TOKEN=server.tokens.rw,
    )
    kit = [str(KIT), "push", *KIT_CONFIG, "--force"]
    times: dict[str, list[float]] = {"first push": [], "no-op push": [], "drizzle-kit push": []}
    again = ""
    for number in range(-1, RUNS):
        for name, args, env, fresh in (
            ("first push", ours, now.env, True),
            ("no-op push", ours, now.env, False),
            ("drizzle-kit push", kit, kit_env, True),
        ):
            if fresh:
                server.reset()
            started = time.perf_counter()
            done = subprocess.run(args, cwd=now.cwd, env=env, capture_output=True, text=True, check=False)
            elapsed = time.perf_counter() - started
            if done.returncode != 0:
                raise SystemExit(
                    f"{name}: exit {done.returncode}\n{done.stdout[-1500:]}\n{done.stderr[-1500:]}"
                )
            if number >= 0:
                times[name].append(elapsed)
        # drizzle-kit's own no-op: pushing again to the database it just made (reported, not compared).
        done = subprocess.run(kit, cwd=ROOT, env=kit_env, capture_output=True, text=True, check=False)
        lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
        again = (
            "completes"
            if done.returncode == 0
            else f"fails: `{lines[-1].strip() if lines else done.returncode}`"
        )
    return times, again


# --- the report -----------------------------------------------------------------------------------------


def _para(text: str) -> list[str]:
    return textwrap.wrap(text, width=104, break_on_hyphens=False, break_long_words=False)


def main() -> None:
    if not KIT.exists():
        raise SystemExit(f"{KIT} is missing: run `make node` (npm ci) first")
    work = Path(tempfile.mkdtemp(prefix="bench-speed-"))
    load_before = os.getloadavg()[0]
    print("installing the checkout and the earlier revisions into fresh environments ...", flush=True)
    now = install_checkout(work)
    befores = [install_revision(rev, work) for rev in REVISIONS]
    editable = Install("now, editable .venv", (str(ROOT / ".venv" / "bin" / "schemagen"),), ROOT)
    out = work / "out"
    out.mkdir()
    print("timing generate and --help ...", flush=True)
    times = interleaved(generate_cases([*befores, editable, now], out))
    print("timing push ...", flush=True)
    with SqldServer(work / "sqld") as server:
        pushes, kit_again = push_times(now, server)
    print("import times ...", flush=True)
    imports = {i.label: import_breakdown(i, ["generate", "--out", "{out}"], out) for i in [*befores, now]}
    helps = {i.label: import_breakdown(i, ["--help"], out) for i in [*befores, now]}
    finder, python_pass = editable_finder_ms()
    classes, class_ms, dataclass_ms = record_cost(now, out)
    load_after = os.getloadavg()[0]

    kit_generate = median_ms(times["generate drizzle-kit"])
    kit_cpu = median_ms(CPU["generate drizzle-kit"])
    cpu_rows = [
        ("generate", "generate now", "`drizzle-kit generate`"),
        ("generate", f"generate {editable.label}", "`drizzle-kit generate` (editable .venv)"),
        ("generate", "generate now, cold cache", "`drizzle-kit generate` (empty cache)"),
        (
            "generate, editable",
            "generate editable, cold cache",
            "`drizzle-kit generate` (editable .venv, empty cache: reported, no goal)",
        ),
        ("validate", "validate now", "`drizzle-kit generate`"),
        ("validate", f"validate {editable.label}", "`drizzle-kit generate` (editable .venv)"),
    ]
    kit_push = median_ms(pushes["drizzle-kit push"])
    rows = [
        ("generate", median_ms(times["generate now"]), "`drizzle-kit generate`", kit_generate),
        (
            "generate",
            median_ms(times[f"generate {editable.label}"]),
            "`drizzle-kit generate` (editable .venv)",
            kit_generate,
        ),
        (
            "generate",
            median_ms(times["generate now, cold cache"]),
            "`drizzle-kit generate` (empty cache)",
            kit_generate,
        ),
        (
            "generate, editable",
            median_ms(times["generate editable, cold cache"]),
            "`drizzle-kit generate` (editable .venv, empty cache: reported, no goal)",
            kit_generate,
        ),
        ("validate", median_ms(times["validate now"]), "`drizzle-kit generate`", kit_generate),
        (
            "validate",
            median_ms(times[f"validate {editable.label}"]),
            "`drizzle-kit generate` (editable .venv)",
            kit_generate,
        ),
        ("first push", median_ms(pushes["first push"]), "`drizzle-kit push` (empty database)", kit_push),
        ("no-op push", median_ms(pushes["no-op push"]), "`drizzle-kit push` (empty database)", kit_push),
    ]
    help_ms = median_ms(times["help now"])
    lines = [
        *_para(
            f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; 1-minute load average "
            f"{load_before:.1f} at the start and {load_after:.1f} at the end. Whole processes, median of "
            f"{RUNS}, interleaved (see bench/bench_speed.py): `schemagen` is the console script of the "
            "wheel installed with pip in a fresh venv; the peer is the pinned drizzle-kit on the module "
            "schemagen generates."
        ),
        "",
        "| command (Code Reels spec, 12 tables) | schemagen | drizzle-kit, same run | ratio | goal |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for name, ours, peer_name, peer in rows:
        ratio = ours / peer
        command = name.split(",")[0]
        if name not in GOALS:
            lines.append(
                f"| `schemagen {command}` vs {peer_name} | {ours:.0f} ms | {peer:.0f} ms | {ratio:.2f}x | |"
            )
            continue
        verdict = "met" if ratio <= GOALS[name] else "**not met**"
        lines.append(
            f"| `schemagen {command}` vs {peer_name} | {ours:.0f} ms | {peer:.0f} ms | {ratio:.2f}x "
            f"| <= {GOALS[name]}x: {verdict} |"
        )
    lines.append(
        f"| `schemagen --help` | {help_ms:.0f} ms | | | < {HELP_GOAL * 1000:.0f} ms: "
        f"{'met' if help_ms < HELP_GOAL * 1000 else '**not met**'} |"
    )
    lines += [
        "",
        *_para(
            "The same runs by CPU time (user + system of each process and those it waited for, median), "
            "which a busy shared machine disturbs less than wall time:"
        ),
        "",
        "| command | schemagen CPU | drizzle-kit CPU, same run | ratio | goal |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for name, case, peer_name in cpu_rows:
        ours = median_ms(CPU[case])
        ratio = ours / kit_cpu
        goal = (
            f"<= {GOALS[name]}x: {'met' if ratio <= GOALS[name] else '**not met**'}" if name in GOALS else ""
        )
        lines.append(
            f"| `schemagen {name.split(',')[0]}` vs {peer_name} | {ours:.0f} ms | {kit_cpu:.0f} ms | "
            f"{ratio:.2f}x | {goal} |"
        )
    lines += [
        "",
        *_para(
            "The empty cache is the first run after an install: the wheel carries its templates "
            "compiled at build time (generator/emit/prebuild.py; pip compiles them to bytecode as it "
            "installs), so its first run compiles none; an editable install has no build step and compiles "
            "them into the user's cache on its first run, once. The first run also imports sqlglot to read "
            "the spec's views and documented queries, and keeps what it read in the same cache "
            "(generator/sqlite/readings.py), so the runs after it do not import sqlglot until that SQL "
            "changes; it reads and checks the spec, and keeps the checked model there too "
            "(generator/spec/kept.py), so the runs after it import neither PyYAML nor the checks until the "
            "spec changes. "
            "generate writes all 18 files into a new folder each run, drizzle-kit its migration, snapshot "
            "and journal into a new folder. drizzle-kit has one push to compare with: pushed again to the "
            f"database it has just made, it {kit_again}, so both of our pushes are set beside its first push."
        ),
        "",
        *_para(
            "The floor under generate, same venv, same run: the interpreter starting and stopping (`python "
            f"-c pass`) takes {median_ms(times['floor: python -c pass']):.0f} ms; a process that only "
            "imports the libraries generate cannot do without (Jinja2 for the templates, PyYAML for the "
            "spec, msgspec for the records; json, sqlite3, argparse, tomllib and pathlib from the standard "
            "library) "
            f"takes {median_ms(times['floor: the libraries']):.0f} ms. Creating the {classes} record "
            f"classes (msgspec Structs) a generate loads costs {class_ms:.1f} ms; as frozen, slotted "
            f"dataclasses, which they were until 2026-12, the same fields cost Python "
            f"{sys.version_info[0]}.{sys.version_info[1]} {dataclass_ms:.0f} ms "
            f"({dataclass_ms / classes:.2f} ms each: a dataclass's methods are compiled from source as its "
            "module loads)."
        ),
        "",
        "Before and after, same run (each revision on its own spec; medians in ms):",
        "",
        "| command | "
        + " | ".join(f"{r} ({why})" for r, why in REVISIONS.items())
        + " | now | now, editable .venv |",
        "| --- |" + " ---: |" * (len(REVISIONS) + 2),
    ]
    for command in ("generate", "help"):
        cells = [
            f"{median_ms(times[f'{command} {label}']):.0f}" for label in [*REVISIONS, "now", editable.label]
        ]
        lines.append(f"| `{'--help' if command == 'help' else 'generate'}` | " + " | ".join(cells) + " |")
    lines += [
        "",
        *_para(
            "The editable install (`make` creates `.venv` with `pip install -e`) adds a path finder that "
            f"every start of that interpreter imports: {finder:.1f} ms of `python -X importtime -c pass` "
            f"(whose whole process takes {python_pass:.0f} ms there); users of the wheel do not pay it."
        ),
        "",
        *_para(
            "Import time of `schemagen generate` by package (`python -X importtime`, self times summed, ms, "
            "the least of 5 runs; the tool adds some overhead of its own):"
        ),
        "",
        *import_table(imports),
        "",
        "Import time of `schemagen --help`:",
        "",
        *import_table(helps),
    ]
    body = "\n".join(lines)
    write_section("speed", body)
    print(body)


if __name__ == "__main__":
    main()
