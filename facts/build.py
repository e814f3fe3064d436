"""Building a store: read the seed folders, extract facts, write one SQLite file atomically.

The new store is written to a temporary file beside the target and renamed over it only
when complete, so a failed or interrupted build never replaces a working store.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from facts.companies import CompanyIndex, discover
from facts.errors import BuildError
from facts.extract import ExtractedFact, extract_article
from facts.ingest import Article, display_path, iter_article_files, parse_file, source_path
from facts.models import BuildReport
from facts.schema import SCHEMA, SCHEMA_VERSION
from facts.text import fold, terms

Progress = Callable[[str, int, int], None]
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def seeds_fingerprint(dirs: Sequence[Path]) -> str:
    """A digest of every article file's path and content: changes when any article does."""
    digest = hashlib.sha256()
    for path, folder in iter_article_files(dirs):
        digest.update(source_path(path, folder).encode())
        digest.update(b"\0")
        try:
            digest.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError as exc:
            raise BuildError(f"cannot read file: {exc.strerror or exc}", path=str(path)) from exc
    return digest.hexdigest()[:32]


def build_store(
    dirs: Sequence[Path], out: Path, *, progress: Progress | None = None
) -> BuildReport:
    """Build a store from the article folders into ``out``; raises BuildError on bad input."""
    started = time.perf_counter()
    files = list(iter_article_files(dirs))
    fingerprint = seeds_fingerprint(dirs)
    articles: list[Article] = []
    for n, (path, folder) in enumerate(files, start=1):
        articles.extend(parse_file(path, display_path(path), source_path(path, folder)))
        if progress:
            progress("reading", n, len(files))
    index = CompanyIndex.with_curated()
    discover(((a.title, [s.text for s in a.sentences]) for a in articles), index)
    extracted: list[list[ExtractedFact]] = []
    mention_counts: Counter[str] = Counter()
    for n, article in enumerate(articles, start=1):
        mentions = [index.find_mentions(s.text) for s in article.sentences]
        mention_counts.update(m.company for found in mentions for m in found)
        extracted.append(extract_article(article, index, mentions))
        if progress and (n % 500 == 0 or n == len(articles)):
            progress("extracting", n, len(articles))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    try:
        counts = _write(tmp, articles, extracted, index, fingerprint, mention_counts)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return BuildReport(
        out=str(out),
        articles=len(articles),
        facts=counts["facts"],
        companies=counts["companies"],
        sentences=counts["sentences"],
        seconds=round(time.perf_counter() - started, 3),
        fingerprint=fingerprint,
    )


def _fact_digest(company: str, figure: str, sentence: str) -> str:
    return hashlib.sha1(f"{company}\0{figure}\0{fold(sentence)}".encode()).hexdigest()[:16]


def _write(
    tmp: Path,
    articles: list[Article],
    extracted: list[list[ExtractedFact]],
    index: CompanyIndex,
    fingerprint: str,
    mention_counts: Counter[str],
) -> Counter[str]:
    tmp.unlink(missing_ok=True)
    db = sqlite3.connect(tmp)
    try:
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
        counts: Counter[str] = Counter()
        fact_counts: Counter[str] = Counter()
        df: Counter[str] = Counter()
        sentence_id = 0
        for article_id, (article, facts) in enumerate(zip(articles, extracted, strict=True), 1):
            db.execute(
                "INSERT INTO articles (id, path, line, title, url, published, source, company)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article_id,
                    article.path,
                    article.line,
                    article.title,
                    article.url,
                    article.published,
                    article.source,
                    article.company,
                ),
            )
            ids: list[int] = []
            sentence_rows: list[tuple[int, int, int, int, int, str]] = []
            posting_rows: list[tuple[str, int]] = []
            for sentence in article.sentences:
                sentence_id += 1
                ids.append(sentence_id)
                sentence_rows.append(
                    (
                        sentence_id,
                        article_id,
                        sentence.line,
                        sentence.paragraph,
                        int(sentence.heading),
                        sentence.text,
                    )
                )
                stems = set(terms(sentence.text)) | set(_years(sentence.text))
                df.update(stems)
                posting_rows.extend((s, sentence_id) for s in stems)
            db.executemany("INSERT INTO sentences VALUES (?, ?, ?, ?, ?, ?)", sentence_rows)
            db.executemany("INSERT OR IGNORE INTO postings VALUES (?, ?)", posting_rows)
            fact_rows: list[tuple[object, ...]] = []
            for f in facts:
                text = article.sentences[f.sentence].text
                fact_counts[f.company] += 1
                fact_rows.append(
                    (
                        ids[f.sentence],
                        f.company,
                        f.confidence,
                        f.figure.text,
                        f.figure.start,
                        f.figure.end,
                        f.figure.kind,
                        f.figure.value,
                        f.figure.unit,
                        f.metric,
                        f.period,
                        int(f.baseline),
                        f.clause[0],
                        f.clause[1],
                        _fact_digest(f.company, f.figure.text, text),
                    )
                )
            db.executemany(
                "INSERT INTO facts (sentence_id, company, confidence, figure, start, end, kind,"
                " value, unit, metric, period, baseline, clause_start, clause_end, digest)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                fact_rows,
            )
            counts["facts"] += len(fact_rows)
        counts["sentences"] = sentence_id
        db.executemany("INSERT INTO terms VALUES (?, ?)", df.items())
        known = set(mention_counts) | set(fact_counts)
        db.executemany(
            "INSERT INTO companies (name, facts, mentions) VALUES (?, ?, ?)",
            [(c, fact_counts[c], mention_counts[c]) for c in sorted(known)],
        )
        counts["companies"] = len(known)
        db.executemany(
            "INSERT INTO aliases VALUES (?, ?, ?, ?)",
            [
                (k, c, index.surfaces[k], int(k in index.case_sensitive))
                for k, c in index.names.items()
            ],
        )
        db.execute("INSERT INTO sentences_fts(sentences_fts) VALUES ('rebuild')")
        meta = {
            "schema_version": str(SCHEMA_VERSION),
            "fingerprint": fingerprint,
            "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "articles": str(len(articles)),
            "facts": str(counts["facts"]),
            "companies": str(counts["companies"]),
            "sentences": str(sentence_id),
        }
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        db.commit()
        db.execute("ANALYZE")
        db.commit()
    finally:
        db.close()
    return counts


def _years(text: str) -> list[str]:
    return _YEAR.findall(text)
