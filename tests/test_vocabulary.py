"""The question vocabulary file: loaded into a frozen object, bad entries named on load."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from facts.question import NameIndex, parse_question
from facts.synonyms import expected_kinds, wanted_currency
from facts.text import stem
from facts.vocabulary import DATA, alternation, is_plural, load, vocabulary

# A small valid file; each bad case below replaces one line of it.
GOOD = """
[abbreviations]
zq = "zonal quota"

[chinese_metrics]
"用户" = "users"
"月活跃用户" = "monthly active users"

[forecast]
words = ["foresee*", "hope"]

[undisclosed]
words = ["kept quiet"]

[group_total]
words = ["all told"]

[whole]
words = ["firm-wide"]

[unit_price]
asked = ["fare*"]
stated = ["a seat"]

[change.up]
soar = ["soars", "soared"]
up = []

[change.down]
sink = ["sank", "sunk"]

[change.other]
alter = ["altered"]

[change.by]
trim = ["trimmed"]

[baseline]
words = ["formerly", "a year back"]

[calendar]
months = ["primo", "secundo"]
weekdays = ["moonday"]
ordinals = ["first"]
words = ["quarter"]

[[kind_hints]]
kinds = ["count"]
words = ["widgets"]

[[phrases]]
pattern = '\\bwidget\\s+tally\\b'
replace = "widgets"

[[synonyms]]
words = ["widgets", "gizmos"]

[[synonyms]]
words = ["sprockets", "cogs"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "vocabulary.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_loads_into_a_frozen_object(tmp_path: Path) -> None:
    v = load(write(tmp_path, GOOD))
    assert v.abbreviations["zq"] == "zonal quota"
    assert list(v.chinese_metrics) == ["月活跃用户", "用户"]  # longer word replaced first
    assert v.change_up == ("soar", "soars", "soared", "up")
    assert v.change == ("soar", "soars", "soared", "up", "sink", "sank", "sunk", "alter", "altered")
    assert v.change_by == ("trim", "trimmed")
    assert (v.unit_price_asked, v.unit_price_stated) == (("fare*",), ("a seat",))
    assert v.calendar == {"primo", "secundo", "moonday", "first", "quarter"}
    assert v.kind_hints[0].kinds == ("count",)
    assert v.phrases == ((r"\bwidget\s+tally\b", "widgets"),)
    # rising and falling are metric synonym groups too
    assert v.synonym_groups[-2:] == (v.change_up, v.change_down)
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.forecast = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        v.abbreviations["new"] = "entry"  # type: ignore[index]


@pytest.mark.parametrize(
    ("line", "bad", "message"),
    [
        ('zq = "zonal quota"', "zq = 3", r"\[abbreviations\] 'zq' must be a non-empty string"),
        ('zq = "zonal quota"', 'ZQ = "zonal quota"', r"\[abbreviations\] 'ZQ' must be lower case"),
        ('words = ["foresee*", "hope"]', "words = []", r"\[forecast\] 'words' must be a non-empty"),
        ('words = ["foresee*", "hope"]', 'words = ["Hope"]', r"\[forecast\] 'words': 'Hope'"),
        ('words = ["formerly", "a year back"]', 'wordz = ["x"]', r"\[baseline\] 'words'"),
        ('months = ["primo", "secundo"]', 'months = "primo"', r"\[calendar\] 'months'"),
        ('soar = ["soars", "soared"]', 'soar = ["Soars"]', r"\[change.up\] 'soar'"),
        ("[change.by]", "[change.bye]", r"\[change.by\] must be a table"),
        ('kinds = ["count"]', 'kinds = ["widgets"]', r"\[\[kind_hints\]\] 1 'kinds': 'widgets'"),
        ('replace = "widgets"', "replace = 4", r"\[\[phrases\]\] 1 'replace' must be a string"),
        (
            "pattern = '\\bwidget\\s+tally\\b'",
            "pattern = '(widget'",
            r"\[\[phrases\]\] 1 'pattern'",
        ),
        ('words = ["sprockets", "cogs"]', 'words = ["cogs"]', r"\[\[synonyms\]\] 2: a group needs"),
        ('words = ["sprockets", "cogs"]', "words = 7", r"\[\[synonyms\]\] 2 'words'"),
        ("[forecast]", "[forecasts]", r"\[forecast\] must be a table"),
    ],
)
def test_a_bad_entry_is_named_with_its_file_and_field(
    tmp_path: Path, line: str, bad: str, message: str
) -> None:
    assert line in GOOD
    path = write(tmp_path, GOOD.replace(line, bad, 1))
    with pytest.raises(ValueError, match=message) as caught:
        load(path)
    assert str(path) in str(caught.value)


@pytest.mark.parametrize(
    ("line", "bad", "message"),
    [
        # an abbreviation defined twice: TOML itself refuses it, the line is named
        ('zq = "zonal quota"', 'zq = "zonal quota"\nzq = "zed"', r"vocabulary\.toml: .*line 4"),
        # a word listed twice in one list
        ('words = ["foresee*", "hope"]', 'words = ["hope", "hope"]', r"'hope' is listed twice"),
        # a form listed under two verbs, or as a verb and a form
        ('sink = ["sank", "sunk"]', 'sink = ["sank", "soared"]', r"'soared' is listed twice"),
        ('trim = ["trimmed"]', 'trim = ["alter"]', r"\[change.by\] 'trim': 'alter' is listed"),
        # two synonym groups under one name
        ('words = ["sprockets", "cogs"]', 'words = ["widgets", "cogs"]', r"'widgets' is listed"),
        # one rewrite twice
        (
            'replace = "widgets"',
            "replace = \"widgets\"\n[[phrases]]\npattern = '\\bwidget\\s+tally\\b'\nreplace = 'x'",
            r"\[\[phrases\]\] 2 'pattern' .* is listed twice",
        ),
    ],
)
def test_duplicate_entries_are_rejected(tmp_path: Path, line: str, bad: str, message: str) -> None:
    assert line in GOOD
    with pytest.raises(ValueError, match=message):
        load(write(tmp_path, GOOD.replace(line, bad, 1)))


def test_an_unreadable_file_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    with pytest.raises(ValueError, match=r"nowhere\.toml"):
        load(missing)


def test_the_shipped_vocabulary_loads_once() -> None:
    assert vocabulary() is vocabulary()
    shipped = load(DATA)
    assert len(shipped.months) == 12
    assert "may" in shipped.calendar


@pytest.mark.parametrize(
    ("words", "text", "found"),
    [
        (["foresee*"], "they foresaw", None),
        (["foresee*"], "it foreseeably grew", "foreseeably"),
        (["widget tally"], "the widget   tally rose", "widget   tally"),
        (["up"], "an upgrade", None),  # whole words only
        (["a.b"], "axb", None),  # words are literal, not patterns
    ],
)
def test_alternation_matches_whole_words(words: list[str], text: str, found: str | None) -> None:
    hit = re.search(rf"\b{alternation(words)}\b", text)
    assert (hit.group(0) if hit else None) == found


@pytest.mark.parametrize(
    ("word", "plural"),
    [
        ("gizmos", True),
        ("widgets", True),
        ("business", False),
        ("status", False),
        ("analysis", False),
        ("ads", False),  # too short to tell
        ("gizmo", False),
    ],
)
def test_one_plural_rule(word: str, plural: bool) -> None:
    assert is_plural(word) is plural


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        # a hint holds in the plural: 'net revenues' asks for money, not a count
        ("zorblax net revenues q2 2024", "money"),
        ("zorblax ipo net proceeds", "money"),
        ("zorblax ipo size", "money"),
        ("zorblax revenue", "money"),
        ("zorblax fleet size", "count"),
        # a margin is a percent, not the amount it is a margin of
        ("zorblax adjusted ebitda margin q3", "percent"),
    ],
)
def test_kind_hints(question: str, kind: str) -> None:
    kinds, strict = expected_kinds(question)
    assert max(kinds, key=lambda k: kinds[k]) == kind
    assert not strict


@pytest.mark.parametrize(
    ("question", "code"),
    [
        # every currency the figure parser knows may be asked for after 'in'
        ("how much is zorblax raising in singapore dollars?", "SGD"),
        ("what was zorblax's trading loss in rand?", "ZAR"),
        ("zorblax net revenue in rmb for q3", "CNY"),
        ("zorblax profit in won", "KRW"),
        ("zorblax revenue in dollars", "USD"),
        # alone, 'won' is a verb
        ("how many awards has zorblax won", None),
    ],
)
def test_the_currency_asked(question: str, code: str | None) -> None:
    found, rest = wanted_currency(question)
    assert found == code
    assert (code is None) == (rest == question)


@pytest.mark.parametrize(
    ("question", "word", "met_by"),
    [
        # an IPO's 'price band' is the price range the prospectus sets
        ("Zorblax IPO price band", "band", "range"),
        # the greenshoe is the over-allotment option
        ("how many shares under the zorblax greenshoe", "greenshoe", "over-allotment"),
    ],
)
def test_synonym_groups_meet_the_article_s_word(question: str, word: str, met_by: str) -> None:
    query = parse_question(question, NameIndex({}, lambda stem: True))
    term = next(t for t in query.terms if t.text == word)
    assert stem(met_by) in term.synonyms


def test_a_delivery_business_is_not_its_orders() -> None:
    # 'food delivery' names a business line; its orders are one of its figures, not it
    query = parse_question("Zorblax delivery transaction growth", NameIndex({}, lambda s: True))
    term = next(t for t in query.terms if t.text == "delivery")
    assert stem("orders") not in term.synonyms
