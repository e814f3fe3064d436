"""The SQLite store: build, ask, decline, atomic failures, read-only access, freshness, diffs."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from articles import BRINDLE, QUILLO
from pyroaring import BitMap

import facts.build
import facts.store
from facts import (
    BuildError,
    Store,
    StoreError,
    build_store,
    diff_stores,
    ensure_store,
    seeds_fingerprint,
    settle_heap,
    store_is_current,
)
from facts.ranking import asks_of_an_unknown
from facts.schema import SCHEMA_VERSION
from facts.store import FULL_COLLECTION_AFTER, NamePattern, StoredNames

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
MEITUAN_FILE = "seeds/000_d26c4a0bc1c80b52.txt"

MakeSeeds = Callable[[dict[str, str | bytes]], Path]

ZORBLAX = """Zorblax Opens A Robot Factory In Nanjing

The robot maker will build 10,000 machines a year

Zorblax, a warehouse automation startup, opened its first factory in March. The plant cost $ 1.5 billion and employs 3,000 workers.

The startup was founded in 2016, and investors say Zorblax has 45 customers in Europe.
"""  # noqa: E501


def seed_line(needle: str) -> int:
    lines = (ROOT / MEITUAN_FILE).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if needle in line)


# -- acceptance on the seed store -------------------------------------------------------


def test_meituan_market_cap(seed_store: Store) -> None:
    result = seed_store.ask("What is Meituan's market cap?")
    assert result.answers
    top = result.answers[0]
    assert top.company == "Meituan"
    assert top.figure == "$ 516.2 billion"
    assert top.kind == "money" and top.unit == "USD"
    assert top.value == pytest.approx(516.2e9)
    assert "market capitalization of $ 516.2 billion" in top.quote
    assert top.source.title.startswith("Meituan Exceeds Baidu")
    assert top.source.path.endswith(MEITUAN_FILE)
    if Path.cwd().resolve() == ROOT:
        assert top.source.path == MEITUAN_FILE
    assert top.source.line == seed_line("market capitalization of $ 516.2 billion")
    assert result.suggestions == []


@pytest.mark.parametrize(
    "question",
    [
        "What is Meituan's market cap?",
        "Tencent market cap",
        "Baidu market value",
        "How many monthly active users does Pinduoduo have?",
        "tik tok new users",
        "Alipay users in the US",
        "geek+ robots",
    ],
)
def test_answers_quote_their_figure_verbatim(seed_store: Store, question: str) -> None:
    result = seed_store.ask(question)
    assert result.answers
    for answer in result.answers:
        assert answer.figure and answer.figure in answer.quote
        assert answer.source.line >= 1
        assert answer.source.title
    scores = [a.score for a in result.answers]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("question", "suggests"),
    [
        ("Netflix revenue", None),
        ("Zorgle revenue", None),
        ("How many employees does JD.com have?", "JD.com"),
        ("How many employees does Meituan have?", "Meituan"),
        ("What is the capital of France?", None),
    ],
)
def test_declines_with_suggestions(seed_store: Store, question: str, suggests: str | None) -> None:
    result = seed_store.ask(question)
    assert result.answers == []
    assert result.suggestions
    assert all(isinstance(s, str) and s for s in result.suggestions)
    if suggests is not None:
        assert any(suggests in s for s in result.suggestions)


@pytest.mark.parametrize(
    ("question", "company"),
    [
        ("Tencent market cap", "Tencent"),
        ("Alibaba market cap", "Alibaba"),
        ("Meituan turnover", "Meituan"),
        ("Baidu market value", "Baidu"),
        ("JD.com users", "JD.com"),
        ("Pinduoduo market cap", "Pinduoduo"),
        ("Kuaishou users", "Kuaishou"),
        ("What is Tencent's revenue?", "Tencent"),
        ("Amazon robots", "Amazon"),
    ],
)
def test_never_another_companys_figure(seed_store: Store, question: str, company: str) -> None:
    result = seed_store.ask(question)
    assert {a.company for a in result.answers} <= {company}


@pytest.mark.parametrize("limit", [1, 2, 5])
def test_limit(seed_store: Store, limit: int) -> None:
    assert 1 <= len(seed_store.ask("Pinduoduo users", limit=limit).answers) <= limit


def test_company_card(seed_store: Store) -> None:
    card = seed_store.company_card("meituan")
    assert card is not None
    assert card.name == "Meituan"
    assert "美团" in card.aliases
    assert card.facts
    assert all(f.company == "Meituan" and f.figure in f.quote for f in card.facts)
    assert seed_store.company_card("nonexistent company xyz") is None


def test_a_bare_company_name_gets_its_key_figures(seed_store: Store) -> None:
    result = seed_store.ask("Meituan")
    assert result.answers
    assert {a.company for a in result.answers} == {"Meituan"}


def test_example_questions_are_answerable(seed_store: Store) -> None:
    examples = seed_store.example_questions(3)
    assert examples
    for question in examples:
        assert seed_store.ask(question).answers


# -- mechanism on invented articles -----------------------------------------------------


@pytest.fixture
def invented_store(make_seeds: MakeSeeds, tmp_path: Path) -> Path:
    folder = make_seeds({"zorblax.txt": ZORBLAX, "quillo.txt": QUILLO, "brindle.txt": BRINDLE})
    out = tmp_path / "invented.sqlite"
    build_store([folder], out)
    return out


@pytest.mark.parametrize(
    ("question", "company", "figure"),
    [
        ("How much did the Zorblax plant cost?", "Zorblax", "$ 1.5 billion"),
        ("How many workers does Zorblax employ?", "Zorblax", "3,000"),
        ("zorblax customers", "Zorblax", "45"),
        ("When was Zorblax founded?", "Zorblax", "2016"),
        ("How many users does Quillo have?", "Quillo", "2 million"),
        ("How much did Quillo raise?", "Quillo", "$ 20 million"),
        ("Brindle bicycles sold", "Brindle", "40,000"),
    ],
)
def test_invented_articles_answer(
    invented_store: Path, question: str, company: str, figure: str
) -> None:
    with Store.open(invented_store) as store:
        result = store.ask(question)
    assert result.answers, result.suggestions
    assert (result.answers[0].company, result.answers[0].figure) == (company, figure)


@pytest.mark.parametrize(
    "question",
    [
        "How many stores does Zorblax plan?",  # Brindle states stores, Zorblax does not
        "How many workers does Quillo employ?",  # Zorblax states workers
        "How many bicycles did Quillo sell?",
        "Zorblax revenue",
    ],
)
def test_invented_declines_rather_than_another_companys_figure(
    invented_store: Path, question: str
) -> None:
    with Store.open(invented_store) as store:
        result = store.ask(question)
    assert result.answers == []
    assert result.suggestions


@pytest.mark.parametrize("question", ["Glorpco revenue", "What was Flimbrex's revenue?"])
def test_a_question_of_an_unknown_company_reads_no_candidates(
    invented_store: Path, question: str
) -> None:
    # No company the store knows and a word no article says: the ranking would offer none
    # of the candidates, so none are read; the question is declined with suggestions.
    with Store.open(invented_store) as store:
        query = store.parse(question)
        assert store.candidates(query) == ([], {}, {})
        assert asks_of_an_unknown(query)
        result = store.ask(question)
    assert result.answers == []
    assert result.suggestions


def test_a_question_of_a_known_company_reads_its_candidates(invented_store: Path) -> None:
    with Store.open(invented_store) as store:
        query = store.parse("How many workers does Zorblax employ?")
        candidates, idf, _ = store.candidates(query)
    assert not asks_of_an_unknown(query)
    assert candidates and idf


NAME_QUESTIONS = [
    "How many workers does Zorblax employ?",
    "zorblax customers",
    "Zorblx",  # a misspelt bare name: its card
    "How much did Quilo raise?",  # a misspelt name in a question
    "Brindle",
    "Glorpco revenue",
    "ZORBLAX'S plant cost",
]


def test_names_read_one_at_a_time_answer_as_all_read_up_front(invented_store: Path) -> None:
    # A one-off process looks names up in the table as questions need them; a long-lived
    # one reads them all first (warm). Either way every reply is the same.
    with Store.open(invented_store) as lazy, Store.open(invented_store) as warmed:
        warmed.warm()
        for question in NAME_QUESTIONS:
            assert lazy.respond(question) == warmed.respond(question), question


def test_stored_names_are_the_aliases_table(invented_store: Path) -> None:
    with sqlite3.connect(invented_store) as db:
        table = db.execute("SELECT key, company FROM aliases ORDER BY rowid").fetchall()
    with Store.open(invented_store) as store:
        names = StoredNames(store._query)
        key, company = table[0]
        assert key in names and names[key] == company and names.get(key) == company
        assert "glorpco" not in names and names.get("glorpco") is None
        with pytest.raises(KeyError):
            names["glorpco"]
        by_company = {c: [k for k, owner in table if owner == c] for _, c in table}
        # one company at a time, before all are read, and after
        assert {c: names.keys_of(c) for c in by_company} == by_company
        assert list(names.items()) == table and len(names) == len(table)
        assert {c: names.keys_of(c) for c in by_company} == by_company
        assert names.keys_of("Glorpco") == []


_KEPT_QUESTIONS = [
    "How much did the Zorblax plant cost?",
    "How many workers does Zorblax employ?",
    "zorblax customers",
    "How many users does Quillo have?",
    "Brindle bicycles sold",
    "Zorblax revenue",
    "How many stores does Zorblax plan?",
]


@pytest.mark.parametrize("cap", [0, 300, 1 << 20])
def test_posting_lists_kept_between_questions_answer_as_lists_read_afresh(
    invented_store: Path, monkeypatch: pytest.MonkeyPatch, cap: int
) -> None:
    # The long posting lists are kept decoded between questions, up to a cap in bytes;
    # every answer is the one given when each list is read from the store again.
    with Store.open(invented_store) as store:
        fresh = [store.ask(q) for q in _KEPT_QUESTIONS]
        assert store._postings == {}  # an invented corpus has no list that long
    monkeypatch.setattr(facts.store, "POSTING_KEPT_BYTES", 1)
    monkeypatch.setattr(facts.store, "POSTINGS_KEPT_BYTES", cap)
    with Store.open(invented_store) as store:
        for _ in range(2):
            assert [store.ask(q) for q in _KEPT_QUESTIONS] == fresh
            assert sum(size for _, _, size in store._postings.values()) <= cap
        assert bool(store._postings) == (cap > 0)


def test_threads_sharing_a_store_keep_and_drop_lists_without_error(
    invented_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The bot answers from several threads at once: lists kept and dropped by one while
    # another sums what is kept must give every thread the answers one thread gets.
    monkeypatch.setattr(facts.store, "POSTING_KEPT_BYTES", 1)
    monkeypatch.setattr(facts.store, "POSTINGS_KEPT_BYTES", 40)
    with Store.open(invented_store) as store:
        alone = [store.ask(q) for q in _KEPT_QUESTIONS]
        interval = sys.getswitchinterval()
        sys.setswitchinterval(1e-6)  # switch threads as often as the interpreter can
        try:
            with ThreadPoolExecutor(max_workers=4) as pool:
                rounds = list(
                    pool.map(lambda _: [store.ask(q) for q in _KEPT_QUESTIONS], range(40))
                )
        finally:
            sys.setswitchinterval(interval)
    assert all(answers == alone for answers in rounds)


def test_keeping_a_list_while_another_thread_keeps_others_raises_nothing(
    invented_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Summing what is kept walks the kept lists; another thread adding or dropping one
    # meanwhile must not make that walk fail ('dictionary changed size during iteration').
    monkeypatch.setattr(facts.store, "POSTINGS_KEPT_BYTES", 10**12)
    errors: list[Exception] = []
    done = threading.Event()
    with Store.open(invented_store) as store:
        kept = store._postings
        kept.update({f"w{i}": (1, BitMap(), 1) for i in range(20_000)})

        def others() -> None:
            i = 0
            while not done.is_set():
                kept[f"x{i}"] = (1, BitMap(), 1)
                kept.pop(f"x{i - 500}", None)
                i += 1

        interval = sys.getswitchinterval()
        sys.setswitchinterval(1e-6)
        thread = threading.Thread(target=others)
        thread.start()
        try:
            for _ in range(200):
                store._keep_posting("zorblax", 1, BitMap([1]), 1)
        except RuntimeError as exc:
            errors.append(exc)
        finally:
            done.set()
            thread.join()
            sys.setswitchinterval(interval)
    assert errors == []


def test_document_frequencies_are_read_once_and_remembered(invented_store: Path) -> None:
    words = ["zorblax", "plant", "glorpco", "zorblax", "employ"]
    with Store.open(invented_store) as store:
        direct = dict(
            store._query(
                "SELECT term, df FROM terms WHERE term IN (?, ?, ?, ?)",
                ("zorblax", "plant", "glorpco", "employ"),
            )
        )
        assert "glorpco" not in direct and direct
        assert store._dfs(words) == direct
        assert store._df["glorpco"] is None  # no sentence holds it: not asked again either
        store._query = None  # type: ignore[assignment,method-assign]  # no more reads
        assert store._dfs(reversed(words)) == direct


def test_report_counts_match_info(invented_store: Path, make_seeds: MakeSeeds) -> None:
    folder = make_seeds({})
    report = build_store([folder], invented_store)
    with Store.open(invented_store) as store:
        info = store.info()
        companies = store.companies()
    assert report.articles == info.articles == 3
    assert report.facts == info.facts > 0
    assert report.companies == info.companies == len(companies)
    assert report.sentences == info.sentences
    assert report.seconds >= 0
    assert sum(c.facts for c in companies) == info.facts


def test_schema_version_and_fingerprint_recorded(seed_store: Store) -> None:
    info = seed_store.info()
    assert info.schema_version == SCHEMA_VERSION
    assert info.fingerprint == seeds_fingerprint([SEEDS])
    assert info.articles == 11
    assert info.built_at.tzinfo is not None


# -- failed builds leave the old store alone --------------------------------------------


def _bad_utf8(make_seeds: MakeSeeds, tmp_path: Path) -> tuple[list[Path], str, int | None]:
    folder = make_seeds(
        {"good.txt": ZORBLAX, "bad.txt": b"Quillo Opens A Plant\n\nThe startup\n\nCaf\xe9 5%.\n"}
    )
    return [folder], "bad.txt", 5


def _empty_folder(make_seeds: MakeSeeds, tmp_path: Path) -> tuple[list[Path], str, int | None]:
    folder = tmp_path / "empty"
    folder.mkdir()
    return [folder], "empty", None


def _missing_folder(make_seeds: MakeSeeds, tmp_path: Path) -> tuple[list[Path], str, int | None]:
    return [tmp_path / "missing"], "missing", None


def _no_articles(make_seeds: MakeSeeds, tmp_path: Path) -> tuple[list[Path], str, int | None]:
    folder = make_seeds({"good.txt": ZORBLAX, "blank.md": "\n\n   \n"})
    return [folder], "blank.md", None


def _bad_front_matter(make_seeds: MakeSeeds, tmp_path: Path) -> tuple[list[Path], str, int | None]:
    folder = make_seeds({"good.txt": ZORBLAX, "fm.md": "---\ntitle: X\nauthor: Y\n---\nBody.\n"})
    return [folder], "fm.md", 3


@pytest.mark.parametrize(
    "bad_input", [_bad_utf8, _empty_folder, _missing_folder, _no_articles, _bad_front_matter]
)
def test_failed_build_leaves_existing_store_untouched(
    invented_store: Path,
    make_seeds: MakeSeeds,
    tmp_path: Path,
    bad_input: Callable[[MakeSeeds, Path], tuple[list[Path], str, int | None]],
) -> None:
    before = invented_store.read_bytes()
    stat = invented_store.stat()
    dirs, named, line = bad_input(make_seeds, tmp_path)
    with pytest.raises(BuildError) as info:
        build_store(dirs, invented_store)
    err = info.value
    assert err.path is not None and named in err.path
    assert named in str(err)
    if line is not None:
        assert err.line == line
        assert f"{named}:{line}" in str(err)
    assert invented_store.read_bytes() == before
    assert invented_store.stat().st_mtime_ns == stat.st_mtime_ns
    assert sorted(p.name for p in invented_store.parent.iterdir() if p.is_file()) == [
        invented_store.name
    ]


def test_build_interrupted_while_writing_leaves_no_trace(
    invented_store: Path, make_seeds: MakeSeeds, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = invented_store.read_bytes()
    real_write = facts.build._write

    def failing_write(tmp: Path, *args: object, **kwargs: object) -> object:
        real_write(tmp, *args, **kwargs)  # type: ignore[arg-type]
        raise KeyboardInterrupt

    monkeypatch.setattr(facts.build, "_write", failing_write)
    folder = make_seeds({"quillo.txt": QUILLO})
    with pytest.raises(KeyboardInterrupt):
        build_store([folder], invented_store)
    assert invented_store.read_bytes() == before
    assert [p.name for p in invented_store.parent.iterdir() if p.is_file()] == [invented_store.name]


def test_build_into_a_new_folder(make_seeds: MakeSeeds, tmp_path: Path) -> None:
    out = tmp_path / "deep" / "er" / "facts.sqlite"
    report = build_store([make_seeds({"q.txt": QUILLO})], out)
    assert out.is_file()
    assert report.out == str(out)
    assert os.listdir(out.parent) == ["facts.sqlite"]


# -- opening and reading ----------------------------------------------------------------


def test_open_missing_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as info:
        Store.open(tmp_path / "nope.sqlite")
    assert "nope.sqlite" in str(info.value)


@pytest.mark.parametrize(
    "content",
    [b"this is not a database at all" * 100, b"", b"SQLite format 3\x00" + b"\x00" * 80],
)
def test_open_corrupt_store(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "corrupt.sqlite"
    path.write_bytes(content)
    with pytest.raises(StoreError) as info:
        Store.open(path)
    assert "corrupt.sqlite" in str(info.value)


def test_open_other_sqlite_database(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    with pytest.raises(StoreError):
        Store.open(path)


def test_open_store_of_another_schema_version(invented_store: Path, tmp_path: Path) -> None:
    copy = tmp_path / "old.sqlite"
    shutil.copy(invented_store, copy)
    db = sqlite3.connect(copy)
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    db.commit()
    db.close()
    with pytest.raises(StoreError) as info:
        Store.open(copy)
    assert "schema" in str(info.value)


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM facts",
        "INSERT INTO meta VALUES ('x', 'y')",
        "DROP TABLE facts",
        "CREATE TABLE evil (x)",
    ],
)
def test_store_is_read_only(invented_store: Path, sql: str) -> None:
    before = invented_store.read_bytes()
    with Store.open(invented_store) as store:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            store._db.execute(sql)
        assert store.info().facts > 0
    assert invented_store.read_bytes() == before


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '""',
        "Meituan\"'s market cap",
        "*",
        "users*",
        "NEAR(",
        "NEAR(users market, 3)",
        "market AND cap OR",
        "'; DROP TABLE facts; --",
        "Meituan'; DROP TABLE facts; --",
        "users) OR (1=1",
        "^users",
        "-users",
        "{users}",
        "%_%",
        "\\",
        "",
        "   ",
        "?",
        "美团*",
        "x" * 2000,
    ],
)
def test_user_text_never_errors(seed_store: Store, text: str) -> None:
    result = seed_store.ask(text)
    assert result.question == text.strip()
    for answer in result.answers:
        assert answer.figure in answer.quote
    seed_store.resolve_company(text)
    seed_store.company_card(text)
    assert seed_store.info().facts > 0


# -- keeping the store current ----------------------------------------------------------


def test_a_store_built_by_other_code_is_not_current(
    make_seeds: MakeSeeds, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # An upgrade that changes what a build makes of the articles rebuilds the store.
    import facts.sources

    folder = make_seeds({"zorblax.txt": ZORBLAX})
    store = tmp_path / "facts.sqlite"
    ensure_store(store, [folder])
    assert store_is_current(store, [folder])
    monkeypatch.setattr(facts.sources, "_engine_digest", lambda: "another engine")
    assert not store_is_current(store, [folder])


def test_ensure_store_rebuilds_only_when_seeds_change(
    make_seeds: MakeSeeds, tmp_path: Path
) -> None:
    folder = make_seeds({"zorblax.txt": ZORBLAX})
    store = tmp_path / "var" / "facts.sqlite"
    assert not store_is_current(store, [folder])

    path, report = ensure_store(store, [folder])
    assert path == store and report is not None and report.articles == 1
    assert store_is_current(store, [folder])

    built = store.read_bytes()
    path, report = ensure_store(store, [folder])
    assert report is None
    assert store.read_bytes() == built

    # touching a file without changing it is no change
    seed = folder / "zorblax.txt"
    os.utime(seed, (seed.stat().st_atime + 100, seed.stat().st_mtime + 100))
    assert ensure_store(store, [folder])[1] is None

    seed.write_text(ZORBLAX.replace("45 customers", "46 customers"), encoding="utf-8")
    assert not store_is_current(store, [folder])
    _, report = ensure_store(store, [folder])
    assert report is not None
    with Store.open(store) as opened:
        assert opened.ask("zorblax customers").answers[0].figure == "46"

    make_seeds({"quillo.txt": QUILLO})
    _, report = ensure_store(store, [folder])
    assert report is not None and report.articles == 2
    assert ensure_store(store, [folder])[1] is None


def test_ensure_store_rebuilds_a_corrupt_store(make_seeds: MakeSeeds, tmp_path: Path) -> None:
    folder = make_seeds({"zorblax.txt": ZORBLAX})
    store = tmp_path / "facts.sqlite"
    store.write_bytes(b"garbage")
    _, report = ensure_store(store, [folder])
    assert report is not None
    with Store.open(store) as opened:
        assert opened.info().articles == 1


def test_ensure_store_with_broken_seeds_keeps_the_old_store(
    make_seeds: MakeSeeds, tmp_path: Path
) -> None:
    folder = make_seeds({"zorblax.txt": ZORBLAX})
    store = tmp_path / "facts.sqlite"
    ensure_store(store, [folder])
    before = store.read_bytes()
    make_seeds({"bad.txt": b"\xff\xfe broken"})
    with pytest.raises(BuildError) as info:
        ensure_store(store, [folder])
    assert info.value.line == 1 and info.value.path and "bad.txt" in info.value.path
    assert store.read_bytes() == before


def test_fingerprint_depends_on_content_and_names(make_seeds: MakeSeeds, tmp_path: Path) -> None:
    folder = make_seeds({"a.txt": ZORBLAX})
    first = seeds_fingerprint([folder])
    assert seeds_fingerprint([folder]) == first
    (folder / "a.txt").rename(folder / "b.txt")
    assert seeds_fingerprint([folder]) != first
    (folder / "b.txt").rename(folder / "a.txt")
    assert seeds_fingerprint([folder]) == first
    (folder / "a.txt").write_text(ZORBLAX + "\n", encoding="utf-8")
    assert seeds_fingerprint([folder]) != first


def test_diff_stores(make_seeds: MakeSeeds, tmp_path: Path) -> None:
    folder = make_seeds({"zorblax.txt": ZORBLAX, "quillo.txt": QUILLO})
    old = tmp_path / "old.sqlite"
    build_store([folder], old)
    with Store.open(old) as store:
        quillo_facts = sum(c.facts for c in store.companies() if c.name == "Quillo")
    assert quillo_facts > 0

    (folder / "quillo.txt").unlink()
    make_seeds({"brindle.txt": BRINDLE})
    new = tmp_path / "new.sqlite"
    build_store([folder], new)
    with Store.open(new) as store:
        brindle_facts = store.info().facts - sum(
            c.facts for c in store.companies() if c.name == "Zorblax"
        )

    diff = diff_stores(old, new)
    assert len(diff.articles_added) == 1 and "Brindle Sells More Bicycles" in diff.articles_added[0]
    assert len(diff.articles_removed) == 1 and "Quillo Raises Money" in diff.articles_removed[0]
    assert diff.facts_removed == quillo_facts
    assert diff.facts_added == brindle_facts > 0

    same = diff_stores(old, old)
    assert (same.articles_added, same.articles_removed, same.facts_added, same.facts_removed) == (
        [],
        [],
        0,
        0,
    )


def test_settling_the_heap_loads_what_answering_would_load_on_first_need() -> None:
    # A long-lived process (the bot) settles its heap once a store is open: the ticker table
    # and the word frequencies are loaded then, not inside the first question that needs them.
    import facts.labels
    import facts.meaning
    import facts.rivals
    import facts.tickers
    import facts.typed_names

    facts.tickers._table.cache_clear()
    facts.typed_names.coined_word.cache_clear()
    loaders = [
        facts.labels.label_words,
        facts.meaning.load_relations,
        facts.rivals.rivals,
        facts.typed_names.trade_words,
        facts.typed_names.known_acronyms,
    ]
    for load in loaders:
        load.cache_clear()
    settle_heap()
    assert facts.tickers._table.cache_info().currsize == 1
    assert facts.typed_names.coined_word.cache_info().currsize >= 1
    # and the small tables a first question or a first decline reads
    assert all(load.cache_info().currsize == 1 for load in loaders)


def test_settling_the_heap_reads_each_open_store_s_word_list(invented_store: Path) -> None:
    # What grows with the store and a question reads on first need (its words, for
    # misspelt ones; its names by their first letters) is read when the heap is settled.
    with Store.open(invented_store) as store, Store.open(invented_store) as other:
        assert store._vocabulary is None and store._names._heads is None
        settle_heap()
        for opened in (store, other):
            assert opened._vocabulary and "zorblax" in opened._vocabulary
            assert opened._names._heads is not None
    settle_heap()  # closed stores are forgotten, not read


def test_names_as_written_are_read_when_a_question_first_needs_them(invented_store: Path) -> None:
    # Reading every company's names as written grows with the store; only a question that
    # names no company as the articles write it reads them (for a name typed otherwise).
    with Store.open(invented_store) as store:
        assert callable(store._names.written_names)
        assert store.ask("How many users does Quillo have?").answers
        assert callable(store._names.written_names)
        store.ask("What is Qlorbex's revenue?")
        assert not callable(store._names.written_names)
        assert "Zorblax" in store._names.written["Zorblax"]


@pytest.mark.parametrize(
    ("names", "text", "span"),
    [
        ({("Quillo Rail", False)}, "Rivals of QUILLO RAIL grew.", (10, 21)),
        ({("Quillo Rail", False), ("Quillo", False)}, "Quillo Rail's rival", (0, 11)),
        ({("Nu", True)}, "nu and Nu", (7, 9)),  # a short name only as written
        ({("Nu", True)}, "Nubank grew", None),  # a name as a word, not a word's start
        ({("Zento", False)}, "Marlow sold 4,000 bikes.", None),
        ({("Zénto", False)}, "ZÉNTO grew", (0, 5)),  # no ASCII name: compiled at once
        ({("Zento", False)}, "Ｚｅｎｔｏ and Zento", (10, 15)),
    ],
)
def test_a_company_s_names_match_as_their_pattern_does(
    names: set[tuple[str, bool]], text: str, span: tuple[int, int] | None
) -> None:
    # The pattern is compiled only for a text that holds one of the names in some case;
    # what it matches is what the pattern itself matches.
    parts = [
        re.escape(s) if exact else f"(?i:{re.escape(s)})"
        for s, exact in sorted(names, key=lambda n: -len(n[0]))
    ]
    compiled = re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)")
    pattern = NamePattern(names)
    found = pattern.search(text)
    assert (found.span() if found else None) == span
    assert (found.span() if found else None) == (m.span() if (m := compiled.search(text)) else None)
    assert bool(pattern.fullmatch(text)) == bool(compiled.fullmatch(text))
    for lo, hi in ((0, len(text)), (3, len(text)), (0, 8)):
        ours, theirs = pattern.search(text, lo, hi), compiled.search(text, lo, hi)
        assert (ours.span() if ours else None) == (theirs.span() if theirs else None)


def test_a_name_pattern_is_compiled_only_for_a_text_that_may_hold_a_name() -> None:
    pattern = NamePattern({("Quillo", False)})
    assert pattern.search("Marlow sold 4,000 bikes.") is None
    assert pattern.search("quillo sold 4,000 bikes.") == (0, 6)
    assert pattern._compiled is None  # ASCII text is searched without it
    assert pattern.search("quillo sold 4,000 bikes in Zürich.") is not None
    assert pattern._compiled is not None


# Invented names and the pieces of text around them, for the search without a pattern.
_NAME_POOL = [
    ("Quillo", False),
    ("Quillo Rail", False),
    ("Nu", True),
    ("NU", True),
    ("Vex", False),
    ("Vex.io", False),
    ("Hobbs & Lintott", False),
    ("Q2", True),
    ("o", False),
    ("Rail_", False),
]
_PIECES = (
    "quillo|QUILLO|Quillo| Rail|rail|_|Nu|nu|NU|bank| |, |Vex|.io|vex.IO|-|'s|Hobbs| & |"
    "lintott|Q2|q2|2|o|("
).split("|")


@pytest.mark.parametrize("seed", range(8))
def test_a_name_search_without_a_pattern_finds_what_the_pattern_finds(seed: int) -> None:
    # The oracle is the pattern itself, on random ASCII text built of names' pieces, from
    # random start and end positions (a word character just before the start still counts).
    import random

    rng = random.Random(seed)
    for _ in range(300):
        names = set(rng.sample(_NAME_POOL, rng.randint(1, 4)))
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 12)))
        parts = [
            re.escape(s) if exact else f"(?i:{re.escape(s)})"
            for s, exact in sorted(names, key=lambda n: -len(n[0]))
        ]
        compiled = re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)")
        pattern = NamePattern(names)
        lo = rng.randint(0, len(text) + 1)
        hi = rng.choice([len(text), len(text) + 5, rng.randint(0, len(text) + 1)])
        for a, b in ((0, len(text)), (lo, hi), (-3, -1), (lo - 9, hi)):
            ours, theirs = pattern.search(text, a, b), compiled.search(text, a, b)
            assert (ours.span() if ours else None) == (theirs.span() if theirs else None), (
                names,
                text,
                a,
                b,
            )
        assert bool(pattern.fullmatch(text)) == bool(compiled.fullmatch(text)), (names, text)
        assert pattern._compiled is None


def test_settling_the_heap_makes_full_collections_rarer() -> None:
    # Each full collection walks every cached object a question leaves behind; a long-lived
    # process settles its heap so that they come seldom. Young collections are left as they were.
    import gc

    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        settle_heap()
        assert gc.get_threshold() == (700, 10, FULL_COLLECTION_AFTER)
        assert FULL_COLLECTION_AFTER > 10
    finally:
        gc.set_threshold(*before)
