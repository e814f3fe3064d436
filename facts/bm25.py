"""The plain BM25 sentence retriever that evaluations compare factbot with.

It lives outside the store on purpose: the product never needs it, so a build does not pay
for a full-text index. An evaluation builds one in memory from the store's sentences.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable

from facts.text import STOPWORDS


class Bm25Index:
    """SQLite FTS5 (porter stemming) over sentences, ranked by its BM25, nothing more."""

    def __init__(self, sentences: Iterable[tuple[int, str]], path: str = ":memory:") -> None:
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
            "CREATE VIRTUAL TABLE fts USING fts5(text, tokenize='porter unicode61');"
        )
        self._db.executemany("INSERT INTO fts (rowid, text) VALUES (?, ?)", sentences)
        # One merged b-tree per term: the fastest form of the index to query.
        self._db.execute("INSERT INTO fts (fts) VALUES ('optimize')")
        self._db.commit()

    def search(self, question: str, limit: int = 3) -> list[tuple[str, float]]:
        """(sentence, BM25 score: lower is better) for the best matches, best first."""
        words = [w for w in re.findall(r"\w+", question.lower()) if w not in STOPWORDS]
        if not words:
            return []
        # Every word quoted, so user text is never read as FTS query syntax.
        match = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
        rows = self._db.execute(
            "SELECT text, bm25(fts) FROM fts WHERE fts MATCH ? ORDER BY bm25(fts) LIMIT ?",
            (match, limit),
        ).fetchall()
        return [(str(text), float(score)) for text, score in rows]

    def close(self) -> None:
        self._db.close()
