"""👍 / 👎 under each answer: the buttons, reading a click back, and the admins' counts.

A button's value carries what a vote records (the question and the answer's fact: digest,
figure, source), because Slack does not send an ephemeral message back with its clicks. The
value arrives in a request signed by Slack (bot.gate refuses any other), and is still read
strictly: a malformed value records nothing.
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
# Clipped so that the value always fits: a vote needs the question, not a whole essay.
_LIMITS = {"q": 500, "c": 150, "f": 150, "t": 300, "p": 300, "u": 500}
ADMIN_QUESTIONS = 5


@dataclass(frozen=True)
class Feedback:
    """Where votes go, and who sees the counts on App Home."""

    votes: FeedbackStore
    admins: Collection[str] = ()


def feedback_buttons(question: str, answer: Answer, index: int) -> list[Block]:
    """One actions block with 👍 and 👎 for the `index`-th answer to `question`."""
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
    }
    for key, limit in _LIMITS.items():
        if isinstance(fields[key], str):
            fields[key] = fields[key][:limit]
    value = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    if not question.strip() or len(value) > MAX_BUTTON_VALUE:
        return []
    return [
        ActionsBlock(
            elements=[
                ButtonElement(
                    text=PlainTextObject(text=emoji, emoji=True),
                    action_id=f"{FEEDBACK_ACTION}_{kind}_{index}",
                    value=value,
                    accessibility_label=label,
                )
                for emoji, kind, label in (
                    ("👍", "up", "This answer is right"),
                    ("👎", "down", "This answer is wrong"),
                )
            ]
        )
    ]


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
    line, url = fields.get("l"), fields.get("u")
    if not all(isinstance(v, str) and v.strip() for v in texts.values()):
        return None
    if (
        not isinstance(line, int)
        or isinstance(line, bool)
        or not (url is None or isinstance(url, str))
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
