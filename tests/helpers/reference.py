"""The real exports the tests read (tests/data/reference, copied from shared/reference/data)."""

from __future__ import annotations

# Each table's files of records that all import as they are, with the member of a file's top-level object
# that holds the records (None: the file is the array, or one record).
REAL_EXPORTS: dict[str, list[tuple[str, str | None]]] = {
    "questions": [("questions/aws.json", None), ("questions/algorithms.json", None)],
    "certifications": [("certifications.json", None)],
    "bot_runs": [("bot-monitor.json", "runs"), ("bot-runs-row.json", None)],
    "work_queue": [("bot-monitor.json", "queue")],
    "bot_ledger": [("bot-monitor.json", "ledger")],
    "voice_sessions": [("voice-sessions.json", "sessions")],
}
