"""Builds stay linear in their input, and a build that runs too long is stopped.

Pathological input is checked by the work it causes, never by the clock: no sentence handed to
extraction is longer than MAX_SENTENCE, and a line longer than MAX_LINE is refused before any
work. The time limit is checked with a limit no build can meet.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from articles import QUILLO
from slack_fake import FakeSlackApi
from slack_harness import command, running_bot, unique
from slack_process import bot_process, http_env
from slack_seeds import WORKERS_QUESTION, write_seeds, zorblax
from slack_signing import USER_ID, command_body, post_form
from test_build_inputs import refused

import facts.extract
from facts import build_store
from facts.companies import CompanyIndex
from facts.extract import extract_article
from facts.figures import find_figures, find_periods
from facts.ingest import MAX_LINE, MAX_SENTENCE, Article, Sentence, parse_file, split_long

ADMIN = USER_ID


def dense_line(chars: int) -> str:
    """One 'sentence' packed with figures and periods, as a scraped table turns out."""
    parts = ["Zorblax Robotics reported revenue of $ 5 million in 2001"]
    n = 0
    while sum(len(p) + 2 for p in parts) < chars:
        n += 1
        parts.append(f"{n % 90 + 1}% growth to $ {n % 50 + 1}.{n % 10} billion in {2000 + n % 24}")
    return ", ".join(parts) + ", and it had 12 staff."


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        ("a, b; c, d e f g h, i", 8),
        ("x" * 50, 10),
        ("word " * 40, 12),
        (dense_line(5_000), MAX_SENTENCE),
        ("short enough", 100),
    ],
    ids=["clauses", "no-spaces", "spaces-only", "dense", "short"],
)
def test_split_long_keeps_every_word_in_pieces_within_the_limit(text: str, limit: int) -> None:
    pieces = split_long(text, limit)
    assert all(0 < len(piece) <= limit for piece in pieces)
    assert "".join(pieces).replace(" ", "") == text.replace(" ", "")


def test_a_dense_sentence_is_cut_at_clause_boundaries() -> None:
    pieces = split_long(dense_line(5_000), MAX_SENTENCE)
    assert len(pieces) >= 5
    assert all(piece.endswith(",") for piece in pieces[:-1])


def test_extraction_never_sees_more_than_max_sentence_characters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    line = dense_line(40_000)
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "dense.txt").write_text(
        f"Zorblax Robotics Grows Fast\n\nThe robot maker expands\n\n{line}\n", encoding="utf-8"
    )
    seen: list[int] = []
    real = facts.extract.find_figures

    def counting(text: str, *args: Any, **kwargs: Any) -> Any:
        seen.append(len(text))
        return real(text, *args, **kwargs)

    monkeypatch.setattr(facts.extract, "find_figures", counting)
    report = build_store([tmp_path / "seeds"], tmp_path / "facts.sqlite", workers=1)
    assert max(seen) <= MAX_SENTENCE
    # The work is the line cut in pieces, not the line once per figure.
    assert sum(seen) <= len(line) + 200
    assert report.facts > 100, "the pieces still yield their facts"
    articles = parse_file(tmp_path / "seeds" / "dense.txt", "dense.txt")
    pieces = [s for s in articles[0].sentences if s.line == 5]
    assert all(s.line == 5 and s.paragraph == pieces[0].paragraph for s in pieces)


def test_a_line_over_max_line_is_refused_before_any_work(tmp_path: Path) -> None:
    seeds = write_seeds(tmp_path / "seeds", {"quillo.txt": QUILLO})
    out = tmp_path / "store" / "facts.sqlite"
    build_store([seeds], out)
    before = out.read_bytes()
    (seeds / "dump.txt").write_text(
        "A Data Dump\n\nIntro line.\n" + "9, " * (MAX_LINE // 3 + 1) + "\n", encoding="utf-8"
    )
    stderr = refused(tmp_path, out, before)
    assert re.search(r"dump\.txt:4: line of [\d,]+ characters, over the 100,000 limit", stderr)


# --- BUILD_TIME_LIMIT ----------------------------------------------------------------------


@pytest.fixture
def fake() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as api:
        yield api


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    return write_seeds(tmp_path / "seeds", {"zorblax.txt": zorblax("3,000"), "quillo.txt": QUILLO})


@pytest.fixture
def store(tmp_path: Path, seeds: Path) -> Path:
    out = tmp_path / "var" / "facts.sqlite"
    build_store([seeds], out)
    return out


# No `python -m facts build` starts, let alone finishes, within a millisecond.
NO_BUILD_FITS = 0.001


def test_a_refresh_over_the_time_limit_is_stopped_and_the_admin_told_why(
    fake: FakeSlackApi, store: Path, seeds: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    before = store.read_bytes()
    with running_bot(
        fake, store, seeds, facts_admins=frozenset({ADMIN}), build_time_limit=NO_BUILD_FITS
    ) as bot:
        write_seeds(seeds, {"zorblax.txt": zorblax("4,500")})
        name = unique("refresh")
        body = command_body("refresh", response_url=fake.response_url(name), user_id=ADMIN)
        assert post_form(bot.url, body)[0] == 200
        started, report = fake.wait_for_calls(None, 2, timeout=30, path_prefix=f"/response/{name}")
        assert "Rebuilding" in started.body["text"]
        assert "BUILD_TIME_LIMIT" in str(report.body)
        assert not bot.refresher.running
        assert "3,000" in command(bot, fake, WORKERS_QUESTION).body["text"]
    assert store.read_bytes() == before
    assert sorted(p.name for p in store.parent.iterdir() if p.name.startswith(".")) == []


def test_a_start_up_build_over_the_time_limit_serves_the_old_store(
    fake: FakeSlackApi, store: Path, seeds: Path, tmp_path: Path
) -> None:
    before = store.read_bytes()
    write_seeds(seeds, {"zorblax.txt": zorblax("4,500")})  # the store is now stale
    env = http_env(fake, store, seeds, BUILD_TIME_LIMIT=str(NO_BUILD_FITS))
    with bot_process(env, tmp_path) as bot:
        bot.wait_for_log(r"ERROR .*THE BUILD TOOK TOO LONG: .*BUILD_TIME_LIMIT")
        name = unique("old")
        post_form(
            bot.base_url + "/slack/events",
            command_body(WORKERS_QUESTION, response_url=fake.response_url(name)),
        )
        [reply] = fake.wait_for_calls(None, path_prefix=f"/response/{name}", timeout=10)
        assert "3,000" in reply.body["text"]
        assert bot.stop() == 0
    assert store.read_bytes() == before


def parse_text(text: str) -> list[Article]:
    article = Article(path="dense.txt", line=1, title="Zorblax Robotics Grows", company="Zorblax")
    article.sentences = [Sentence(text, 1, 1)]
    return [article]


class CountingList(list[Any]):
    """A list that counts the items its loops have gone through."""

    visits = 0

    def __iter__(self) -> Iterator[Any]:
        for item in super().__iter__():
            CountingList.visits += 1
            yield item


def test_period_matching_work_grows_with_figures_times_periods_not_more(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Checking every figure between each figure and each period is cubic in the figures of a
    # number-dense sentence; with a binary search, loops over the figures are about F x P.
    monkeypatch.setattr(
        facts.extract, "find_figures", lambda text: CountingList(find_figures(text))
    )
    text = dense_line(MAX_SENTENCE - 40)
    figures = find_figures(text)
    periods = find_periods(text, [f for f in figures if f.kind == "date"])
    CountingList.visits = 0
    [article] = parse_text(text)
    found = extract_article(article, CompanyIndex.with_curated())
    assert len(found) > 50 and len(periods) > 20
    assert CountingList.visits <= len(figures) * len(periods), CountingList.visits
