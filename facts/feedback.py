"""Votes on answers (👍 / 👎) and the questions rated worst.

Votes live in a small SQLite file of their own, never in the fact store: a rebuild replaces the
store, and votes must outlive rebuilds. A voter is kept only as a salted hash of their user id,
enough to let a second vote on the same answer replace the first, never the id itself. The salt
is random per file, so hashes cannot be matched across files or against a precomputed table.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from facts.errors import FactsError
from facts.models import Answer
from facts.paths import DEFAULT_STORE

# Stored fields are clipped: a vote records which answer it was, not a copy of the article.
MAX_QUESTION = 500
MAX_FIELD = 300
# What an answer says besides its figure ('market capitalization', 'on October 8th'): a reader
# of the votes tells two figures of one sentence apart by them. Files from before they were
# kept get the columns when next opened for writing.
_LABEL_COLUMNS = ("metric", "period")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS votes (
    question_key TEXT NOT NULL,
    fact TEXT NOT NULL,
    voter TEXT NOT NULL,
    vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
    question TEXT NOT NULL,
    company TEXT NOT NULL,
    figure TEXT NOT NULL,
    source_title TEXT NOT NULL,
    source_path TEXT NOT NULL,
    source_line INTEGER NOT NULL,
    source_url TEXT,
    voted_at REAL NOT NULL,
    metric TEXT,
    period TEXT,
    PRIMARY KEY (question_key, fact, voter)
);
"""


def feedback_path(store: Path) -> Path:
    """Where votes are kept by default: `facts.feedback.sqlite` beside `facts.sqlite`."""
    return store.with_name(f"{store.stem}.feedback.sqlite")


def default_feedback_path() -> Path:
    """FACTS_FEEDBACK, else the file beside the default store (FACTS_STORE)."""
    named = os.environ.get("FACTS_FEEDBACK", "").strip()
    return Path(named) if named else feedback_path(DEFAULT_STORE)


def fact_digest(answer: Answer) -> str:
    """A short stable id for an answer's fact: the same figure in the same sentence of the same
    article gets the same digest after a rebuild; another sentence or article does not."""
    parts = (answer.company, answer.figure, answer.quote, answer.source.path, answer.source.line)
    return hashlib.sha256("\0".join(map(str, parts)).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class VotedFact:
    """Which answer a vote is about: its digest, figure and source, and what the figure
    measures and when (not part of the digest: labels may read better after a rebuild)."""

    digest: str
    company: str
    figure: str
    source_title: str
    source_path: str
    source_line: int
    source_url: str | None = None
    metric: str | None = None
    period: str | None = None

    @classmethod
    def of(cls, answer: Answer) -> VotedFact:
        source = answer.source
        return cls(
            digest=fact_digest(answer),
            company=answer.company,
            figure=answer.figure,
            source_title=source.title,
            source_path=source.path,
            source_line=source.line,
            source_url=source.url,
            metric=answer.metric,
            period=answer.period,
        )


class DownVotedAnswer(BaseModel):
    """An answer to a question, with its votes."""

    fact: str
    company: str
    figure: str
    source_title: str
    source_path: str
    source_line: int
    source_url: str | None
    up: int
    down: int
    metric: str | None = None
    period: str | None = None

    def named(self) -> str:
        """'Meituan: $ 516.2 billion · market capitalization · on October 8th'."""
        return " · ".join(
            x for x in (f"{self.company}: {self.figure}", self.metric, self.period) if x
        )


class QuestionRating(BaseModel):
    """A question's votes over all its answers, worst answer first."""

    question: str
    up: int
    down: int
    last_voted: float
    answers: list[DownVotedAnswer]


def normalized_question(question: str) -> str:
    """Questions that differ only in case or spacing are the same question."""
    return " ".join(question.split()).casefold()[:MAX_QUESTION]


class FeedbackStore:
    """The votes file. Thread-safe: the bot records clicks from several threads."""

    def __init__(
        self, path: Path, *, read_only: bool = False, clock: Callable[[], float] = time.time
    ) -> None:
        self.path = path
        self._clock = clock
        self._lock = threading.Lock()
        if read_only:
            if not path.is_file():
                raise FactsError(
                    f"{path}: no votes file here. The bot keeps votes in FACTS_FEEDBACK (default"
                    " facts.feedback.sqlite beside the store); give its path with --state."
                )
            self._db = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
            )
            self._salt = ""
            self._labels = self._label_columns()
            return
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(_SCHEMA)
        for column in _LABEL_COLUMNS:
            if column not in self._label_columns():
                self._db.execute(f"ALTER TABLE votes ADD COLUMN {column} TEXT")
        self._labels = _LABEL_COLUMNS
        # The first writer's salt wins; later opens read it back, so hashes stay comparable.
        self._db.execute("INSERT OR IGNORE INTO meta VALUES ('salt', ?)", (secrets.token_hex(16),))
        self._salt = str(
            self._db.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()[0]
        )

    def _label_columns(self) -> tuple[str, ...]:
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(votes)")}
        return tuple(c for c in _LABEL_COLUMNS if c in columns)

    def voter(self, user_id: str) -> str:
        """The salted hash a user is stored as."""
        return hmac.new(self._salt.encode(), user_id.encode(), hashlib.sha256).hexdigest()

    def record(self, question: str, fact: VotedFact, user_id: str, up: bool) -> None:
        """Store a vote; the same user's earlier vote on the same answer is replaced."""
        row = (
            normalized_question(question),
            fact.digest,
            self.voter(user_id),
            1 if up else -1,
            question[:MAX_QUESTION],
            fact.company[:MAX_FIELD],
            fact.figure[:MAX_FIELD],
            fact.source_title[:MAX_FIELD],
            fact.source_path[:MAX_FIELD],
            fact.source_line,
            fact.source_url[: 2 * MAX_FIELD] if fact.source_url else None,
            self._clock(),
            fact.metric[:MAX_FIELD] if fact.metric else None,
            fact.period[:MAX_FIELD] if fact.period else None,
        )
        with self._lock:
            self._db.execute(
                "INSERT INTO votes (question_key, fact, voter, vote, question, company, figure,"
                " source_title, source_path, source_line, source_url, voted_at, metric, period)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (question_key, fact, voter) DO UPDATE SET"
                " vote = excluded.vote, question = excluded.question, voted_at = excluded.voted_at,"
                " metric = excluded.metric, period = excluded.period",
                row,
            )

    def totals(self) -> tuple[int, int]:
        """(👍, 👎) over every answer."""
        with self._lock:
            up, down = self._db.execute(
                "SELECT COALESCE(SUM(vote = 1), 0), COALESCE(SUM(vote = -1), 0) FROM votes"
            ).fetchone()
        return int(up), int(down)

    def worst(self, limit: int = 10) -> list[QuestionRating]:
        """The questions with the most 👎 over 👍 (then the most 👎, then the latest), each with
        its answers, worst first. Questions nobody voted down are not listed."""
        with self._lock:
            questions = self._db.execute(
                # With MAX(), SQLite takes the bare `question` from the latest vote's row.
                "SELECT question_key, question, SUM(vote = 1), SUM(vote = -1), MAX(voted_at)"
                " FROM votes GROUP BY question_key HAVING SUM(vote = -1) > 0"
                " ORDER BY SUM(vote = -1) - SUM(vote = 1) DESC, SUM(vote = -1) DESC,"
                " MAX(voted_at) DESC LIMIT ?",
                (limit,),
            ).fetchall()
            ratings = []
            # A file from before labels were kept, opened read-only, has no such columns.
            labels = ", ".join(f"MAX({c})" if c in self._labels else "NULL" for c in _LABEL_COLUMNS)
            for key, question, up, down, last in questions:
                answers = self._db.execute(
                    "SELECT fact, company, figure, source_title, source_path, source_line,"
                    f" source_url, SUM(vote = 1), SUM(vote = -1), {labels} FROM votes"
                    " WHERE question_key = ? GROUP BY fact"
                    " ORDER BY SUM(vote = -1) - SUM(vote = 1) DESC, fact",
                    (key,),
                ).fetchall()
                ratings.append(
                    QuestionRating(
                        question=question,
                        up=up,
                        down=down,
                        last_voted=last,
                        answers=[
                            DownVotedAnswer(
                                fact=a[0],
                                company=a[1],
                                figure=a[2],
                                source_title=a[3],
                                source_path=a[4],
                                source_line=a[5],
                                source_url=a[6],
                                up=a[7],
                                down=a[8],
                                metric=a[9],
                                period=a[10],
                            )
                            for a in answers
                        ],
                    )
                )
        return ratings

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> FeedbackStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def format_worst(ratings: list[QuestionRating], totals: tuple[int, int]) -> str:
    """The worst-rated questions as a table for the terminal."""
    up, down = totals
    lines = [f"{up} 👍, {down} 👎 in all."]
    if not ratings:
        lines.append("No answer has been voted down.")
        return "\n".join(lines)
    lines.append("  👎   👍  question")
    for rating in ratings:
        lines.append(f"{rating.down:>4} {rating.up:>4}  {rating.question}")
        for answer in rating.answers:
            if answer.down:
                where = answer.source_url or f"{answer.source_path}:{answer.source_line}"
                named = f"{answer.named()} ({answer.source_title}, {where})"
                lines.append(f"{'':>10}  {answer.down} 👎 on {named}")
    return "\n".join(lines)
