"""Benchmark the online rebuild against the offline one on sqld, with an app writing throughout.

A table of N rows (300,000 and 3,000,000) with one index gains a NOT NULL constraint (a rebuild). An app
process writes about 50 times a second (insert, update, delete in turn), retrying a refused write
("database is locked": sqld answers at once) until it is acknowledged; each write's latency is its stall.
Measured per size: the longest stall the app sees and the push's total time, offline (`push`) then online
(`push --online`), on the same server in one run. Results go into bench/RESULTS.md between the
`bench:online` markers, with the app's latency over time drawn in bench/online.png (matplotlib).
Run: .venv/bin/python bench/bench_online.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from helpers.sqld import SqldServer  # noqa: E402
from helpers.sqld_binary import ensure_sqld_binary  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from results import write_section  # noqa: E402

from generator.db import open_target, parse_url  # noqa: E402

SIZES = (300_000, 3_000_000)
# push's flags per variant: offline, online (indexes built during the copy), online keeping the old
# indexes until the swap (which builds them)
VARIANTS: tuple[tuple[str, ...], ...] = ((), ("--online",), ("--online", "--keep-indexes"))
BASE = """version: 1
tables:
  events:
    columns:
      id: {type: integer, primary_key: true}
      kind: {type: text}
      n: {type: integer}
    indexes:
      events_kind: {columns: [kind]}
"""
HEAD = BASE.replace("kind: {type: text}", "kind: {type: text, not_null: true}")
APP = r"""
import json, sys, time
from generator.db import open_target, parse_url
from generator.errors import DatabaseError
url, token, out, rows = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
stop = out + ".stop"
import os
samples, i, t0 = [], 0, time.monotonic()
with open_target(parse_url(url), token, 30.0, create=False) as db:
    while not os.path.exists(stop):
        i += 1
        op = i % 3
        key = rows + i if op == 0 else (i * 7919) % rows + 1
        sql = [("INSERT INTO events (id, kind, n) VALUES (?, 'w', ?)", (key, i)),
               ("UPDATE events SET n = ? WHERE id = ?", (i, key)),
               ("DELETE FROM events WHERE id = ?", (key,))][op]
        started = time.monotonic()
        refused = 0
        while True:
            try:
                db.apply([sql])
                break
            except DatabaseError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc).lower():
                    raise
                refused += 1
                time.sleep(0.005)
        samples.append((started - t0, time.monotonic() - started, refused))
        time.sleep(max(0.0, 0.02 - (time.monotonic() - started)))
json.dump({"t0": t0, "samples": samples}, open(out, "w"))
"""


def _push(spec: Path, url: str, token: str, *extra: str) -> tuple[float, str]:
    """Run push until it is not refused for a lock the app held; (seconds, output). A push the server ends
    (its transaction time limit) returns the failure's message as its output."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.monotonic()
    command = [sys.executable, "-m", "generator", "push", "--yes", "--spec", str(spec), "--url", url]
    for _attempt in range(
        20
    ):  # an offline push's BEGIN can meet the app's write: try again, as a person would
        done = subprocess.run([*command, "--token", token, *extra], capture_output=True, text=True, env=env)
        if done.returncode == 0:
            return time.monotonic() - started, done.stdout
        if "timed out" in done.stderr:
            return time.monotonic() - started, "FAILED: " + done.stderr.strip().splitlines()[-1]
        if "locked" not in done.stderr:
            raise SystemExit(done.stdout + done.stderr)
    raise SystemExit("push kept meeting a locked database")


def _seed(url: str, token: str, rows: int, tmp: Path) -> None:
    base = tmp / "base.yaml"
    base.write_text(BASE)
    with open_target(parse_url(url), token, 600.0, create=False) as db:
        db.apply(["DROP TABLE IF EXISTS events"])
    _push(base, url, token)
    with open_target(parse_url(url), token, 600.0, create=False) as db:
        db.apply(
            [
                (
                    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ?) "
                    "INSERT INTO events (id, kind, n) SELECT x, 'k' || (x % 7), x FROM c",
                    (rows,),
                )
            ]
        )


def _cpu(pid: int) -> float:
    """A process's CPU seconds so far (user + system), from /proc: the server's work, whatever the load."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _measure(server: SqldServer, rows: int, tmp: Path, online: tuple[str, ...]) -> dict[str, object]:
    url, token = server.url, server.tokens.rw
    _seed(url, token, rows, tmp)
    head = tmp / "head.yaml"
    head.write_text(HEAD)
    out = tmp / f"app-{rows}-{len(online)}.json"
    stop = Path(str(out) + ".stop")
    stop.unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    app = subprocess.Popen([sys.executable, "-c", APP, url, token, str(out), str(rows)], env=env)
    time.sleep(1.0)
    proc = server._proc  # the server's process: its CPU time is the work each push made it do
    assert proc is not None
    pid = proc.pid
    cpu = _cpu(pid)
    pushed = time.monotonic()  # the app's clock too (CLOCK_MONOTONIC is the machine's)
    seconds, text = _push(head, url, token, *online)
    cpu = _cpu(pid) - cpu  # the app's writes included (the same in every variant)
    time.sleep(1.0)
    stop.write_text("")
    app.wait(60)
    written = json.loads(out.read_text())
    samples = written["samples"]
    worst = max(samples, key=lambda s: s[1])
    swap = next((line for line in text.splitlines() if "swap held the write lock" in line), "")
    failed = text.startswith("FAILED: ")
    return {
        "failed": "the server ended the transaction (its 5 s limit): nothing was changed" if failed else "",
        "rows": rows,
        "online": online,
        "label": "`push " + " ".join(online) + "`" if online else "`push`",
        "total": seconds,
        "cpu": cpu,
        "worst": worst[1],
        "worst_at": written["t0"] + worst[0] - pushed,  # seconds into the push
        "writes": len(samples),
        "refused": sum(s[2] for s in samples),
        "samples": samples,
        "swap": swap.rsplit("for ", 1)[-1] if swap else "",
    }


def _plot(results: list[dict[str, object]], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(len(SIZES), 1, figsize=(9, 3.2 * len(SIZES)), sharey=False)
    for ax, rows in zip(axes, SIZES, strict=True):
        for r in results:
            if r["rows"] != rows:
                continue
            samples = r["samples"]
            assert isinstance(samples, list)
            label = str(r["label"]).strip("`")
            ax.plot([s[0] for s in samples], [s[1] * 1000 for s in samples], label=label, linewidth=0.8)
        ax.set_title(f"{rows:,} rows: the app's write latency during the rebuild")
        ax.set_xlabel("seconds since the app started")
        ax.set_ylabel("latency (ms)")
        ax.set_yscale("log")
        ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=90)


def _f(result: dict[str, object], key: str) -> float:
    """A number of a result."""
    value = result[key]
    assert isinstance(value, int | float)
    return float(value)


def main() -> None:
    binary = ensure_sqld_binary()
    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="schemagen-bench-online-") as work:
        tmp = Path(work)
        server = SqldServer(tmp / "sqld", binary)
        with server:
            for rows in SIZES:
                for online in VARIANTS:
                    results.append(_measure(server, rows, tmp, online))
                    r = results[-1]
                    print(f"{rows:>9,} {r['label']} total {r['total']:.1f} s (sqld CPU {r['cpu']:.1f} s), "
                          f"worst stall {_f(r, 'worst') * 1000:.0f} ms at {_f(r, 'worst_at'):.1f} s, "
                          f"swap {r['swap']} {r['failed']}",
                          flush=True)  # fmt: skip
    load = os.getloadavg()
    _plot(results, ROOT / "bench" / "online.png")
    lines = [
        "A table with one index gains NOT NULL (a rebuild) on sqld while an app writes about 50 times a "
        "second "
        "(insert, update, delete in turn), retrying a refused write until it is acknowledged. The stall is "
        "the "
        "longest time one of the app's writes took to be acknowledged; when, in seconds after the push "
        "started. sqld CPU: the server's CPU time during the push (the app's writes and any log compaction "
        "of the server included), the work whatever the machine's load.",
        "",
        "| rows | push | total time | sqld CPU | longest stall | (when, into the push) | swap | app writes "
        "(refused, retried) |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        lines.append(
            f"| {int(_f(r, 'rows')):,} | {r['label']} | {_f(r, 'total'):.1f} s | "
            f"{_f(r, 'cpu'):.1f} s | "
            f"{_f(r, 'worst') * 1000:,.0f} ms | {_f(r, 'worst_at'):.1f} s | "
            f"{r['swap'] or r['failed'] or 'the whole push'} | "
            f"{r['writes']} ({r['refused']}) |"
        )
    ratios = []
    for rows in SIZES:
        off = next(r for r in results if r["rows"] == rows and not r["online"])
        for on in (r for r in results if r["rows"] == rows and r["online"]):
            time_ratio = (
                f"the offline push failed after {_f(off, 'total'):.1f} s, so there is no offline time to "
                f"compare with ({_f(on, 'cpu') / _f(off, 'cpu'):.1f}x the server CPU of that failed attempt)"
                if off["failed"]
                else f"it takes {_f(on, 'total') / _f(off, 'total'):.1f}x the offline time "
                f"({_f(on, 'cpu') / _f(off, 'cpu'):.1f}x its server CPU)"
            )
            ratios.append(
                f"- {rows:,} rows, {on['label']}: the longest stall is "
                f"{_f(on, 'worst') / _f(off, 'worst'):.2f}x the offline one; {time_ratio}."
            )
    lines += [
        "",
        *ratios,
        "",
        f"Load average during the run: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}.",
        "",
    ]
    lines += [
        "Goal: the online rebuild's longest stall under 200 ms at both sizes (flat in the table size), "
        "where the "
        "offline one grows with the table; total time within 3x of the offline rebuild.",
        "",
        "![The app's write latency over time, offline and online](online.png)",
    ]
    write_section("online", "\n".join(lines))


if __name__ == "__main__":
    main()
