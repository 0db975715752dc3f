"""What a command loads and does before its first request (issue 29: the start-up is CPU that the bench's
floors do not pay): each command imports only what it uses, and the cyclic garbage collector, paused while
the console script starts, runs again once the command's work begins.

Each case runs the real console-script entry point (`generator.cli.main`) in a child process; an audit hook
reports the loaded modules at the first socket connect (no server is needed to see what was loaded by
then) or at exit.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from helpers.loopback import free_port

from generator.cli.shell import pause_collector, run
from generator.db import connect
from generator.spec import load_spec
from generator.sqlite.ddl import schema_statements

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "schema.yaml"
QUESTIONS = ROOT / "tests" / "data" / "reference" / "questions" / "aws.json"

PROBE = r"""
import atexit, gc, json, os, sys

out, at, watch = sys.argv[1:4]
sys.argv = ["schemagen", *sys.argv[4:]]
seen = {}


def dump():
    with open(out, "w") as f:
        json.dump({"modules": sorted(sys.modules), **seen}, f)


def hook(event, args):
    if event == "import" and args[0] == watch and "importing" not in seen:
        seen["importing"] = gc.isenabled()
    elif event == "socket.connect" and at == "connect":
        seen["first request"] = gc.isenabled()
        dump()
        os._exit(0)


sys.addaudithook(hook)
if at == "exit":
    atexit.register(dump)
from generator.cli import main

main()
"""

# Loaded by none of the commands below: they render nothing, and read no engine profile.
NEVER = ("jinja2", "generator.emit.render", "generator.emit.templates", "jsonschema", "rich")


def probe(tmp_path: Path, at: str, watch: str, *args: str, cache: Path | None = None) -> dict[str, Any]:
    """Run `schemagen ARGS` through the console script; the modules it had loaded (and whether the
    collector ran while it imported `watch`, and at the first request) at its first connect or its exit."""
    out = tmp_path / "probe.json"
    env = {**os.environ, "NO_COLOR": "1", "TURSO_AUTH_TOKEN": "not-a-real-token"}
    if cache is not None:
        env["XDG_CACHE_HOME"] = str(cache)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(out), at, watch, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.exists(), done.stderr
    found: dict[str, Any] = json.loads(out.read_text())
    return found


def test_import_over_http_loads_neither_the_file_driver_nor_the_engine_profiles(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    args = ("import", "questions", str(QUESTIONS), "--url", url)
    found = probe(tmp_path, "connect", "generator.data.importer", *args)
    modules = set(found["modules"])
    assert {"generator.data.importer", "generator.db.hrana", "http.client"} <= modules
    assert not modules & {"generator.db.file", "generator.engines", "generator.cli.fleet", *NEVER}
    # Needed only on the rare paths that use them: a batch tried again, a reader that failed. (uuid, for a
    # uuid app default, is loaded anyway: msgspec's core imports it; hashlib and pickle: the kept spec's.)
    assert not modules & {"secrets", "multiprocessing"}
    # Paused while the command imported its modules; running again once its work began.
    assert found["importing"] is False
    assert found["first request"] is True


def test_import_into_a_file_never_loads_the_http_client(tmp_path: Path) -> None:
    db = tmp_path / "app.db"
    with connect(f"file:{db}", create=True) as conn:
        conn.apply(schema_statements(load_spec(SPEC)))
    args = ("import", "questions", str(QUESTIONS), "--url", f"file:{db}")
    found = probe(tmp_path, "exit", "generator.data.importer", *args)
    modules = set(found["modules"])
    assert "generator.db.file" in modules
    assert not modules & {"generator.db.hrana", "http.client", "ssl", "email.parser", *NEVER}
    assert found["importing"] is False
    with connect(f"file:{db}") as conn:  # the import did run to its end
        assert conn.query("SELECT count(*) FROM questions")[0][0] == 328


def test_fleet_check_loads_no_file_driver(tmp_path: Path) -> None:
    port = free_port()
    targets = tmp_path / "targets.txt"
    targets.write_text("".join(f"http://tenant{n}.localhost:{port}\n" for n in range(3)))
    args = ("plan", "--spec", str(SPEC), "--format", "json", "--targets", str(targets), "--check")
    cache = tmp_path / "cache"
    first = probe(tmp_path, "connect", "generator.migrate.push", *args, cache=cache)
    assert {"yaml", "generator.spec.check"} <= set(first["modules"])  # read and checked, then kept
    found = probe(tmp_path, "connect", "generator.migrate.push", *args, cache=cache)
    modules = set(found["modules"])
    assert {"generator.fleet.run", "generator.db.hrana", "generator.spec.kept"} <= modules
    assert not modules & {"generator.db.file", "generator.data.audit", *NEVER}
    # The spec loaded before is taken from the cache: neither the YAML reader nor the checks are loaded.
    assert not modules & {"yaml", "generator.spec.load", "generator.spec.check", "generator.spec.semantics"}
    assert found["importing"] is False
    assert found["first request"] is True


def test_the_first_library_call_ends_the_pause() -> None:
    """In-process: `execute` (what the tests call) never pauses; the console script's pause ends at `run`."""
    assert gc.isenabled()
    try:
        pause_collector()
        assert not gc.isenabled()
        assert run(gc.isenabled) is True
        assert gc.get_freeze_count() > 0  # what the start-up made is left out of later collections
        assert run(gc.isenabled) is True  # and the next call leaves it as it is
    finally:
        gc.unfreeze()
        gc.enable()
