"""Patterns compiled on first use (facts.lazyre) behave as the compiled pattern."""

from __future__ import annotations

import re

import pytest

import facts.lazyre
from facts.lazyre import LazyPattern, compile_all, lazy


@pytest.fixture(autouse=True)
def own_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    # The patterns these tests declare (a broken one among them) stay out of the registry
    # that settle_heap compiles for the rest of the process.
    monkeypatch.setattr(facts.lazyre, "_MADE", list(facts.lazyre._MADE))


@pytest.mark.parametrize(
    ("pattern", "flags", "text"),
    [
        (r"\bgrew\s+by\s+$", re.IGNORECASE, "Quillo's revenue GREW by "),
        (r"(?P<n>\d+)\s*(?P<unit>million|billion)", 0, "Marlow sold 12 million units, 3 billion"),
        (r"\s*,\s*", 0, "Quillo, Marlow ,Zento"),
    ],
)
def test_a_lazy_pattern_answers_as_the_compiled_one(pattern: str, flags: int, text: str) -> None:
    compiled = re.compile(pattern, flags)
    stand_in = lazy(pattern, flags)
    assert bool(stand_in.search(text)) == bool(compiled.search(text))
    assert stand_in.findall(text) == compiled.findall(text)
    assert [m.span() for m in stand_in.finditer(text)] == [
        m.span() for m in compiled.finditer(text)
    ]
    assert stand_in.sub("_", text) == compiled.sub("_", text)
    assert stand_in.split(text) == compiled.split(text)
    assert bool(stand_in.match(text)) == bool(compiled.match(text))
    assert bool(stand_in.fullmatch(text)) == bool(compiled.fullmatch(text))
    assert stand_in.flags == compiled.flags
    assert stand_in.groupindex == compiled.groupindex


def test_a_lazy_pattern_compiles_only_when_first_used() -> None:
    # Its text is there to build other patterns from; compiling waits for a method.
    stand_in = lazy(r"(unbalanced")
    assert isinstance(stand_in, LazyPattern)
    assert stand_in.pattern == "(unbalanced"
    with pytest.raises(re.error):
        stand_in.search("x")


def test_a_lazy_pattern_keeps_the_compiled_methods_after_first_use() -> None:
    stand_in = lazy(r"\d+")
    assert stand_in.search("Quillo 42") is not None
    # The compiled pattern's own method, found on the stand-in without another lookup.
    assert "search" in vars(stand_in)
    assert stand_in.findall("1 and 22") == ["1", "22"]


def test_compile_all_compiles_every_pattern_declared(monkeypatch: pytest.MonkeyPatch) -> None:
    # A long-lived process compiles them up front (facts.store.settle_heap), not inside
    # its first question; a pattern used already is left as it is.
    monkeypatch.setattr(facts.lazyre, "_MADE", [])
    used = lazy(r"Quillo\s+\d+")
    assert used.search("Quillo 42") is not None
    fresh = lazy(r"Marlow\s+(\d+)")
    assert "search" not in vars(fresh)
    compile_all()
    assert "search" in vars(fresh) and "search" in vars(used)
    assert fresh.findall("Marlow 7, Marlow 12") == ["7", "12"]


def test_a_pattern_declared_in_a_test_leaves_the_registry_as_it_was() -> None:
    before = list(facts.lazyre._MADE)
    lazy(r"(unbalanced")
    assert len(facts.lazyre._MADE) == len(before) + 1
