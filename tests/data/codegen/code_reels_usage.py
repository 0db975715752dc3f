"""A typed use of the generated Code Reels row types: mypy --strict checks it (tests/test_codegen_python.py).

Each `# type: ignore[...]` line must be a type error: mypy --strict warns about an unused ignore.
"""

from __future__ import annotations

from typing import Literal, assert_type

from code_reels_rows import (
    CertificationsDomainsItem,
    LearningPathsMilestones,
    QuestionsInsert,
    QuestionsRow,
    QuestionsVideos,
    TableName,
    UserSessionsInsert,
)


def short_video(row: QuestionsRow) -> str | None:
    """A nested JSON key, typed all the way down."""
    assert_type(row["difficulty"], Literal["beginner", "intermediate", "advanced"])
    videos = row["videos"]
    assert_type(videos, QuestionsVideos | None)
    return None if videos is None else videos.get("shortVideo")


def total_weight(domains: list[CertificationsDomainsItem]) -> int:
    """Required keys of an array item's object need no .get()."""
    return sum(d["weight"] for d in domains)


def titles(milestones: LearningPathsMilestones) -> list[str]:
    """Three object shapes in one array: each has an optional title."""
    return [m.get("title") or "" for m in milestones]


question: QuestionsInsert = {
    "id": "q-1",
    "question": "What is a token bucket?",
    "answer": "A rate limiter.",
    "explanation": "Tokens refill at a fixed rate.",
    "difficulty": "intermediate",
    "channel": "system-design",
    "sub_channel": "rate-limiting",
    "tags": ["rate-limiting"],
    "job_title_relevance": {"backend-engineer": 80, "sre": 70},
}
session: UserSessionsInsert = {
    "session_type": "some-new-kind",  # an open enum: any string
    "session_key": "test-session-aws",
    "title": "AWS",
    "total_items": 10,
    "session_data": {"answers": {"t-aws-1": ["b"]}, "currentIndex": 1},
}
table: TableName = "learning_paths"

wrong_difficulty: QuestionsInsert = {**question, "difficulty": "expert"}  # type: ignore[typeddict-item]
missing_answer: QuestionsInsert = {  # type: ignore[typeddict-item]
    "id": "q-2",
    "question": "?",
    "explanation": "",
    "difficulty": "beginner",
    "channel": "aws",
    "sub_channel": "compute",
}
wrong_tags: QuestionsInsert = {**question, "tags": [1, 2]}  # type: ignore[list-item]
wrong_video_key: QuestionsVideos = {"youtube": "https://example.com"}  # type: ignore[typeddict-unknown-key]
wrong_table: TableName = "question"  # type: ignore[assignment]
