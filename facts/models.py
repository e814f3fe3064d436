"""Pydantic models: the contract between the fact store, its CLI and the Slack app."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

FigureKind = Literal["money", "count", "percent", "date", "duration", "multiple", "fraction"]


class Source(BaseModel):
    """Where a quote comes from: the article, its file and line, and its link when known."""

    model_config = ConfigDict(frozen=True)

    title: str
    path: str
    line: int
    url: str | None = None


class Answer(BaseModel):
    """One figure about one company, with the verbatim sentence that states it."""

    company: str
    figure: str = Field(description="verbatim span of `quote`")
    value: float | None = None
    unit: str | None = None
    metric: str | None = None
    period: str | None = None
    quote: str
    source: Source
    score: float
    kind: FigureKind = Field(default="count", exclude=True)


class AskResult(BaseModel):
    """The answers to one question, best first; empty when the articles do not say."""

    question: str
    answers: list[Answer] = Field(default_factory=list)
    suggestions: list[str] = Field(default_factory=list)
    companies: list[str] = Field(
        default_factory=list, exclude=True, description="companies recognised in the question"
    )


class CompanyCount(BaseModel):
    """A company the store knows, with how many facts it holds about it."""

    name: str
    facts: int
    aliases: list[str] = Field(default_factory=list)


class CompanyCard(BaseModel):
    """A company's key figures, each with its source."""

    name: str
    aliases: list[str]
    facts: list[Answer]


class StoreInfo(BaseModel):
    """What a built store holds and what it was built from."""

    path: str
    schema_version: int
    fingerprint: str
    built_at: datetime
    articles: int
    facts: int
    companies: int
    sentences: int


class BuildReport(BaseModel):
    """The outcome of a successful build."""

    out: str
    articles: int
    facts: int
    companies: int
    sentences: int
    seconds: float
    fingerprint: str


class StoreDiff(BaseModel):
    """What changed between two stores: articles by title and path, facts by content."""

    articles_added: list[str] = Field(default_factory=list)
    articles_removed: list[str] = Field(default_factory=list)
    facts_added: int = 0
    facts_removed: int = 0


# -- replies: what `facts.respond` makes of a typed query --------------------------------------


class Context(BaseModel):
    """What a conversation remembers for follow-ups: its last question, as understood."""

    model_config = ConfigDict(frozen=True)

    question: str


class HelpReply(BaseModel):
    """How to ask, with questions the store answers well."""

    kind: Literal["help"] = "help"
    question: str
    examples: list[str] = Field(default_factory=list)
    context: Context | None = None  # help never changes what a conversation is about


class CompanyListReply(BaseModel):
    """The companies the store knows."""

    kind: Literal["companies"] = "companies"
    question: str
    companies: list[CompanyCount] = Field(default_factory=list)
    context: Context | None = None


class CardReply(BaseModel):
    """A company's key figures, for a query that is only a company's name."""

    kind: Literal["card"] = "card"
    question: str
    card: CompanyCard
    context: Context | None = None


class AnswersReply(BaseModel):
    """Cited figures answering a question, best first."""

    kind: Literal["answers"] = "answers"
    result: AskResult
    context: Context | None = None

    @property
    def question(self) -> str:
        return self.result.question


class DeclineReply(BaseModel):
    """The articles do not answer: what was recognised, and what to ask instead."""

    kind: Literal["decline"] = "decline"
    result: AskResult
    context: Context | None = None

    @property
    def question(self) -> str:
        return self.result.question


class CompanyFigure(BaseModel):
    """One company's row of a comparison: its best figure, or none and what it knows instead."""

    company: str
    question: str = Field(description="the question put to the answer engine for this company")
    answer: Answer | None = None
    suggestions: list[str] = Field(default_factory=list)


class ComparisonReply(BaseModel):
    """The same metric for several companies, side by side, each declined on its own."""

    kind: Literal["comparison"] = "comparison"
    question: str
    metric: str = Field(description="the metric words the question shares between companies")
    rows: list[CompanyFigure]
    context: Context | None = None


Reply = Annotated[
    HelpReply | CompanyListReply | CardReply | AnswersReply | DeclineReply | ComparisonReply,
    Field(discriminator="kind"),
]
