"""👍 / 👎 under each answer: the buttons, reading a click back, and the admins' counts.

A message can hold several answers (two figures of one sentence, runners-up), each with its
own row of buttons; every button names the figure it rates, so a row is never read as
rating its neighbour. A button's value carries what a vote records (the question and the
answer's fact: digest, figure, what it measures, source), because Slack does not send an
ephemeral message back with its clicks. The value arrives in a request signed by Slack
(bot.gate refuses any other), and is still read strictly: a malformed value records nothing.
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from facts import Answer
from facts.feedback import FeedbackStore, QuestionRating, VotedFact

logger = logging.getLogger(__name__)

FEEDBACK_ACTION = "feedback"  # buttons are `feedback_up_0`, `feedback_down_0`, … per answer
FEEDBACK_PATTERN = re.compile(rf"^{FEEDBACK_ACTION}_(up|down)_\d+$")
MAX_BUTTON_VALUE = 2000  # Slack's limit on a button's value
MAX_BUTTON_TEXT = 75  # Slack's limit on a button's text and on its accessibility label
# The name of the answer a row rates, as shown: room for '👍 ' in the text and for
# 'Wrong answer: ' in the accessibility label.
MAX_VOTE_LABEL = 60
_VOTES = (("👍", "up", "Right answer"), ("👎", "down", "Wrong answer"))
# Clipped so that the value always fits: a vote needs the question, not a whole essay.
_LIMITS = {"q": 500, "c": 150, "f": 150, "t": 300, "p": 300, "u": 500, "m": 150, "w": 150}
# Left out, in this order, when a value would still not fit: the source's path and line
# name the sentence without them.
_OPTIONAL = ("u", "w", "m")
ADMIN_QUESTIONS = 5


@dataclass(frozen=True)
class Feedback:
    """Where votes go, and who sees the counts on App Home."""

    votes: FeedbackStore
    admins: Collection[str] = ()


def feedback_buttons(question: str, answer: Answer, index: int, shown: str) -> list[Block]:
    """One actions block with 👍 and 👎 for the `index`-th answer to `question`, each
    button showing `shown`, the answer's name (its figure), already escaped for Slack and at
    most MAX_VOTE_LABEL long (bot.render makes it)."""
    fact = VotedFact.of(answer)
    fields: dict[str, Any] = {
        "q": question,
        "d": fact.digest,
        "c": fact.company,
        "f": fact.figure,
        "t": fact.source_title,
        "p": fact.source_path,
        "l": fact.source_line,
        "u": fact.source_url,
        "m": fact.metric,
        "w": fact.period,
    }
    for key, limit in _LIMITS.items():
        if isinstance(fields[key], str):
            fields[key] = fields[key][:limit]
    value = _value(fields)
    for key in _OPTIONAL:
        if len(value) <= MAX_BUTTON_VALUE:
            break
        fields[key] = None
        value = _value(fields)
    if not question.strip() or len(value) > MAX_BUTTON_VALUE:
        return []
    shown = shown.strip() or "this answer"
    return [
        ActionsBlock(
            elements=[
                ButtonElement(
                    # The emoji is a character, not a :code:; article text must not become one.
                    text=PlainTextObject(text=f"{emoji} {shown}"[:MAX_BUTTON_TEXT], emoji=False),
                    action_id=f"{FEEDBACK_ACTION}_{kind}_{index}",
                    value=value,
                    accessibility_label=f"{label}: {shown}"[:MAX_BUTTON_TEXT],
                )
                for emoji, kind, label in _VOTES
            ]
        )
    ]


def _value(fields: dict[str, Any]) -> str:
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def read_vote(action: dict[str, Any]) -> tuple[str, VotedFact, bool] | None:
    """(question, fact, up) from a clicked feedback button, or None if it is not one."""
    match = FEEDBACK_PATTERN.match(str(action.get("action_id", "")))
    try:
        fields = json.loads(str(action.get("value", "")))
    except ValueError:
        return None
    if match is None or not isinstance(fields, dict):
        return None
    texts = {key: fields.get(key) for key in ("q", "d", "c", "f", "t", "p")}
    line = fields.get("l")
    # Optional: buttons from before labels were sent have no metric or period.
    url, metric, period = (fields.get(key) for key in ("u", "m", "w"))
    if not all(isinstance(v, str) and v.strip() for v in texts.values()):
        return None
    if (
        not isinstance(line, int)
        or isinstance(line, bool)
        or not all(v is None or isinstance(v, str) for v in (url, metric, period))
    ):
        return None
    if not re.fullmatch(r"[0-9a-f]{16}", str(texts["d"])):
        return None
    fact = VotedFact(
        digest=str(texts["d"]),
        company=str(texts["c"]),
        figure=str(texts["f"]),
        source_title=str(texts["t"]),
        source_path=str(texts["p"]),
        source_line=line,
        source_url=url,
        metric=metric or None,
        period=period or None,
    )
    return str(texts["q"]), fact, match.group(1) == "up"


def open_feedback(path: Path) -> FeedbackStore:
    """The votes file; in memory (lost at restart) if that file cannot be used, since a bot
    that answers without keeping votes is better than one that does not start."""
    try:
        return FeedbackStore(path)
    except (sqlite3.Error, OSError) as error:
        logger.warning(
            "cannot keep votes in %s (%s): keeping them in memory until the bot stops", path, error
        )
        return FeedbackStore(Path(":memory:"))


def admin_home_blocks(votes: FeedbackStore) -> list[Block]:
    """What admins see on App Home: the vote counts and the questions rated worst."""
    up, down = votes.totals()
    blocks: list[Block] = [
        SectionBlock(text=MarkdownTextObject(text=f"*Feedback on answers:* 👍 {up} · 👎 {down}"))
    ]
    worst = votes.worst(ADMIN_QUESTIONS)
    if worst:
        blocks.append(
            SectionBlock(
                text=MarkdownTextObject(
                    text="*Rated worst*\n" + "\n".join(_rating_line(r) for r in worst)
                )
            )
        )
    blocks.append(
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text="Only admins see this. `python -m facts feedback` lists every vote."
                )
            ]
        )
    )
    return blocks


def _rating_line(rating: QuestionRating) -> str:
    # Imported here: bot.render imports this module for the buttons. One escaping rule for all
    # user and article text.
    from bot.render import escaped

    return f"• 👎 {rating.down} · 👍 {rating.up} — {escaped(rating.question, 200)}"
