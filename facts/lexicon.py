"""Language data: units of figures: currencies, scales and unit words, read once from
``facts/data/figures.toml`` into a frozen object that the figure parser compiles from."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from facts.datafiles import read_toml

DATA = Path(__file__).with_name("data") / "figures.toml"


@dataclass(frozen=True, slots=True)
class Units:
    """The words and marks of figures (facts/data/figures.toml): scales, currencies,
    percent and duration words."""

    # scale word (lower case) -> multiplier: 'crore' -> 10000000
    scales: MappingProxyType[str, Decimal]
    # currency mark written before the number, exactly as written -> ISO code
    before: MappingProxyType[str, str]
    # marks that are a currency only when they touch the digits ('R6.26 billion')
    tight: MappingProxyType[str, str]
    # currency word after the number (lower case, single spaces) -> ISO code
    after: MappingProxyType[str, str]
    percent: tuple[str, ...]
    durations: tuple[str, ...]
    compound_scales: tuple[str, ...]  # may follow another scale word ('lakh crore')


def _strings(table: dict[str, Any], key: str) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{key} must be a list of strings")
    return value


@cache
def units() -> Units:
    """The units, parsed once per process."""
    raw = read_toml(DATA)
    scales = {word.lower(): Decimal(repr(float(x))) for word, x in raw["scales"].items()}
    before: dict[str, str] = {}
    tight: dict[str, str] = {}
    after: dict[str, str] = {}
    for code, table in raw["currencies"].items():
        for mark in _strings(table, "before"):
            before[mark] = code
        for mark in _strings(table, "tight"):
            tight[mark] = code
        for word in _strings(table, "after"):
            after[" ".join(word.lower().split())] = code
    return Units(
        scales=MappingProxyType(scales),
        before=MappingProxyType(before),
        tight=MappingProxyType(tight),
        after=MappingProxyType(after),
        percent=tuple(_strings(raw["percent"], "words")),
        durations=tuple(_strings(raw["durations"], "words")),
        compound_scales=tuple(w.lower() for w in _strings(raw["compound_scales"], "words")),
    )


LAYOUT = Path(__file__).with_name("data") / "layout.toml"


@dataclass(frozen=True, slots=True)
class Layout:
    """The words of article layout (facts/data/layout.toml)."""

    section_words: tuple[str, ...]  # lower case
    agencies: tuple[str, ...]  # as written


@cache
def layout() -> Layout:
    """The words of article layout, parsed once per process."""
    raw = read_toml(LAYOUT)
    return Layout(
        section_words=tuple(w.lower() for w in _strings(raw, "section_words")),
        agencies=tuple(_strings(raw, "agencies")),
    )
