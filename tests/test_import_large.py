"""A large record in a `.json` file parses in linear time and bounded memory (issue 20, item 7)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from generator.data.records import iter_records

SIZE = 48 << 20  # one 48 MB record


def big_record(path: Path, jsonl: bool) -> Path:
    text = r"ab\\c\"d " * (SIZE // 10)  # JSON escapes across every chunk boundary
    body = '{"id": 1, "blob": "' + text + '", "nested": [[{"x": "]"}]]}'
    path.write_text(body + "\n" if jsonl else "[\n" + body + ",\n" + '{"id": 2}' + "\n]\n")
    return path


def parse(path: Path) -> tuple[float, list[int]]:
    """CPU seconds (the machine may be shared: wall time would measure the neighbours) and the ids read."""
    started = time.process_time()
    records = list(iter_records(path))
    return time.process_time() - started, [r.value["id"] for r in records]


def test_a_large_record_parses_in_linear_time(tmp_path: Path) -> None:
    as_json, as_lines = big_record(tmp_path / "big.json", False), big_record(tmp_path / "big.jsonl", True)
    lines_took, ids = parse(as_lines)
    assert ids == [1]
    json_took, ids = parse(as_json)
    assert ids == [1, 2]
    assert json_took < 3 * lines_took + 0.5, (json_took, lines_took)  # was ~25 x at 48 MB (quadratic)
    record = next(iter_records(as_json)).value
    assert record["blob"] == json.loads(as_lines.read_text())["blob"] and record["nested"] == [[{"x": "]"}]]


def test_memory_stays_within_a_small_multiple_of_the_record(tmp_path: Path) -> None:
    path = big_record(tmp_path / "big.json", False)
    code = (
        "import resource, sys; from pathlib import Path; from generator.data.records import iter_records\n"
        "base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "n = sum(1 for _ in iter_records(Path(sys.argv[1])))\n"
        "print(n, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base)"
    )
    ran = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    count, grown_kb = map(int, ran.stdout.split())
    assert count == 2 and grown_kb * 1024 < 6 * SIZE, grown_kb
