"""What a fleet run shares across its databases (issue 29): kept-alive connections to one server, answers
that differ only in sqld's timing members decoded once, a plan made once while other workers wait for it,
and the spec's engine check made once. Real sqld namespaces; connections counted by a loopback relay.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from helpers.cli import cli
from helpers.fleet import SPEC_V1, write_spec, write_targets
from helpers.sqld import SqldServer
from test_fleet_sqld import namespaces

from generator.db import answers, resolve_target, wire
from generator.db.answers import Executed, ShapeError, parse_pipeline
from generator.fleet.work import Settings
from generator.migrate import cache as cache_module
from generator.migrate.cache import SchemaCache
from generator.migrate.push import PushOptions
from generator.spec import load_spec


class Relay:
    """A TCP relay on 127.0.0.1 to a sqld: counts the connections made to it, can drop them all."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream_port = upstream_port
        self.connections = 0
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.2)
        self.port: int = self._listener.getsockname()[1]
        self._stopped = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stopped.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            with self._lock:
                self.connections += 1
                self._open += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def drop_all(self) -> None:
        """Close every relayed connection (as a server restarting or timing idle ones out would)."""
        with self._lock:
            for sock in self._open:
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._open = []

    def stop(self) -> None:
        self._stopped.set()
        self._listener.close()
        self.drop_all()


@contextmanager
def relay_to(server: SqldServer) -> Iterator[Relay]:
    relay = Relay(server.port)
    try:
        yield relay
    finally:
        relay.stop()


def through(relay: Relay, names: list[str], path: Path) -> Path:
    """A targets file naming each namespace at the relay's port (the Host header selects it)."""
    return write_targets(path, [f"http://{name}.localhost:{relay.port}" for name in names])


def test_a_fleet_check_reuses_one_connection_per_worker_and_survives_dropped_ones(
    tmp_path: Path, sqld_namespaced: SqldServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    server = sqld_namespaced
    names = namespaces(server, 24, prefix="k")
    spec = write_spec(tmp_path)
    env = {"TURSO_AUTH_TOKEN": server.tokens.rw}
    with relay_to(server) as relay:
        targets = through(relay, names, tmp_path / "t.txt")
        args = ["--spec", str(spec), "--targets", str(targets), "--format", "json"]
        code, out, _ = cli("push", *args, "--yes", "--concurrency", "1", env=env)
        data = json.loads(out)
        assert code == 0 and data["outcomes"] == {"applied": 24}
        # The reads share one kept-alive connection; every apply has a connection of its own (never resent).
        assert relay.connections == 1 + 24
        assert {r["requests"] for r in data["results"]} == {2}

        relay.drop_all()  # the kept connection is dead: the next run must not fail on it
        before = relay.connections
        code, out, _ = cli("plan", *args, "--check", "--concurrency", "4", env=env)
        data = json.loads(out)
        assert code == 0 and data["outcomes"] == {"nothing to do": 24}, out
        assert {r["requests"] for r in data["results"]} == {1}  # no read counted twice
        assert 1 <= relay.connections - before <= 4  # at most one per worker, not one per database

        # Closed after the check that it is still open (as if the server timed it out just then): the read
        # fails on it and is sent again on a new connection, counted once.
        relay.drop_all()
        monkeypatch.setattr(wire, "_usable", lambda conn: True)
        before = relay.connections
        code, out, _ = cli("plan", *args, "--check", "--concurrency", "1", env=env)
        data = json.loads(out)
        assert code == 0 and data["outcomes"] == {"nothing to do": 24}, out
        assert {r["requests"] for r in data["results"]} == {1}
        assert relay.connections - before == 1


def test_answers_that_differ_only_in_timing_are_decoded_once() -> None:
    def answer(duration: str, index: str, rows: str = '[[{"type":"text","value":"t"}]]') -> bytes:
        result = (
            '{"cols":[{"name":"name","decltype":"TEXT"}],"rows":' + rows + ',"affected_row_count":0,'
            f'"last_insert_rowid":null,"replication_index":{index},"query_duration_ms":{duration}}}'
        )
        ok = '{"type":"ok","response":{"type":"execute","result":' + result + "}}"
        close = '{"type":"ok","response":{"type":"close"}}'
        return f'{{"baton":null,"base_url":null,"results":[{ok},{close}]}}'.encode()

    kinds: list[answers.RequestKind] = [("execute", None)]
    first = parse_pipeline(answer("0.513", '"56"'), kinds)
    again = parse_pipeline(answer("12", '"57"'), kinds)
    assert first == again == [Executed((("t",),), 0)]
    assert again[0] is first[0]  # remembered, not decoded again
    other = parse_pipeline(answer("0.5", '"56"', rows='[[{"type":"text","value":"u"}]]'), kinds)
    assert other == [Executed((("u",),), 0)]  # other rows: decoded on their own
    # A value cut from the key must be a well-formed scalar: anything else is decoded (and refused) as is.
    with pytest.raises(ShapeError):
        parse_pipeline(answer("0.5,", '"56"'), kinds)
    with pytest.raises(ShapeError):
        parse_pipeline(answer("[1]", '"56"').replace(b'"rows":', b'"rows":1,"x":'), kinds)
    # Compared in place: bytes that differ after a cut value, or follow the remembered answer, are another
    # answer (decoded, and refused when it is not one).
    later = answer("3", '"58"').replace(b',{"type":"ok","response":{"type":"close"}}', b"")  # 1 result of 2
    with pytest.raises(ShapeError):
        parse_pipeline(later, kinds)
    with pytest.raises(ShapeError):
        parse_pipeline(answer("3", '"58"') + b"]", kinds)
    assert parse_pipeline(answer("3", "null") + b" \n", kinds) == first  # JSON's own trailing space


def test_the_model_of_known_rows_is_found_again_whichever_rows_came_last() -> None:
    cache = SchemaCache()
    one, two = load_spec(text="version: 1\ntables: {}\n"), load_spec(text=SPEC_V1)
    rows_one = [("table", "a", "a", "CREATE TABLE a(x)")]
    rows_two = [("table", "b", "b", "CREATE TABLE b(x)")]
    cache.remember(rows_one, one, ((), ()))
    cache.remember(rows_two, two, ((), ()))
    copy_of_one = [tuple("".join(list(v)) for v in rows_one[0])]  # equal rows, other objects
    for rows, model in [
        (rows_one, one),
        (rows_two, two),
        (rows_two, two),
        (copy_of_one, one),
        (rows_one, one),
    ]:
        found = cache.model(rows)
        assert found is not None and found[0] is model
    assert cache.model([("table", "c", "c", "CREATE TABLE c(x)")]) is None
    assert cache.model(rows_one[:0]) is None


def test_a_fleet_resolves_each_database_as_resolve_target_does(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SCHEMAGEN_TIMEOUT=7\nSCHEMAGEN_MAX_ANSWER_MB=2\n")
    options = PushOptions(cwd=tmp_path)
    settings = Settings()
    for url in ("http://a.localhost:1", "http://b.localhost:1"):
        for token in ("t1", None):
            expected = resolve_target(url, token, tmp_path)
            assert settings.resolve(url, token, options) == expected
            assert settings.resolve(url, token, options).token == expected.token  # not compared by ==


def counted(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    """Count the calls of the migrate cache's `name` (one entry per call), which still does its work."""
    calls: list[int] = []
    real = getattr(cache_module, name)

    def counting(*args: object) -> object:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(cache_module, name, counting)
    return calls


def test_one_plan_is_made_while_the_other_workers_wait_for_it(monkeypatch: pytest.MonkeyPatch) -> None:
    made = counted(monkeypatch, "plan_migration")
    cache = SchemaCache()
    live = load_spec(text="version: 1\ntables: {}\n")
    target = load_spec(text=SPEC_V1)
    start = threading.Barrier(8)
    plans: list[object] = []

    def worker() -> None:
        start.wait()
        plans.append(cache.plan(live, target))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(plans) == 8 and all(p is plans[0] for p in plans)
    assert len(made) == 1
    assert not plans[0].is_empty  # type: ignore[attr-defined]


def test_the_engine_check_is_made_once_per_run(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = counted(monkeypatch, "unsupported")
    cache = SchemaCache()
    schema = load_spec(text=SPEC_V1)
    found = [cache.unsupported(schema, ("turso",)) for _ in range(5)]
    assert len(calls) == 1 and all(f == found[0] for f in found)
    cache.unsupported(schema, ("libsql",))
    assert len(calls) == 2  # another engine list is checked on its own
