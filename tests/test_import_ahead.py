"""The later files of an import read and checked in a forked child (generator/data/ahead.py).

What comes out must be exactly what one process gives: the same records, prepared the same way, in the same
order, the same per-file columns filled from a file's top level, and an unreadable file raised at its place
in the order. A child that dies leaves nothing used: the parent reads its files itself.
"""

from __future__ import annotations

import json
import os
import pty
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from helpers.cli import cli
from helpers.targets import file_target
from helpers.terminal import drain

from generator.data import ahead, importer
from generator.data import split as splitting
from generator.data.ahead import PreparedRecords
from generator.data.importer import import_records
from generator.data.importreport import ImportReport
from generator.data.validate import validator_for
from generator.db import FileDatabase, parse_url
from generator.errors import DataError
from generator.spec import load_spec

ROOT = Path(__file__).resolve().parent.parent
SPEC = load_spec(ROOT / "spec" / "schema.yaml")
REAL = json.loads((ROOT / "tests" / "data" / "reference" / "questions" / "aws.json").read_text())
VALIDATOR = validator_for("questions", SPEC)


def question(i: int) -> dict[str, Any]:
    return {**REAL[i % len(REAL)], "id": f"r-{i}"}


def corpus(directory: Path) -> list[Path]:
    """Files of every kind an import reads, with every kind of problem, spread over both halves."""
    directory.mkdir()
    files: list[Path] = []
    for n in range(6):
        records: list[Any] = [question(n * 100 + i) for i in range(40)]
        records[3] = {**records[3], "difficulty": "impossible", "nonsense": True}  # invalid, an unknown key
        records[5] = ["not", "an", "object"]
        records[9] = {**records[9], "tags": "{broken"}  # invalid JSON text in a JSON column
        path = directory / f"q{n}.json"
        path.write_text(json.dumps(records, indent=1))
        files.append(path)
    lines = directory / "q6.jsonl"
    lines.write_text("\n".join([json.dumps(question(900)), "{not json", "", json.dumps(question(901))]))
    files.append(lines)
    single = directory / "q7.json"  # one record: an object of columns
    single.write_text(json.dumps(question(950)))
    files.append(single)
    return files


def keyed(directory: Path) -> list[Path]:
    """Files holding their records under a key, with members at the top level that fill every record."""
    directory.mkdir()
    files = []
    for n in range(4):
        records = [{k: v for k, v in question(n * 10 + i).items() if k != "channel"} for i in range(30)]
        path = directory / f"k{n}.json"
        path.write_text(json.dumps({"channel": f"top-{n}", "questions": records, "note": n}))
        files.append(path)
    return files


def read(paths: list[Path], *, forked: bool, key: str | None = None) -> tuple[list[Any], dict[int, Any]]:
    filled: dict[int, Any] = {}
    source = PreparedRecords(VALIDATOR, key, paths, lambda n, cols: filled.__setitem__(n, cols), ahead=forked)
    assert (source.child is not None) == forked  # the test is about the child: make sure there is one
    out = []
    try:
        for file_no, record, p in source:
            problems = [(x.column, x.message, x.kind) for x in p.problems]
            out.append((file_no, record.index, record.line, p.values, problems, p.unknown, p.filled))
    finally:
        source.close()
    return out, filled


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fork whatever the size (and in a test worker, which runs threads of its own)."""
    monkeypatch.setattr(ahead, "MIN_BYTES", 0)
    monkeypatch.setattr(ahead, "may_fork", lambda: True)


@pytest.mark.usefixtures("forking")
def test_a_child_gives_exactly_what_one_process_gives(tmp_path: Path) -> None:
    paths = corpus(tmp_path / "in")
    alone, _ = read(paths, forked=False)
    forked, _ = read(paths, forked=True)
    assert forked == alone
    kinds = {k for row in forked for _, _, k in row[4]}
    assert {"enum", "record", "json-invalid"} <= {str(k) for k in kinds}
    assert any(row[5] == ("nonsense",) for row in forked if row[0] >= 4)  # from the child's half


@pytest.mark.usefixtures("forking")
def test_the_columns_a_files_top_level_fills_come_back_per_file(tmp_path: Path) -> None:
    paths = keyed(tmp_path / "in")
    alone, alone_filled = read(paths, forked=False, key="questions")
    forked, forked_filled = read(paths, forked=True, key="questions")
    assert forked == alone and len(forked) == 120
    assert forked_filled == alone_filled == {n: ("channel",) for n in range(4)}
    assert {row[3]["channel"] for row in forked if row[0] == 3} == {"top-3"}


@pytest.mark.usefixtures("forking")
def test_an_unreadable_file_in_the_childs_half_is_raised_at_its_place(tmp_path: Path) -> None:
    paths = corpus(tmp_path / "in")
    paths[5].write_text('[{"id": "a"}, {"id": ')  # a JSON document cut short
    seen: list[int] = []
    for forked in (False, True):
        source = PreparedRecords(VALIDATOR, None, paths, lambda n, c: None, ahead=forked)
        count = 0
        with pytest.raises(DataError, match=r"q5\.json:1:\d+: "):
            try:
                for _ in source:
                    count += 1
            finally:
                source.close()
        seen.append(count)
    assert seen[0] == seen[1] == 5 * 40 + 1  # every record before the cut, in both ways


@pytest.mark.usefixtures("forking")
def test_a_child_that_dies_leaves_its_files_to_the_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = corpus(tmp_path / "in")
    alone, _ = read(paths, forked=False)
    monkeypatch.setattr(ahead, "_park", lambda *args: os.kill(os.getpid(), signal.SIGKILL))
    forked, _ = read(paths, forked=True)
    assert forked == alone


@pytest.mark.usefixtures("forking")
def test_closing_early_stops_and_reaps_the_child(tmp_path: Path) -> None:
    paths = corpus(tmp_path / "in")
    source = PreparedRecords(VALIDATOR, None, paths, lambda n, c: None)
    child = source.child
    assert child is not None
    next(iter(source))
    source.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(child.pid, 0)  # reaped: no zombie left
    assert child.out.closed


@pytest.mark.usefixtures("forking")
def test_waiting_for_children_ends_when_one_ends() -> None:
    """The parent sleeps between progress reports, and wakes up as soon as a child ends."""
    children: list[ahead.Child] = []
    ahead.Child.start(lambda out: time.sleep(0.05), children.append)
    ahead.Child.start(lambda out: time.sleep(60), children.append)
    try:
        started = time.monotonic()
        ahead.Child.wait_any(children, 30.0)
        assert time.monotonic() - started < 20.0  # woken by the first child's end, not the timeout
        assert children[0].done(wait=True) and children[0].code == 0
        assert not children[1].done(wait=False)
    finally:
        for child in children:
            child.stop()
    assert all(child.out.closed for child in children)


def test_no_child_for_one_file_or_a_small_import(tmp_path: Path) -> None:
    paths = corpus(tmp_path / "in")
    assert sum(p.stat().st_size for p in paths) < ahead.MIN_BYTES
    assert ahead.split_point(paths) == len(paths)
    assert ahead.split_point(paths[:1]) == 1


def test_the_split_gives_the_child_the_later_share_of_the_bytes(tmp_path: Path) -> None:
    paths = []
    for n, size in enumerate((3, 1, 1, 1, 2, 2)):
        path = tmp_path / f"{n}.json"
        path.write_bytes(b" " * size * (1 << 20))
        paths.append(path)
    split = ahead.split_point(paths)
    child = sum(p.stat().st_size for p in paths[split:]) / sum(p.stat().st_size for p in paths)
    assert 0 < split < len(paths) and abs(child - ahead.CHILD_SHARE) < 0.2


TRACED = """
import sys
from generator.data import importer
real = importer.read_split
def traced(*args):
    parts = real(*args)
    print(f"split: {parts is not None}", file=sys.stderr)
    return parts
importer.read_split = traced
from generator.cli import main
sys.argv = ["schemagen", *sys.argv[1:]]
main()
"""


def test_a_real_import_process_splits_its_pass_and_names_rows_by_file_and_line(tmp_path: Path) -> None:
    """A real `schemagen import` process (one thread: it may fork) of more than MIN_BYTES in two files, whose
    pass must end before the first write (--on-conflict fail): two readers split it, and the invalid
    records are named by file and line, in input order, the second file's as well."""
    first, second = tmp_path / "a.json", tmp_path / "b.jsonl"
    text = "x" * 3000
    rows = [{**question(i), "explanation": text} for i in range(1400)]
    rows[650] = {**rows[650], "difficulty": 7}
    first.write_text(json.dumps(rows[:700], indent=1))
    rows[710] = {**rows[710], "difficulty": 9}
    second.write_text("\n".join(json.dumps(r) for r in rows[700:]) + "\n")
    assert first.stat().st_size + second.stat().st_size >= ahead.MIN_BYTES  # two readers share it
    url = f"file:{tmp_path / 'x.db'}"
    spec = str(ROOT / "spec" / "schema.yaml")
    assert cli("push", "--url", url, "--spec", spec, process=True).exit_code == 0
    args = [
        "import",
        "questions",
        str(first),
        str(second),
        "--url",
        url,
        "--spec",
        spec,
        "--on-conflict",
        "fail",
    ]
    done = subprocess.run(
        [sys.executable, "-c", TRACED, *args], capture_output=True, text=True, cwd=tmp_path, check=False
    )
    assert done.returncode == 1, done.stderr
    assert "split: True" in done.stderr, done.stdout
    listed = re.findall(r"(\S+\.jsonl?):(\d+): row", done.stdout + done.stderr)
    line = 2 + sum(json.dumps(r, indent=1).count("\n") + 1 for r in rows[:650])  # where record 650 starts
    assert [(Path(f).name, int(n)) for f, n in listed] == [("a.json", line), ("b.jsonl", 11)]
    assert "2 invalid rows" in done.stdout + done.stderr
    done = subprocess.run(
        [sys.executable, "-c", TRACED, *args, "--skip-invalid"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and "split: True" in done.stderr, done.stderr
    with sqlite3.connect(tmp_path / "x.db") as db:
        assert db.execute("SELECT count(*) FROM questions").fetchone() == (1398,)


# --- the validating pass split over two readers (split.py) -------------------------------------------------


class CommitPerBatch(FileDatabase):
    """A local file with a server's capabilities: no transaction across batches (the HTTP import's path)."""

    one_transaction = False


def mixed(directory: Path, *, clean: bool = False) -> list[Path]:
    """Keys given twice (within a half and across the halves), unknown keys and (unless `clean`) invalid
    records."""
    directory.mkdir()
    files = []
    for n in range(6):
        records: list[Any] = [question(n * 100 + i) for i in range(50)]
        records[2] = {**records[2], "mood": 1}
        records[4] = {**records[4], "id": f"r-{n * 100 + 3}", "answer": f"again {n}"}  # the key before it
        records[7] = {**records[7], "id": "r-1", "answer": f"last {n}"}  # a key of the first file
        if not clean:
            records[3] = {**records[3], "difficulty": "impossible"}
            records[8] = [1, 2]
        path = directory / f"m{n}.json" if n != 4 else directory / "m4.jsonl"
        if n == 4:
            path.write_text("\n".join(json.dumps(r) for r in records) + ("\n" if clean else "\n{torn\n"))
        else:
            path.write_text(json.dumps(records, indent=1))
        files.append(path)
    return files


def outcome(report: ImportReport, url: str) -> tuple[Any, ...]:
    with sqlite3.connect(url.removeprefix("file:")) as db:
        rows = db.execute("SELECT id, answer, tags FROM questions ORDER BY id").fetchall()
    summary = re.sub(r" in file:\S+ \(.*\)$", "", report.summary())  # the database and the time differ
    return (report.details(), [line.rsplit("/", 1)[1] for line in report.file_lines()], summary, rows)


@pytest.fixture
def split_parts(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Whether each split pass ran on two readers (forking allowed in this test worker)."""
    ran: list[bool] = []

    def recorded(*args: Any) -> Any:
        parts = splitting.read_split(*args)
        ran.append(parts is not None)
        return parts

    monkeypatch.setattr(importer, "read_split", recorded)
    monkeypatch.setattr(splitting, "may_fork", lambda: True)
    return ran


@pytest.mark.parametrize(
    ("database", "clean", "options"),
    [
        (CommitPerBatch, True, {}),
        (CommitPerBatch, True, {"batch_rows": 7}),
        (CommitPerBatch, True, {"on_conflict": "replace"}),
        (CommitPerBatch, False, {}),
        (CommitPerBatch, False, {"on_conflict": "fail", "skip_invalid": True}),
        (CommitPerBatch, False, {"skip_invalid": True}),  # streamed: never split
        (CommitPerBatch, False, {"skip_invalid": True, "on_conflict": "replace", "batch_rows": 9}),
        (FileDatabase, True, {"on_conflict": "fail"}),
    ],
)
def test_the_split_pass_reports_and_writes_what_one_pass_does(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    database: type[FileDatabase],
    clean: bool,
    options: dict[str, Any],
    split_parts: list[bool],
) -> None:
    paths = mixed(tmp_path / "in", clean=clean)
    seen: list[Any] = []
    for split in (False, True):
        monkeypatch.setattr(ahead, "MIN_BYTES", 0 if split else 1 << 60)
        target = file_target(tmp_path / f"db{split}")
        (tmp_path / f"db{split}").mkdir()
        target.create(SPEC)
        with database(parse_url(target.url)) as db:
            report = import_records(db, SPEC, "questions", paths, **options)
        seen.append(outcome(report, target.url))
    # Over HTTP with --skip-invalid the batches go as they are validated (streamed): no split pass at all.
    streamed = (
        database is CommitPerBatch and options.get("skip_invalid") and options.get("on_conflict") != "fail"
    )
    if streamed:
        assert split_parts == []
    else:
        assert split_parts[-1] and split_parts.count(True) == 1  # one pass (not split), then the split one
    assert seen[0] == seen[1]
    assert "mood" in " ".join(seen[1][0])  # the unknown key, counted
    written = (clean or options.get("skip_invalid", False)) and options.get("on_conflict") != "fail"
    assert bool(seen[1][3]) == written  # written, or refused (repeated keys with fail, invalid rows)


@pytest.mark.usefixtures("forking")
def test_an_unreadable_file_of_either_half_stops_the_split_pass_as_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ahead, "MIN_BYTES", 0)
    monkeypatch.setattr(splitting, "may_fork", lambda: True)
    paths = mixed(tmp_path / "in")
    for broken in (paths[1], paths[5]):
        saved = broken.read_text()
        broken.write_text('[{"id": "x"}, ')
        target = file_target(tmp_path)
        target.create(SPEC) if not (tmp_path / "app.db").exists() else None
        with CommitPerBatch(parse_url(target.url)) as db, pytest.raises(DataError, match=broken.name):
            import_records(db, SPEC, "questions", paths)
        broken.write_text(saved)


def test_the_split_pass_with_a_reader_that_dies_is_run_by_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ahead, "MIN_BYTES", 0)
    monkeypatch.setattr(splitting, "may_fork", lambda: True)
    real = splitting._reader

    def dying(reading: Any, files: tuple[int, int], *rest: Any) -> Any:
        work = real(reading, files, *rest)
        return (lambda out: os.kill(os.getpid(), signal.SIGKILL)) if files[0] else work

    monkeypatch.setattr(splitting, "_reader", dying)
    paths = mixed(tmp_path / "in")
    target = file_target(tmp_path)
    target.create(SPEC)
    with CommitPerBatch(parse_url(target.url)) as db:
        report = import_records(db, SPEC, "questions", paths, skip_invalid=True)
    assert report.read == 6 * 50 + 1 and report.new > 0


def big_import(tmp_path: Path) -> tuple[list[str], str, str]:
    """Two files that two readers share (more than MIN_BYTES), a database pushed from the spec: the
    files, the database URL, the spec."""
    paths = []
    for n in range(2):
        path = tmp_path / f"q{n}.json"
        records = [{**question(n * 1000 + i), "explanation": "x" * 3000} for i in range(800)]
        path.write_text(json.dumps(records))
        paths.append(str(path))
    url = f"file:{tmp_path / 'x.db'}"
    spec = str(ROOT / "spec" / "schema.yaml")
    assert cli("push", "--url", url, "--spec", spec, process=True).exit_code == 0
    return paths, url, spec


SLOW_READERS = """
import os, sys, time
from generator.data import ahead, split
start = ahead.Child.start
def traced(work, keep):
    def kept(child):
        keep(child)
        print(f"forked {child.pid}", file=sys.stderr, flush=True)
    start(lambda out: (time.sleep(60), work(out)), kept)
ahead.Child.start = traced
from generator.cli import main
sys.argv = ["schemagen", *sys.argv[1:]]
main()
"""


def ctrl_c_delivered() -> None:
    """In the child before exec: SIGINT handled by default and not blocked, whatever the test worker did
    with it (tests/conftest.py, real_ctrl_c)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def test_ctrl_c_while_the_readers_work_stops_them_and_writes_nothing(tmp_path: Path) -> None:
    """Ctrl-C reaches this process (the readers ignore it): it stops and reaps both readers, and says that
    nothing was written."""
    paths, url, spec = big_import(tmp_path)
    args = ["import", "questions", *paths, "--url", url, "--spec", spec, "--on-conflict", "fail"]
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_READERS, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=ctrl_c_delivered,
    )
    assert process.stderr is not None
    pids = [int(process.stderr.readline().split()[1]) for _ in range(2)]
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert "interrupted (nothing was written)" in out + err
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # stopped and reaped: not left running
    with sqlite3.connect(tmp_path / "x.db") as db:
        assert db.execute("SELECT count(*) FROM questions").fetchone() == (0,)


LINKED = """version: 1
tables:
  authors:
    description: Authors.
    columns:
      id: {type: text, primary_key: true, not_null: true}
  posts:
    description: Posts, each by an author.
    columns:
      id: {type: text, primary_key: true, not_null: true}
      author_id: {type: text, not_null: true, references: {table: authors, column: id}}
      body: {type: text}
"""


@pytest.mark.parametrize("options", [{}, {"skip_invalid": True}])
def test_the_split_pass_collects_what_foreign_keys_name_as_one_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: dict[str, Any], split_parts: list[bool]
) -> None:
    """Each reader collects the values the foreign key names; merged, they are looked up once, and the
    records naming a missing parent are refused as one pass refuses them."""
    (tmp_path / "schema.yaml").write_text(LINKED)
    spec = load_spec(tmp_path / "schema.yaml")
    directory = tmp_path / "in"
    directory.mkdir()
    paths = []
    for n in range(4):
        posts = [{"id": f"p{n}-{i}", "author_id": f"a{i % 7}", "body": "x" * 50} for i in range(60)]
        posts[n + 1]["author_id"] = f"ghost-{n}"
        path = directory / f"posts{n}.json"
        path.write_text(json.dumps(posts))
        paths.append(path)
    seen = []
    for split in (False, True):
        monkeypatch.setattr(ahead, "MIN_BYTES", 0 if split else 1 << 60)
        target = file_target(tmp_path / f"db{split}")
        (tmp_path / f"db{split}").mkdir()
        target.create(spec, *(f"INSERT INTO authors VALUES ('a{i}')" for i in range(7)))
        with CommitPerBatch(parse_url(target.url)) as db:
            report = import_records(db, spec, "posts", paths, **options)
        with sqlite3.connect(target.url.removeprefix("file:")) as conn:
            rows = conn.execute("SELECT id, author_id FROM posts ORDER BY id").fetchall()
        seen.append((report.details(), [line.rsplit("/", 1)[1] for line in report.file_lines()], rows))
    assert split_parts == [False, True] and seen[0] == seen[1]
    assert sum("ghost-" in line for line in seen[1][0]) == 4  # every dangling record, named
    assert len(seen[1][2]) == (4 * 59 if options else 0)


def test_on_a_terminal_the_progress_bar_leaves_the_process_one_thread_so_it_splits(tmp_path: Path) -> None:
    """The import's progress bar is redrawn by its callback, not by a thread of its own: a bar on a
    terminal must not keep the pass from being split."""
    paths, url, spec = big_import(tmp_path)
    args = ["import", "questions", *paths, "--url", url, "--spec", spec]
    args += ["--on-conflict", "fail"]  # every key known first: the pass ends before the first write
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-c", TRACED, *args],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=follower,
        env={**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm", "COLUMNS": "100"},
    )
    os.close(follower)
    process.communicate(timeout=120)
    shown = drain(leader)
    assert process.returncode == 0, shown.decode(errors="replace")
    assert b"questions: reading" in shown  # the bar was drawn
    assert b"split: True" in shown
