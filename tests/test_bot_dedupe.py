"""Event dedupe: a retried delivery of the same event_id is recognised; memory stays bounded."""

from __future__ import annotations

import threading

import pytest

from bot.dedupe import EventDeduper


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(
    ("deliveries", "expected"),
    [
        (["Ev1"], [True]),
        (["Ev1", "Ev1", "Ev1", "Ev1"], [True, False, False, False]),
        (["Ev1", "Ev2", "Ev1", "Ev2"], [True, True, False, False]),
    ],
)
def test_first_delivery_only(deliveries: list[str], expected: list[bool]) -> None:
    deduper = EventDeduper()
    assert [deduper.first_delivery(e) for e in deliveries] == expected


def test_ids_expire_after_the_ttl() -> None:
    clock = Clock()
    deduper = EventDeduper(ttl_seconds=60, clock=clock)
    assert deduper.first_delivery("Ev1")
    clock.now = 59
    assert not deduper.first_delivery("Ev1")
    clock.now = 200
    assert deduper.first_delivery("Ev1")


def test_memory_is_bounded() -> None:
    deduper = EventDeduper(max_entries=3)
    for event_id in ("a", "b", "c", "d"):
        assert deduper.first_delivery(event_id)
    assert deduper.first_delivery("a"), "the oldest id was forgotten"
    assert not deduper.first_delivery("d")


def test_concurrent_deliveries_are_answered_once() -> None:
    deduper = EventDeduper()
    results: list[bool] = []
    lock = threading.Lock()

    def deliver() -> None:
        first = deduper.first_delivery("EvSame")
        with lock:
            results.append(first)

    threads = [threading.Thread(target=deliver) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=5)
    assert sorted(results) == [False] * 15 + [True]
