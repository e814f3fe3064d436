"""Entity check: is each article's main company one entity that holds the article's facts?

A gold file names, for each article (file and the line it starts on), its main company's
names. The check builds nothing itself: it reads a store and counts

- main: articles whose gold names all resolve to one entity that holds the most of the
  article's facts (facts are placed in an article by their sentence's line, so a file that
  holds several articles is checked article by article);
- junk: entities holding facts whose name is a period, metric, place, legal word, ...;
- splits: entities holding facts whose names are variants of one company's name.
"""

from __future__ import annotations

import bisect
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from facts.companies import core_name, not_company
from facts.text import compact


@dataclass(frozen=True, slots=True)
class GoldArticle:
    file: str
    line: int
    names: tuple[str, ...]


@dataclass(slots=True)
class ArticleResult:
    gold: GoldArticle
    entity: str | None  # the one entity the gold names resolve to
    status: str  # ok | unknown | split | not-main | no-facts
    facts: Counter[str] = field(default_factory=Counter)


@dataclass(slots=True)
class EntityReport:
    articles: list[ArticleResult]
    junk: list[tuple[str, int, str]]  # (entity, facts, why)
    splits: list[list[tuple[str, int]]]

    @property
    def main_share(self) -> float:
        ok = sum(1 for a in self.articles if a.status == "ok")
        return 100.0 * ok / len(self.articles) if self.articles else 0.0


def read_gold(path: Path) -> list[GoldArticle]:
    """Tab-separated rows: file, start line, names separated by '|'; '#' starts a comment."""
    out: list[GoldArticle] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#") or raw.startswith("file\t"):
            continue
        file, line, names = raw.split("\t")
        out.append(GoldArticle(file, int(line), tuple(n.strip() for n in names.split("|"))))
    return out


def check(store: Path, gold: list[GoldArticle]) -> EntityReport:
    db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    try:
        aliases = dict(db.execute("SELECT key, company FROM aliases").fetchall())
        holding = db.execute("SELECT name, facts FROM companies WHERE facts > 0").fetchall()
        rows = db.execute(
            "SELECT a.path, s.line, f.company FROM facts f"
            " JOIN sentences s ON s.id = f.sentence_id JOIN articles a ON a.id = s.article_id"
        ).fetchall()
    finally:
        db.close()
    starts: dict[str, list[int]] = {}
    for g in gold:
        starts.setdefault(g.file, []).append(g.line)
    for lines in starts.values():
        lines.sort()
    by_article: dict[tuple[str, int], Counter[str]] = {}
    for path, line, company in rows:
        file = PurePosixPath(str(path)).name
        found = starts.get(file)
        if not found:
            continue
        at = bisect.bisect_right(found, int(line)) - 1
        key = (file, found[max(at, 0)])
        by_article.setdefault(key, Counter())[str(company)] += 1
    results = [_judge(g, aliases, by_article.get((g.file, g.line), Counter())) for g in gold]
    junk = [(str(n), int(f), why) for n, f in holding if (why := not_company(str(n)))]
    groups: dict[str, list[tuple[str, int]]] = {}
    for n, f in holding:
        groups.setdefault(core_name(str(n)), []).append((str(n), int(f)))
    splits = [g for g in groups.values() if len(g) > 1]
    return EntityReport(results, junk, splits)


def _judge(gold: GoldArticle, aliases: dict[str, str], facts: Counter[str]) -> ArticleResult:
    resolved = {aliases[k] for k in (compact(n) for n in gold.names) if k in aliases}
    if not resolved:
        return ArticleResult(gold, None, "unknown", facts)
    if len(resolved) > 1:
        return ArticleResult(gold, None, "split", facts)
    entity = resolved.pop()
    if not facts:
        return ArticleResult(gold, entity, "no-facts", facts)
    most = max(facts.values())
    status = "ok" if facts[entity] == most else "not-main"
    return ArticleResult(gold, entity, status, facts)


def format_report(report: EntityReport) -> str:
    lines: list[str] = []
    for a in report.articles:
        if a.status != "ok":
            top = ", ".join(f"{c} {n}" for c, n in a.facts.most_common(3))
            names = "|".join(a.gold.names)
            lines.append(
                f"{a.status.upper():9} {a.gold.file}:{a.gold.line} {names} -> {a.entity}"
                f" (facts: {top or 'none'})"
            )
    for name, facts, why in report.junk:
        lines.append(f"JUNK      {name!r} ({why}) holds {facts} facts")
    for group in report.splits:
        lines.append("SPLIT     " + " | ".join(f"{n!r} ({f})" for n, f in group))
    ok = sum(1 for a in report.articles if a.status == "ok")
    lines.append(
        f"main company one entity holding the most facts: {ok}/{len(report.articles)}"
        f" = {report.main_share:.0f}%; junk entities {len(report.junk)}"
        f" ({sum(f for _, f, _ in report.junk)} facts); splits {len(report.splits)}"
    )
    return "\n".join(lines)
