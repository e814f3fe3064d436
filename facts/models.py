"""The contract between the fact store, its CLI and the Slack app: plain typed records.

They are not pydantic models: every value in them is made by this package from its own
store, so there is nothing to validate, and building pydantic models was about two thirds
of the imports of a one-off `python -m facts ask`. Input that does need validating (the
evaluation files, the bot's settings, the votes) keeps pydantic. `model_dump` and
`model_dump_json` write what the pydantic models wrote, byte for byte: same keys and order,
same float spelling; `python -m facts ask --json` prints them and tests/test_models.py holds
them to pydantic's output.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Callable
from datetime import datetime
from json.encoder import encode_basestring
from typing import Any, ClassVar, Literal, dataclass_transform

FigureKind = Literal["money", "count", "percent", "date", "duration", "multiple", "fraction"]


class _Field:
    """A field's default made anew for each object, and whether dumps leave it out."""

    __slots__ = ("default", "default_factory", "exclude")

    def __init__(
        self, default: Any, default_factory: Callable[[], Any] | None, exclude: bool
    ) -> None:
        self.default, self.default_factory, self.exclude = default, default_factory, exclude


_REQUIRED = object()


def field(
    *,
    default: Any = _REQUIRED,
    default_factory: Callable[[], Any] | None = None,
    exclude: bool = False,
) -> Any:
    """A field's default value or factory (as dataclasses.field), and `exclude`: left out
    of `model_dump` and `model_dump_json`, as pydantic's Field(exclude=True) was."""
    return _Field(default, default_factory, exclude)


@dataclass_transform(kw_only_default=True, field_specifiers=(field,))
class Model:
    """A record of named fields, given by keyword, with pydantic's `model_dump` and
    `model_dump_json`. Not `dataclasses.dataclass`: it makes each class by generating and
    compiling source, 9 ms for these sixteen classes at every start of a one-off ask. Here
    the fields are read from the class's annotations once, when the class is defined."""

    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}
    _factories: ClassVar[dict[str, Callable[[], Any]]] = {}
    _excluded: ClassVar[frozenset[str]] = frozenset()
    _frozen: ClassVar[bool] = False

    def __init_subclass__(cls, *, frozen: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        names = [n for n in inspect.get_annotations(cls) if not n.startswith("_")]
        cls._fields = (*cls._fields, *names)
        cls._defaults, cls._factories = dict(cls._defaults), dict(cls._factories)
        excluded = set(cls._excluded)
        for name in names:
            value = cls.__dict__.get(name, _REQUIRED)
            if isinstance(value, _Field):
                if value.exclude:
                    excluded.add(name)
                if value.default_factory is not None:
                    cls._factories[name] = value.default_factory
                value = value.default
            if value is not _REQUIRED:
                cls._defaults[name] = value
            if name in cls.__dict__:
                delattr(cls, name)  # the object's own value, never the class's, is read
        cls._excluded = frozenset(excluded)
        cls._frozen = frozen

    def __init__(self, **values: Any) -> None:
        for name in self._fields:
            if name in values:
                value = values.pop(name)
            elif name in self._factories:
                value = self._factories[name]()
            elif name in self._defaults:
                value = self._defaults[name]
            else:
                raise TypeError(f"{type(self).__name__}() is missing the field {name!r}")
            object.__setattr__(self, name, value)
        if values:
            raise TypeError(f"{type(self).__name__}() has no field {next(iter(values))!r}")
        self.__post_init__()

    def __post_init__(self) -> None:
        """Called at the end of __init__: where a field's value is normalised."""

    def __setattr__(self, name: str, value: Any) -> None:
        if self._frozen:
            raise AttributeError(f"{type(self).__name__} is frozen: cannot set {name!r}")
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        if self._frozen:
            raise AttributeError(f"{type(self).__name__} is frozen: cannot delete {name!r}")
        object.__delattr__(self, name)

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._fields)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Model)
        return self._values() == other._values()

    def __hash__(self) -> int:
        if not self._frozen:
            raise TypeError(f"unhashable type: {type(self).__name__!r}")
        return hash(self._values())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__name__}({shown})"

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
            name: _dumped(getattr(self, name), json_mode)
            for name in self._fields
            if name not in self._excluded and name not in exclude
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


class Source(Model, frozen=True):
    """Where a quote comes from: the article, its file and line, and its link when known."""

    title: str
    path: str
    line: int
    url: str | None = None


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
    kind: FigureKind = field(default="count", exclude=True)

    def __post_init__(self) -> None:
        # Floats even when given whole numbers, as the pydantic model made them: JSON says 2.0.
        if self.value is not None:
            self.value = float(self.value)
        self.score = float(self.score)


class AskResult(Model):
    """The answers to one question, best first; empty when the articles do not say."""

    question: str
    answers: list[Answer] = field(default_factory=list)
    suggestions: list[str] = field(default_factory=list)
    # the companies recognised in the question
    companies: list[str] = field(default_factory=list, exclude=True)


class CompanyCount(Model):
    """A company the store knows, with how many facts it holds about it."""

    name: str
    facts: int
    aliases: list[str] = field(default_factory=list)


class CompanyCard(Model):
    """A company's key figures, each with its source."""

    name: str
    aliases: list[str]
    facts: list[Answer]


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


class StoreDiff(Model):
    """What changed between two stores: articles by title and path, facts by content."""

    articles_added: list[str] = field(default_factory=list)
    articles_removed: list[str] = field(default_factory=list)
    facts_added: int = 0
    facts_removed: int = 0


# -- replies: what `facts.respond` makes of a typed query --------------------------------------


class Context(Model, frozen=True):
    """What a conversation remembers for follow-ups: its last question, as understood."""

    question: str


class HelpReply(Model):
    """How to ask, with questions the store answers well."""

    kind: Literal["help"] = "help"
    question: str
    examples: list[str] = field(default_factory=list)
    context: Context | None = None  # help never changes what a conversation is about


class CompanyListReply(Model):
    """The companies the store knows."""

    kind: Literal["companies"] = "companies"
    question: str
    companies: list[CompanyCount] = field(default_factory=list)
    context: Context | None = None


class CardReply(Model):
    """A company's key figures, for a query that is only a company's name."""

    kind: Literal["card"] = "card"
    question: str
    card: CompanyCard
    context: Context | None = None


class AnswersReply(Model):
    """Cited figures answering a question, best first."""

    kind: Literal["answers"] = "answers"
    result: AskResult
    context: Context | None = None

    @property
    def question(self) -> str:
        return self.result.question


class DeclineReply(Model):
    """The articles do not answer: what was recognised, and what to ask instead."""

    kind: Literal["decline"] = "decline"
    result: AskResult
    context: Context | None = None

    @property
    def question(self) -> str:
        return self.result.question


class CompanyFigure(Model):
    """One company's row of a comparison: its best figure, or none and what it knows instead."""

    company: str
    question: str  # the question put to the answer engine for this company
    answer: Answer | None = None
    suggestions: list[str] = field(default_factory=list)


class ComparisonReply(Model):
    """The same metric for several companies, side by side, each declined on its own."""

    kind: Literal["comparison"] = "comparison"
    question: str
    metric: str  # the metric words the question shares between companies
    rows: list[CompanyFigure]
    context: Context | None = None


# Told apart by `kind`.
Reply = HelpReply | CompanyListReply | CardReply | AnswersReply | DeclineReply | ComparisonReply
