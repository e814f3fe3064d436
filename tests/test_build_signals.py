"""A build's worker pool and SIGTERM: the signal is acted on between pool calls, never inside
the pool's own code, where an exception can leave a lock held and the pool unjoinable."""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator
from contextlib import closing
from types import FrameType

import pytest

from facts.build import _HeldSignals, _map


def _exit(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # as facts.cli does


@pytest.fixture
def sigterm_exits() -> Iterator[None]:
    previous = signal.signal(signal.SIGTERM, _exit)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_a_held_signal_runs_its_handler_at_the_check_and_the_handler_is_restored(
    sigterm_exits: None,
) -> None:
    reached = False
    with pytest.raises(SystemExit) as stopped, _HeldSignals() as held:
        os.kill(os.getpid(), signal.SIGTERM)
        reached = True  # the handler did not raise here, inside the held section
        held.check()
    assert reached
    assert stopped.value.code == 128 + signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) is _exit


def test_a_signal_held_to_the_end_is_acted_on_when_the_pool_is_gone(sigterm_exits: None) -> None:
    with pytest.raises(SystemExit), _HeldSignals():
        os.kill(os.getpid(), signal.SIGTERM)
    assert signal.getsignal(signal.SIGTERM) is _exit


def test_default_and_ignored_handlers_are_left_to_the_kernel() -> None:
    previous = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        with _HeldSignals() as held:
            assert signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
            os.kill(os.getpid(), signal.SIGTERM)  # ignored, as before
            held.check()
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_sigterm_while_a_build_uses_its_workers_stops_it_with_the_workers_gone(
    sigterm_exits: None,
) -> None:
    results: list[int] = []
    workers: list[multiprocessing.process.BaseProcess] = []
    texts = ["x" * n for n in range(400)]
    with pytest.raises(SystemExit) as stopped, closing(_map(len, texts, workers=2)) as sizes:
        for size in sizes:
            results.append(size)
            if len(results) == 3:
                workers = multiprocessing.active_children()
                os.kill(os.getpid(), signal.SIGTERM)
    assert stopped.value.code == 128 + signal.SIGTERM
    assert results == [0, 1, 2]  # stopped at the next pool call, not later
    assert len(workers) >= 2
    assert not any(w.is_alive() for w in workers)
    assert signal.getsignal(signal.SIGTERM) is _exit
