"""The contract between the fact store, its CLI and the Slack app: plain dataclasses.

They are not pydantic models: every value in them is made by this package from its own
store, so there is nothing to validate, and building pydantic models was about two thirds
of the imports of a one-off `python -m facts ask`. Input that does need validating (the
evaluation files, the bot's settings, the votes) keeps pydantic. `model_dump` and
`model_dump_json` write what the pydantic models wrote, byte for byte: same keys and order,
same float spelling; `python -m facts ask --json` prints them and tests/test_models.py holds
them to pydantic's output.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from datetime import datetime
from json.encoder import encode_basestring
from typing import Any, Literal

FigureKind = Literal["money", "count", "percent", "date", "duration", "multiple", "fraction"]

# A field with this metadata is left out of `model_dump` and `model_dump_json`.
_EXCLUDED = {"exclude": True}


class Model:
    """What the answer types share: pydantic's `model_dump` and `model_dump_json`."""

    __slots__ = ()

    def model_dump(
        self,
        *,
        mode: Literal["python", "json"] = "python",
        exclude: frozenset[str] | set[str] = frozenset(),
    ) -> dict[str, Any]:
        """The fields as a dict, nested models as dicts too; in "json" mode datetimes are
        written as text. Fields marked excluded and those named in `exclude` are left out."""
        json_mode = mode == "json"
        return {
            f.name: _dumped(getattr(self, f.name), json_mode)
            for f in fields(self)  # type: ignore[arg-type]
            if not f.metadata.get("exclude") and f.name not in exclude
        }

    def model_dump_json(self) -> str:
        """One line of compact JSON, non-ASCII text as is."""
        return _json(self.model_dump(mode="json"))


def _dumped(value: Any, json_mode: bool) -> Any:
    if isinstance(value, Model):
        return value.model_dump(mode="json" if json_mode else "python")
    if isinstance(value, list | tuple):
        return [_dumped(v, json_mode) for v in value]
    if json_mode and isinstance(value, datetime):
        text = value.isoformat()
        return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
    return value


def _json(value: Any) -> str:
    """Compact JSON as pydantic writes it: no spaces, text unescaped beyond JSON's needs,
    floats as `_float` spells them."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, dict):
        return "{" + ",".join(f"{encode_basestring(k)}:{_json(v)}" for k, v in value.items()) + "}"
    return "[" + ",".join(_json(v) for v in value) + "]"


def _float(value: float) -> str:
    """A float as pydantic's JSON writes it: as Python's repr, except that infinities and NaN
    are null and exponents are not zero-padded (1e-7, not 1e-07), and a number of exponent
    -5 is written out in full (0.00001)."""
    if not math.isfinite(value):
        return "null"
    text = repr(value)
    mantissa, e, exponent = text.partition("e")
    if not e or exponent[0] != "-":
        return text
    power = -int(exponent)
    if power == 5:
        sign, digits = ("-", mantissa[1:]) if mantissa[0] == "-" else ("", mantissa)
        return f"{sign}0.0000{digits.replace('.', '')}"
    return f"{mantissa}e-{power}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Source(Model):
    """Where a quote comes from: the article, its file and line, and its link when known."""

    title: str
    path: str
    line: int
    url: str | None = None


@dataclass(slots=True, kw_only=True)
class Answer(Model):
    """One figure about one company, with the verbatim sentence that states it."""

    company: str
    figure: str  # verbatim span of `quote`
    value: float | None = None
    unit: str | None = None
    metric: str | None = None
    period: str | None = None
    quote: str
    source: Source
    score: float
    kind: FigureKind = field(default="count", metadata=_EXCLUDED)

    def __post_init__(self) -> None:
        # Floats even when given whole numbers, as the pydantic model made them: JSON says 2.0.
        if self.value is not None:
            self.value = float(self.value)
        self.score = float(self.score)


@dataclass(slots=True, kw_only=True)
class AskResult(Model):
    """The answers to one question, best first; empty when the articles do not say."""

    question: str
    answers: list[Answer] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    # the companies recognised in the question
    companies: list[str] = field(default_factory=list, metadata=_EXCLUDED)


@dataclass(slots=True, kw_only=True)
class CompanyCount(Model):
    """A company the store knows, with how many facts it holds about it."""

    name: str
    facts: int
    aliases: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class CompanyCard(Model):
    """A company's key figures, each with its source."""

    name: str
    aliases: list[str]
    facts: list[Answer]


@dataclass(slots=True, kw_only=True)
class StoreInfo(Model):
    """What a built store holds and what it was built from."""

    path: str
    schema_version: int
    fingerprint: str
    built_at: datetime
    articles: int
    facts: int
    companies: int
    sentences: int


@dataclass(slots=True, kw_only=True)
class BuildReport(Model):
    """The outcome of a successful build."""

    out: str
    articles: int
    facts: int
    companies: int
    sentences: int
    seconds: float
    fingerprint: str

    def __post_init__(self) -> None:
        self.seconds = float(self.seconds)


@dataclass(slots=True, kw_only=True)
class StoreDiff(Model):
    """What changed between two stores: articles by title and path, facts by content."""

    articles_added: list[str] = field(default_factory=list)
    articles_removed: list[str] = field(default_factory=list)
    facts_added: int = 0
    facts_removed: int = 0


# -- replies: what `facts.respond` makes of a typed query --------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Context(Model):
    """What a conversation remembers for follow-ups: its last question, as understood."""

    question: str


@dataclass(slots=True, kw_only=True)
class HelpReply(Model):
    """How to ask, with questions the store answers well."""

    kind: Literal["help"] = "help"
    question: str
    examples: list[str] = field(default_factory=list)
    context: Context | None = None  # help never changes what a conversation is about


@dataclass(slots=True, kw_only=True)
class CompanyListReply(Model):
    """The companies the store knows."""

    kind: Literal["companies"] = "companies"
    question: str
    companies: list[CompanyCount] = field(default_factory=list)
    context: Context | None = None


@dataclass(slots=True, kw_only=True)
class CardReply(Model):
    """A company's key figures, for a query that is only a company's name."""

    kind: Literal["card"] = "card"
    question: str
    card: CompanyCard
    context: Context | None = None


@dataclass(slots=True, kw_only=True)
class AnswersReply(Model):
    """Cited figures answering a question, best first."""

    kind: Literal["answers"] = "answers"
    result: AskResult
    context: Context | None = None

    @property
    def question(self) -> str:
        return self.result.question


@dataclass(slots=True, kw_only=True)
class DeclineReply(Model):
    """The articles do not answer: what was recognised, and what to ask instead."""

    kind: Literal["decline"] = "decline"
    result: AskResult
    context: Context | None = None

    @property
    def question(self) -> str:
        return self.result.question


@dataclass(slots=True, kw_only=True)
class CompanyFigure(Model):
    """One company's row of a comparison: its best figure, or none and what it knows instead."""

    company: str
    question: str  # the question put to the answer engine for this company
    answer: Answer | None = None
    suggestions: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class ComparisonReply(Model):
    """The same metric for several companies, side by side, each declined on its own."""

    kind: Literal["comparison"] = "comparison"
    question: str
    metric: str  # the metric words the question shares between companies
    rows: list[CompanyFigure]
    context: Context | None = None


# Told apart by `kind`.
Reply = HelpReply | CompanyListReply | CardReply | AnswersReply | DeclineReply | ComparisonReply
