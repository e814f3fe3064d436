"""Related words beyond the hand lists (facts.meaning): which words of a sentence meet a
question word, how strongly, and an answer found through one. Invented words throughout,
but for one check that the shipped file is read."""

from __future__ import annotations

import mmap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import facts.meaning
import facts.ranking
from facts import Store, build_store
from facts.errors import StoreError
from facts.meaning import HIGH, LOW, MIN_SIMILARITY, RELATED_FILE, Relations, load_relations
from facts.question import QueryTerm
from facts.ranking import _coverage, _match_strength
from facts.text import stem

MakeSeeds = Callable[[dict[str, str | bytes]], Path]


def relations(pairs: dict[str, list[tuple[str, int]]]) -> Relations:
    """Relations in the file's format: a `# source` line, then sorted `word<TAB>other sim`."""
    lines = [f"{w}\t" + " ".join(f"{o} {sim}" for o, sim in pairs[w]) for w in sorted(pairs)]
    return Relations("# test\n" + "".join(line + "\n" for line in lines))


@pytest.fixture
def use_relations(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Relations], None]]:
    """Answer with the given relations instead of the shipped ones."""

    def forget() -> None:
        # Ranking remembers match strengths per question term, in several caches.
        facts.ranking._STRENGTHS.clear()
        for value in vars(facts.ranking).values():
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()

    def use(rel: Relations) -> None:
        monkeypatch.setattr(facts.meaning, "load_relations", lambda: rel)
        forget()

    yield use
    forget()


GLORPS = relations(
    {
        "glorps": [
            ("glorp", 97),  # its own stem: no relation
            ("flumps", 90),
            ("snibbet", 75),
            ("quorple", 55),  # too far
            ("march", 85),  # a month is context, never the metric
            ("users", 80),  # another hand-listed metric
        ],
        "employees": [("users", 80), ("staffers", 80)],
    }
)


@pytest.mark.parametrize(
    ("word", "sentence_word", "expected"),
    [
        ("glorps", "flumps", LOW + (HIGH - LOW) * (90 - MIN_SIMILARITY) / (100 - MIN_SIMILARITY)),
        ("glorps", "snibbet", LOW + (HIGH - LOW) * (75 - MIN_SIMILARITY) / (100 - MIN_SIMILARITY)),
        ("glorps", "quorple", 0.0),
        ("glorps", "march", 0.0),
        ("glorps", "glorp", 0.0),
        # 'users' is no relation of 'employees' (both hand-listed, in other groups); a word
        # the lists lack is
        ("employees", "users", 0.0),
        ("employees", "staffers", LOW + (HIGH - LOW) * 20 / (100 - MIN_SIMILARITY)),
        ("flumps", "glorps", 0.0),  # relations are looked up from the question's side
    ],
)
def test_related_strengths(word: str, sentence_word: str, expected: float) -> None:
    got = GLORPS.related(word, stem(word)).get(stem(sentence_word), 0.0)
    assert got == pytest.approx(expected, abs=1e-3)


def test_a_joined_term_is_not_its_first_word() -> None:
    """'market share' is one term (stem 'marketshare', typed 'market'): what is near
    'market' is not near it."""
    rel = relations({"market": [("bazaar", 90)]})
    assert rel.related("market", stem("market")) == {stem("bazaar"): pytest.approx(0.6)}
    assert rel.related("market", "marketshare") == {}


def test_closer_words_count_more_but_less_than_hand_synonyms(
    use_relations: Callable[[Relations], None],
) -> None:
    use_relations(GLORPS)
    term = QueryTerm(stem("glorps"), "glorps", frozenset({stem("wibbles")}), 1.0)
    flumps, snibbet = _match_strength(term, stem("flumps")), _match_strength(term, stem("snibbet"))
    assert 0.0 < snibbet < flumps < _match_strength(term, stem("wibbles")) == 0.85
    assert _match_strength(term, stem("quorple")) == 0.0


@pytest.mark.parametrize(
    "entry", ["blick\tblocks", "blick\tblocks x", "blick\tblocks 90 ", "blick"]
)
def test_malformed_entry_is_refused_when_read(entry: str) -> None:
    rel = Relations(f"# test\naardvark\t\n{entry}\nzebra\t\n")
    with pytest.raises(StoreError):
        rel.related("blick", stem("blick"))


@pytest.mark.parametrize(
    "text",
    [
        "# test\nblick\tblocks 88\nblocks\tblick 88\n",
        "blick\tblocks 88\nblocks\tblick 88",  # no header, no last newline
        "# test\nab\t\nabc\t\nb\t\nblick\tblocks 88\nblocks\tblick 88\nc\t\nd\t\nzz\t\n",
    ],
)
@pytest.mark.parametrize("mapped", [False, True])
def test_a_word_is_found_by_its_line_and_only_by_it(
    text: str, mapped: bool, tmp_path: Path
) -> None:
    if mapped:  # as the shipped file is read: mapped into memory, not read into it
        path = tmp_path / RELATED_FILE
        path.write_text(text, encoding="utf-8")
        with path.open("rb") as file:
            rel = Relations(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))
    else:
        rel = Relations(text)
    assert rel.source == ("test" if text.startswith("#") else "")
    assert rel.neighbours("blick") == (("blocks", 88),)
    assert rel.neighbours("blocks") == (("blick", 88),)
    assert stem("blocks") in rel.related("blick", stem("blick"))
    for absent in ("", "a", "bl", "blic", "blickx", "blocksz", "zzz", "blick blocks", "bl\tick"):
        assert rel.neighbours(absent) == ()


def test_shipped_file_is_sorted_and_well_formed() -> None:
    # Lookup is a binary search: an unsorted or malformed line would hide words silently.
    path = Path(facts.meaning.__file__).with_name("data") / RELATED_FILE
    head, *lines = path.read_text(encoding="utf-8").split("\n")
    assert head.startswith("# ") and lines.pop() == ""
    words = [line.partition("\t")[0] for line in lines]
    assert words == sorted(set(words))
    known = set(words)
    for line in lines:
        word, tab, near = line.partition("\t")
        assert tab and word and not any(c.isspace() for c in word), line
        flat = near.split(" ") if near else []
        assert len(flat) % 2 == 0, line
        assert all(o in known and o != word for o in flat[0::2]), line
        assert all(s.isdigit() and 0 <= int(s) <= 100 for s in flat[1::2]), line


def test_shipped_relations_load() -> None:
    rel = load_relations()
    assert len(rel) > 10_000
    assert stem("smartphones") in rel.related("phones", stem("phones"))


HEAD = "Zorblax Posts Record Year\n\nThe gadget maker had a busy year\n\n"
BODY = (
    "Zorblax said it had 3.4 million flumps in 2023, its best year so far."
    " Zorblax also opened 12 offices in 2023."
)


@pytest.mark.parametrize(("rel", "said"), [(GLORPS, True), (relations({}), False)])
def test_a_related_word_names_the_metric(
    make_seeds: MakeSeeds,
    tmp_path: Path,
    use_relations: Callable[[Relations], None],
    rel: Relations,
    said: bool,
) -> None:
    """'glorps' asked: the sentence on flumps states it only through the relation, and
    then its figure is the answer, not the offices'."""
    use_relations(rel)
    folder = make_seeds({"zorblax.txt": HEAD + BODY + "\n"})
    out = tmp_path / "facts.sqlite"
    build_store([folder], out)
    with Store.open(out) as store:
        query = store.parse("Zorblax glorps 2023")
        cands, idf, _ = store.candidates(query)
        answer = store.ask("Zorblax glorps 2023")
    metric = {c.figure: _coverage(query, c, idf)[1] for c in cands}
    assert (metric["3.4 million"] > metric["12"]) is said
    if said:
        assert answer.answers[0].figure == "3.4 million"
