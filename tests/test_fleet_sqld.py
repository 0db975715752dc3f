"""Fleets of real sqld namespaces (one server, one database per Host name, JWT auth), through the CLI.

The proofs of the fleet: drift found everywhere then nowhere, one changed tenant named alone, a failing
canary stopping the rollout, a killed server leaving each database migrated or untouched (and a re-run
finishing the job), and one bad token failing one database only.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from helpers.cli import cli
from helpers.fleet import SPEC_V1, SPEC_V2, write_spec, write_targets
from helpers.sqld import SqldServer

from generator.fleet.run import Rollout, run_fleet
from generator.fleet.summary import DbOutcome, DbResult
from generator.fleet.targets import Secrets, read_targets
from generator.spec import load_spec

V1_OBJECTS = {"notes", "idx_notes_status"}


def namespaces(server: SqldServer, count: int, prefix: str = "t") -> list[str]:
    """Create `count` fresh namespaces (several at once: sqld takes ~30 ms each); their names, in order."""
    run = secrets.token_hex(3)
    names = [f"{prefix}{run}-{n:03d}" for n in range(count)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(server.create_namespace, names))
    return names


def targets_file(path: Path, server: SqldServer, names: list[str]) -> Path:
    return write_targets(path, [server.url_for(name) for name in names])


def test_fifty_namespaces_drift_push_clean_and_one_changed_by_hand(
    tmp_path: Path, sqld_namespaced: SqldServer
) -> None:
    server = sqld_namespaced
    names = namespaces(server, 50)
    targets = targets_file(tmp_path / "tenants.txt", server, names)
    spec = write_spec(tmp_path)
    env = {"TURSO_AUTH_TOKEN": server.tokens.rw}
    args = ["--spec", str(spec), "--targets", str(targets)]

    code, out, _ = cli("plan", *args, "--check", env=env)
    assert code == 1
    assert sorted(line.split(" (plan")[0] for line in out.splitlines() if line.startswith("drift")) == sorted(
        f"drift: {server.url_for(name)}" for name in names
    )
    assert "drift                 50" in out and "50 requests (1.0 per database)" in out

    code, out, _ = cli("push", *args, "--yes", "--format", "json", env=env)
    data = json.loads(out)
    assert code == 0 and data["outcomes"] == {"applied": 50}
    assert {r["requests"] for r in data["results"]} == {2}  # a migration is two requests, per database
    assert [p["databases"] for p in data["plans"]] == [50]  # one plan, shown once, with its count
    assert all(set(server.schema(name)) == V1_OBJECTS for name in names)

    code, out, _ = cli("plan", *args, "--check", "--format", "json", env=env)
    data = json.loads(out)
    assert code == 0 and data["outcomes"] == {"nothing to do": 50} and data["plans"] == []
    assert {r["requests"] for r in data["results"]} == {1}  # a no-op is one request

    changed = names[37]
    server.run(["ALTER TABLE notes ADD COLUMN hotfix text"], namespace=changed)
    code, out, _ = cli("plan", *args, "--check", env=env)
    assert code == 1
    notable = [line for line in out.splitlines() if line.startswith(("drift", "error", "planned"))]
    assert len(notable) == 1
    assert notable[0].startswith(
        f"drift: {server.url_for(changed)}: would be refused: needs --allow-destructive"
    )
    assert "nothing to do         49" in out
    assert server.tokens.rw not in out

    # Each database is planned from its own schema: the 49 whose sqlite_schema this run already knows cost
    # one cheap request; the changed one is introspected in full (a second request), once, and what its
    # destructive step would destroy is counted (a third).
    code, out, _ = cli("plan", *args, "--check", "--format", "json", "--concurrency", "1", env=env)
    requests = {r["database"]: r["requests"] for r in json.loads(out)["results"]}
    assert requests.pop(server.url_for(changed)) == 3
    assert set(requests.values()) == {1}


def test_a_canary_with_violating_rows_stops_the_rollout(tmp_path: Path, sqld_namespaced: SqldServer) -> None:
    server = sqld_namespaced
    names = namespaces(server, 10, "c")
    # Every tenant has the table an older app made, without the CHECK; tenant 1 holds a row the CHECK refuses.
    old = "CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL, status text DEFAULT 'open')"
    with ThreadPoolExecutor(8) as pool:
        list(
            pool.map(lambda n: server.run([old, "INSERT INTO notes (body) VALUES ('a')"], namespace=n), names)
        )
    server.run(["INSERT INTO notes (body, status) VALUES ('b', 'archived')"], namespace=names[1])
    targets = targets_file(tmp_path / "tenants.txt", server, names)

    code, out, _ = cli(
        "push", "--spec", str(write_spec(tmp_path)), "--targets", str(targets), "--yes", "--canary", "3",
        env={"TURSO_AUTH_TOKEN": server.tokens.rw},
    )  # fmt: skip
    assert code == 1
    refused = f"refused: {server.url_for(names[1])}: nothing was changed: notes: 1 row would violate CHECK"
    assert f"{refused} status IN ('open', 'done')" in out
    assert "stopped: the canary (3 databases) had 1 failed or refused; 7 databases not started." in out
    assert "applied                2" in out
    for index, name in enumerate(names):
        migrated = "CHECK" in server.schema(name)["notes"]
        assert migrated == (index in (0, 2)), name  # the refused canary and every later tenant: untouched
        assert server.run(["SELECT count(*) FROM notes"], namespace=name)[0][0][0] == (
            "2" if index == 1 else "1"
        )


def test_sqld_killed_mid_rollout_leaves_each_database_whole_and_a_rerun_finishes(
    tmp_path: Path, sqld_factory: Callable[..., SqldServer]
) -> None:
    server = sqld_factory(namespaces=True)
    names = namespaces(server, 40, "k")
    targets = read_targets(targets_file(tmp_path / "tenants.txt", server, names), Secrets(tmp_path, {}))
    v1, v2 = load_spec(write_spec(tmp_path)), load_spec(write_spec(tmp_path, SPEC_V2, "v2.yaml"))
    assert run_fleet(v1, targets, "push", token=server.tokens.rw).outcomes == {DbOutcome.APPLIED: 40}

    def kill_after_ten(result: DbResult, done: int, total: int) -> None:
        if done == 10:
            server.kill()  # SIGKILL, while the other workers' pushes are in flight

    report = run_fleet(v2, targets, "push", token=server.tokens.rw, progress=kill_after_ten)
    outcomes = report.outcomes
    assert report.exit_code == 2
    assert outcomes[DbOutcome.APPLIED] >= 10 and outcomes[DbOutcome.ERROR] >= 20
    assert outcomes[DbOutcome.APPLIED] + outcomes[DbOutcome.ERROR] == 40

    server.start()
    states = {}
    for name in names:
        objects = set(server.schema(name))
        assert objects in (V1_OBJECTS, V1_OBJECTS | {"tags"}), (name, objects)
        columns = {
            row[0] for row in server.run(["SELECT name FROM pragma_table_info('notes')"], namespace=name)[0]
        }
        migrated = "tags" in objects
        assert ("pinned" in columns) == migrated, (name, columns)  # never half-migrated
        states[name] = migrated
    assert (
        sum(states.values()) >= outcomes[DbOutcome.APPLIED]
    )  # an apply whose answer was lost may have committed

    again = run_fleet(v2, targets, "push", token=server.tokens.rw, rollout=Rollout(concurrency=4))
    assert again.exit_code == 0
    assert again.outcomes == {
        DbOutcome.NOTHING: sum(states.values()),
        DbOutcome.APPLIED: 40 - sum(states.values()),
    }
    assert all("tags" in server.schema(name) for name in names)


def test_a_bad_token_fails_that_database_only(tmp_path: Path, sqld_namespaced: SqldServer) -> None:
    server = sqld_namespaced
    names = namespaces(server, 8, "b")
    lines = [server.url_for(name) for name in names]
    lines[3] += " TENANT3_TOKEN"  # this tenant names its own token, a forged one
    targets = write_targets(tmp_path / "tenants.txt", lines)
    env = {"TURSO_AUTH_TOKEN": server.tokens.rw, "TENANT3_TOKEN": server.tokens.forged}

    code, out, err = cli(
        "push", "--spec", str(write_spec(tmp_path, SPEC_V1)), "--targets", str(targets), "--yes", env=env
    )
    assert code == 2
    errors = [line for line in out.splitlines() if line.startswith("error")]
    assert errors == [
        f"error: {server.url_for(names[3])}: the auth token was rejected ({errors[0].split('(', 1)[1]}"
    ]
    assert "applied                7" in out and "error                  1" in out
    assert [set(server.schema(n)) == V1_OBJECTS for n in names] == [
        True,
        True,
        True,
        False,
        True,
        True,
        True,
        True,
    ]
    for token in (server.tokens.rw, server.tokens.forged):
        assert token not in out + err
