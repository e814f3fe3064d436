"""`/company refresh`: admins rebuild the facts while questions keep being answered."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from articles import QUILLO
from slack_fake import Call, FakeSlackApi
from slack_harness import RunningBot, command, running_bot, unique
from slack_seeds import (
    BROKEN,
    BROKEN_LINE,
    BROKEN_NAME,
    WORKERS_QUESTION,
    write_seeds,
    zorblax,
)
from slack_signing import USER_ID, command_body, post_form

from bot.dedupe import state_path
from bot.holder import StoreHolder
from bot.refresh import Refresher, RefreshOutcome
from facts import Store, build_store
from facts.feedback import feedback_path

ADMIN = USER_ID
OTHER_ADMIN = "U0OTHERADM"
ANNOUNCE = "C0ANNOUNCE"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    return write_seeds(tmp_path / "seeds", {"zorblax.txt": zorblax("3,000"), "quillo.txt": QUILLO})


@pytest.fixture
def store(tmp_path: Path, seeds: Path) -> Path:
    out = tmp_path / "var" / "facts.sqlite"
    build_store([seeds], out)
    return out


@pytest.fixture
def fake() -> Iterator[FakeSlackApi]:
    with FakeSlackApi() as api:
        yield api


def refresh(bot: RunningBot, fake: FakeSlackApi, user: str = ADMIN) -> str:
    """Send `/company refresh` as `user`; returns the response_url name its replies go to."""
    name = unique("refresh")
    body = command_body("refresh", response_url=fake.response_url(name), user_id=user)
    status, _, seconds = post_form(bot.url, body)
    assert status == 200 and seconds < 3
    return name


def replies(fake: FakeSlackApi, name: str, count: int, timeout: float = 30.0) -> list[Call]:
    return fake.wait_for_calls(None, count, timeout=timeout, path_prefix=f"/response/{name}")


def leftovers(store: Path) -> list[str]:
    """Files beside the store other than the store itself and the bot's state (retry dedupe,
    votes): temporary files must not remain."""
    kept = (state_path(store).name, feedback_path(store).name)
    return sorted(
        p.name
        for p in store.parent.iterdir()
        if p.name != store.name and not p.name.startswith(kept)
    )


def test_refresh_switches_answers_while_questions_keep_being_answered(
    fake: FakeSlackApi, store: Path, seeds: Path
) -> None:
    with running_bot(fake, store, seeds, facts_admins=frozenset({ADMIN})) as bot:
        assert "3,000" in command(bot, fake, WORKERS_QUESTION).body["text"]
        write_seeds(seeds, {"zorblax.txt": zorblax("4,500"), "quillo.txt": QUILLO})
        answers: list[str] = []
        stop = threading.Event()

        def ask_repeatedly() -> None:
            while not stop.is_set():
                answers.append(command(bot, fake, WORKERS_QUESTION).body["text"])

        askers = [threading.Thread(target=ask_repeatedly) for _ in range(5)]
        for asker in askers:
            asker.start()
        try:
            name = refresh(bot, fake)
            started, report = replies(fake, name, 2)
        finally:
            time.sleep(0.3)  # a few questions after the swap too
            stop.set()
            for asker in askers:
                asker.join(timeout=30)
        assert "Rebuilding the facts" in started.body["text"]
        assert "Facts refreshed" in report.body["text"]
        shown = str(report.body["blocks"])
        assert "*2* articles" in shown and "companies" in shown
        # Both figures of the edited sentence (cost and workers) count as changed facts.
        assert "2 facts added, 2 removed" in shown, shown
        # Every question got a figure, old or new: none failed or found no store during the swap.
        assert len(answers) >= 3
        for text in answers:
            assert "3,000" in text or "4,500" in text, text
        assert "4,500" in command(bot, fake, WORKERS_QUESTION).body["text"]
        assert not bot.refresher.running
    assert leftovers(store) == []


def test_a_broken_article_keeps_the_current_store_and_names_file_and_line(
    fake: FakeSlackApi, store: Path, seeds: Path
) -> None:
    before = store.read_bytes()
    with running_bot(fake, store, seeds, facts_admins=frozenset({ADMIN})) as bot:
        (seeds / BROKEN_NAME).write_text(BROKEN, encoding="utf-8")
        (seeds / "zorblax.txt").write_text(zorblax("4,500"), encoding="utf-8")
        _, report = replies(fake, refresh(bot, fake), 2)
        text = report.text
        assert "The refresh failed" in text and "still being served" in text
        assert f"{BROKEN_NAME}:{BROKEN_LINE}" in text, text
        assert "author" in text
        assert "3,000" in command(bot, fake, WORKERS_QUESTION).body["text"]
    assert store.read_bytes() == before
    assert leftovers(store) == []


@pytest.mark.parametrize(
    "admins",
    [frozenset(), frozenset({OTHER_ADMIN})],
    ids=["no-admins-configured", "someone-else-is-admin"],
)
def test_a_non_admin_is_refused_politely_and_the_attempt_is_logged(
    fake: FakeSlackApi,
    store: Path,
    seeds: Path,
    admins: frozenset[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    before = store.stat().st_mtime_ns
    caplog.set_level(logging.INFO)
    with running_bot(fake, store, seeds, facts_admins=admins) as bot:
        [reply] = replies(fake, refresh(bot, fake, user=ADMIN), 1)
        assert reply.body["response_type"] == "ephemeral"
        assert "only factbot's admins can refresh" in reply.body["text"]
        assert not bot.refresher.running
    logged = [r.getMessage() for r in caplog.records]
    refused = [m for m in logged if "refused /company refresh" in m]
    assert refused and ADMIN in refused[0]
    assert store.stat().st_mtime_ns == before, "nothing was rebuilt"


def test_a_second_refresh_while_one_runs_is_refused(
    fake: FakeSlackApi, store: Path, seeds: Path
) -> None:
    with running_bot(fake, store, seeds, facts_admins=frozenset({ADMIN, OTHER_ADMIN})) as bot:
        first = refresh(bot, fake, ADMIN)
        replies(fake, first, 1)
        second = refresh(bot, fake, OTHER_ADMIN)
        [busy] = replies(fake, second, 1)
        assert "already running" in busy.body["text"]
        _, report = replies(fake, first, 2)
        assert "Facts refreshed" in report.body["text"]
        assert "0 facts added" in report.text, "same seeds: nothing changed"
        # Once it is done, the next one may run.
        third = refresh(bot, fake, OTHER_ADMIN)
        assert "Facts refreshed" in replies(fake, third, 2)[1].body["text"]
    with Store.open(store) as opened:
        assert opened.info().articles == 2
    assert leftovers(store) == []


def test_a_finished_refresh_is_announced_in_the_configured_channel(
    fake: FakeSlackApi, store: Path, seeds: Path
) -> None:
    with running_bot(
        fake, store, seeds, facts_admins=frozenset({ADMIN}), facts_refresh_channel=ANNOUNCE
    ) as bot:
        (seeds / "zorblax.txt").unlink()
        _, report = replies(fake, refresh(bot, fake), 2)
        assert "Articles removed" in report.text and "Zorblax" in report.text
        fake.wait_for_calls("chat.postMessage", timeout=10)
        [note] = [c for c in fake.calls_to("chat.postMessage") if c.body["channel"] == ANNOUNCE]
        assert f"refreshed by <@{ADMIN}>" in note.text
        assert "*1* article" in note.text


def test_refresher_refuses_concurrent_starts_directly(store: Path, seeds: Path) -> None:
    holder = StoreHolder(Store.open(store))
    refresher = Refresher(holder, store, [seeds])
    done: list[RefreshOutcome] = []
    finished = threading.Event()

    def on_done(outcome: RefreshOutcome) -> None:
        done.append(outcome)
        finished.set()

    try:
        assert refresher.start(on_done)
        assert refresher.running
        assert not refresher.start(on_done), "the second is refused while the first runs"
        assert finished.wait(30)
        assert [o.ok for o in done] == [True]
        assert done[0].info is not None and done[0].info.articles == 2
    finally:
        refresher.shutdown()
        holder.close()


def test_a_replaced_store_stays_open_until_its_last_reader_finishes(store: Path) -> None:
    old, new = Store.open(store), Store.open(store)
    holder = StoreHolder(old)
    with holder.lease() as reading:
        holder.replace(new)
        assert holder.get() is new
        # The request that started on the old store can still read it.
        assert reading.ask(WORKERS_QUESTION).answers
    with pytest.raises(Exception, match="closed"):
        old.ask(WORKERS_QUESTION)
    assert holder.get().ask(WORKERS_QUESTION).answers
    holder.close()


def test_a_loaded_store_is_kept_out_of_the_collectors_sight(store: Path) -> None:
    import gc
    import weakref

    holder = StoreHolder(Store.open(store))
    # The store and what lives with it are frozen: full collections during questions skip them.
    assert gc.get_freeze_count() > 0
    gone = weakref.ref(holder.get())
    holder.replace(Store.open(store))
    # A replaced store is collected, not kept frozen for ever.
    assert gone() is None
    # Nor one that a request was still reading when it was replaced.
    with holder.lease() as reading:
        read = weakref.ref(reading)
        holder.replace(Store.open(store))
        del reading
    assert read() is None
    holder.close()
    gc.unfreeze()
