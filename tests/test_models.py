"""The answer types are plain records; their JSON is still what the pydantic models wrote.

`python -m facts ask --json` and `--batch` print `model_dump_json`, and readers (the shared
judge, scripts) compare it byte for byte. The pydantic models below are the old contract,
kept here as the reference the dataclasses must match: same keys and order, same escapes,
same spelling of floats (pydantic writes 1e-7 and 0.00001 where Python writes 1e-07 and
1e-05) and of datetimes.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field

from facts.models import Answer, AskResult, CompanyCount, Source, StoreInfo


class PydanticSource(BaseModel):
    model_config = ConfigDict(frozen=True)

    title: str
    path: str
    line: int
    url: str | None = None


class PydanticAnswer(BaseModel):
    company: str
    figure: str
    value: float | None = None
    unit: str | None = None
    metric: str | None = None
    period: str | None = None
    quote: str
    source: PydanticSource
    score: float
    kind: Literal["money", "count", "percent", "date", "duration", "multiple", "fraction"] = Field(
        default="count", exclude=True
    )


class PydanticAskResult(BaseModel):
    question: str
    answers: list[PydanticAnswer] = Field(default_factory=list)
    suggestions: list[str] = Field(default_factory=list)
    companies: list[str] = Field(default_factory=list, exclude=True)


class PydanticStoreInfo(BaseModel):
    path: str
    schema_version: int
    fingerprint: str
    built_at: datetime
    articles: int
    facts: int
    companies: int
    sentences: int


EDGE_FLOATS = [
    *(0.0, -0.0, 1.0, 2.5, 0.1 + 0.2, 0.9734, 516_200_000_000.0),
    *(1e-4, 1e-5, -1e-5, 9.99e-5, 1.5e-6, 1e-7, 1e-9, 1e-10, 1e-300, 5e-324),
    *(1e15, 1e16, -1e16, 1.2345678901234567e17, 1e22, 1.7e308),
    *(float("inf"), float("-inf"), float("nan")),
]


def _answers(value: float) -> tuple[Answer, PydanticAnswer]:
    fields = {"company": "Vantly", "figure": "12", "value": value, "quote": "Vantly had 12."}
    ours = Answer(**fields, source=Source(title="V", path="v.txt", line=3), score=value)  # type: ignore[arg-type]
    theirs = PydanticAnswer(
        **fields,  # type: ignore[arg-type]
        source=PydanticSource(title="V", path="v.txt", line=3),
        score=value,
    )
    return ours, theirs


TEXTS = [
    "Vantly Ltd.",
    'a "quoted" \\ back\\slash',
    "line\nbreak\ttab\rreturn\bbell\fform",
    "controls \x00 \x01 \x1f \x7f",
    "non-ASCII: é ü ß 美团市值 — “curly” ’ \u2028 \u2029 \U0001f600",
    "",
]


@pytest.mark.parametrize("value", EDGE_FLOATS)
def test_an_answer_writes_floats_as_pydantic_did(value: float) -> None:
    ours, theirs = _answers(value)
    assert ours.model_dump_json() == theirs.model_dump_json()


def test_floats_of_every_size_are_written_as_pydantic_did() -> None:
    rng = random.Random(12)
    for _ in range(3000):
        value = rng.choice((1, -1)) * rng.uniform(1, 10) * 10.0 ** rng.randint(-30, 30)
        ours, theirs = _answers(value)
        assert ours.model_dump_json() == theirs.model_dump_json(), value


@pytest.mark.parametrize("text", TEXTS)
def test_an_ask_result_writes_text_as_pydantic_did(text: str) -> None:
    kwargs = {
        "company": text,
        "figure": text,
        "value": 7,  # a whole number: written as 7.0, as the float field made it
        "unit": text,
        "metric": text,
        "period": None,
        "quote": text,
        "score": 1,
        "kind": "money",
    }
    ours = AskResult(
        question=text,
        answers=[Answer(**kwargs, source=Source(title=text, path=text, line=9, url=text))],  # type: ignore[arg-type]
        suggestions=[text, "Orvex users"],
        companies=[text],
    )
    theirs = PydanticAskResult(
        question=text,
        answers=[
            PydanticAnswer(**kwargs, source=PydanticSource(title=text, path=text, line=9, url=text))  # type: ignore[arg-type]
        ],
        suggestions=[text, "Orvex users"],
        companies=[text],
    )
    assert ours.model_dump_json() == theirs.model_dump_json()
    assert ours.model_dump(mode="json") == theirs.model_dump(mode="json")
    assert ours.model_dump() == theirs.model_dump()
    assert (
        AskResult(question=text).model_dump_json()
        == PydanticAskResult(question=text).model_dump_json()
    )


@pytest.mark.parametrize(
    "built_at",
    [
        datetime(2026, 11, 26, 3, 0, tzinfo=UTC),
        datetime(2026, 11, 26, 3, 0, 5, 123, tzinfo=UTC),
        datetime(2026, 11, 26, 3, 0, tzinfo=timezone(timedelta(hours=5, minutes=30))),
        datetime(2026, 11, 26, 3, 0, tzinfo=timezone(-timedelta(hours=8))),
        datetime(2026, 11, 26, 3, 0),
    ],
)
def test_store_info_writes_datetimes_as_pydantic_did(built_at: datetime) -> None:
    fields = {
        "path": "var/facts.sqlite",
        "schema_version": 3,
        "fingerprint": "0123abcd",
        "built_at": built_at,
        "articles": 2,
        "facts": 40,
        "companies": 12,
        "sentences": 300,
    }
    ours, theirs = StoreInfo(**fields), PydanticStoreInfo(**fields)  # type: ignore[arg-type]
    assert ours.model_dump_json() == theirs.model_dump_json()
    assert ours.model_dump(mode="json") == theirs.model_dump(mode="json")
    assert ours.model_dump() == theirs.model_dump()


def test_models_compare_by_value_and_dump_nested_models_as_dicts() -> None:
    source = Source(title="Orvex", path="seeds/o.txt", line=1)
    assert source == Source(title="Orvex", path="seeds/o.txt", line=1)
    assert len({source, Source(title="Orvex", path="seeds/o.txt", line=1)}) == 1  # frozen
    count = CompanyCount(name="Orvex", facts=3)
    assert count.model_dump() == {"name": "Orvex", "facts": 3, "aliases": []}
    assert count.model_dump(exclude={"aliases"}) == {"name": "Orvex", "facts": 3}
    assert count != CompanyCount(name="Orvex", facts=4)
